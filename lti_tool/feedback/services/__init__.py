"""What the feedback pages do, on plain values: the form and its settings, the builder's operations, responses.
A refusal is FeedbackRefused(code, **params); ``labels.refusal`` gives its message."""


class FeedbackRefused(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params
