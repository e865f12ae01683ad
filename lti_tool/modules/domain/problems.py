"""What the domain reports or refuses: a message code and its params, never a text (the UI translates codes)."""
from typing import NamedTuple


class Problem(NamedTuple):
    """An unmet condition or a refused value: ``("too_few_reviews", {"group": "pemda", "have": 0, "need": 1})``."""

    code: str
    params: dict


class ModuleError(ValueError):
    """A value or a move the domain refuses; ``problems`` lists every reason (the first one is ``code``)."""

    def __init__(self, code, params=None, *, problems=None):
        self.problems = tuple(problems) if problems else (Problem(code, dict(params or {})),)
        super().__init__(self.problems[0].code)
        self.code, self.params = self.problems[0]

    @classmethod
    def of(cls, problems):
        return cls(problems[0].code, problems[0].params, problems=problems)
