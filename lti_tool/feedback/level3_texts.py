"""What a supervisor reads on a level-3 form: the items of the form itself (the same rows, so both sides answer
the same items and the gap is per item), with the supervisor version's text for an item whose template key it has
(``form_templates.PASCA_ATASAN``) — in both languages, from the catalogue. Items the instructor added, or a form not
built from a level-3 template, read the same for everyone."""
from .form_templates import LEVEL3_PAIRS
from .services.forms import both_languages


class _Worded:
    """A row read as is, but for its texts."""

    def __init__(self, row, text_id, text_en):
        self._row, self.text_id, self.text_en = row, text_id, text_en

    def __getattr__(self, name):
        return getattr(self._row, name)


def rows_for(form, role, rows):
    template = LEVEL3_PAIRS.get(form.template_key)
    if role != "supervisor" or template is None:
        return rows
    texts = {spec.key: spec.text for spec in template.items}
    return [_Worded(row, *both_languages(texts[row.key])) if row.key in texts else row for row in rows]
