"""A training module set up as an instructor would, through the pages, for the module page tests."""
import re

from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.lti.models import Course

INDONESIAN = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "id"}}
ENGLISH = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "en"}}

MODULE_V1 = """Modul ini untuk aparatur desa.

# Pendahuluan

Perencanaan **partisipatif** melibatkan warga desa.

## Tujuan

- Peserta memahami musyawarah desa
- Peserta menyusun rencana kerja

# Materi Pokok

| Tahap | Waktu |
|:------|------:|
| Musdes | 2 JP |
"""

MODULE_V2 = """Modul ini untuk aparatur desa dan kader.

# Pendahuluan

Perencanaan **partisipatif** melibatkan seluruh warga desa.

# Materi Pokok

| Tahap | Waktu |
|:------|------:|
| Musdes | 2 JP |

# Evaluasi

Peserta menjawab lima soal.
"""


def csrf(body):
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


def token_of(response):
    return response.headers["Location"].split("launch=", 1)[1]


def make_module(app, browser, platform, title="Perencanaan partisipatif", **form):
    """A module activity (default settings, or ``form``'s ``modules_*`` fields) and launch tokens for both roles."""
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = False
    platform.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    browser.open(browser.launch("instructor"))
    activity = create_activity(Course.query.one().id, None, "modules", title, form=form or None)
    teacher = token_of(browser.launch_with("instructor", **custom_activity(activity), **ENGLISH))
    learner = token_of(browser.launch_with("student", **custom_activity(activity), **INDONESIAN))
    return {"activity": activity, "teacher": teacher, "learner": learner}


def revision_of(body):
    return int(re.search(r'name="revision" value="(\d+)"', body).group(1))


def save_draft(client, token, text, action="save"):
    page = client.get(f"/modules/editor?launch={token}").get_data(as_text=True)
    return client.post(f"/modules/editor?launch={token}", data={
        "csrf_token": csrf(page), "revision": revision_of(page), "markdown": text, "action": action})


def freeze(client, token):
    page = client.get(f"/modules/freeze?launch={token}").get_data(as_text=True)
    return client.post(f"/modules/freeze?launch={token}", data={
        "csrf_token": csrf(page), "revision": revision_of(page)})


def publish(client, token, number, reason="Disetujui rapat tim kurikulum 3 Desember"):
    page = client.get(f"/modules/versions/{number}?launch={token}").get_data(as_text=True)
    return client.post(f"/modules/publish?launch={token}", data={
        "csrf_token": csrf(page), "number": str(number), "reason": reason})
