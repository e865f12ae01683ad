"""The tool's request class: text from the browser arrives without NUL characters.

No person types a NUL, PostgreSQL refuses to store one in a text column (a 500 instead of the page), and no page
has anything to show for it; so form fields and query parameters lose theirs, names and values alike, before any
view, form or check reads them, and so do the names of uploaded files; the files' contents (an XLSX is full of NUL
bytes) are left as they are.
"""
from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property


def _without_nul(values):
    if not any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
        return values
    return ImmutableMultiDict([(key.replace("\x00", ""), value.replace("\x00", ""))
                               for key, value in values.items(multi=True)])


class Request(FlaskRequest):
    def _load_form_data(self):
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])
        for _name, upload in self.__dict__["files"].items(multi=True):
            if upload.filename and "\x00" in upload.filename:
                upload.filename = upload.filename.replace("\x00", "")

    @cached_property
    def args(self):
        return _without_nul(super().args)


def init_app(app):
    app.request_class = Request
