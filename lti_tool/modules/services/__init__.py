"""What the module pages do, on plain values: settings, drafts, versions, publishing, attachments, the audit trail,
reading. A refusal is ModuleRefused(code, **params); ``labels.refusal`` gives its message."""


class ModuleRefused(ValueError):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params
