"""A budgeting exercise set up as an instructor would (both lists imported, a ceiling), for the budgeting tests."""
import io
import re

from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.lti.models import Course

ACCOUNTS = "kode;nama\n5.1.02.01.01.0052;Belanja Makanan dan Minuman Rapat\n5.1.02.02.01.0003;Honorarium Narasumber\n"
PRICES = ("kode;nama;spesifikasi;satuan;harga;mode;toleransi;rekening;pajak\n"
          "SSH-01;Makan siang;Nasi kotak;OK;50.000;perkiraan;10;5.1.02.01.01.0052;pbjt\n"
          "SBU-01;Honor narasumber;Eselon III;OJ;1.000.000;batas;0;5.1.02.02.01.0003;bukan objek ppn\n")


def csrf(body):
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


def make_exercise(app, browser, platform, client):
    """A budgeting activity with both lists imported and a ceiling of Rp 5.000.000; tokens for both roles."""
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = False
    platform.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    browser.open(browser.launch("instructor"))
    activity = create_activity(Course.query.one().id, None, "budgeting", "Anggaran lokakarya")
    teacher = browser.launch_with("instructor", **custom_activity(activity)).headers["Location"].split("launch=")[1]
    indonesian = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "id"}}
    learner = browser.launch_with("student", **custom_activity(activity), **indonesian)
    learner = learner.headers["Location"].split("launch=")[1]
    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    for kind, text in (("accounts", ACCOUNTS), ("prices", PRICES)):
        resp = client.post(f"/budgeting/import/{kind}?launch={teacher}", data={
            "csrf_token": csrf(page), "file": (io.BytesIO(text.encode()), f"{kind}.csv")},
            content_type="multipart/form-data", follow_redirects=True)
        assert "rows imported" in resp.get_data(as_text=True), resp.get_data(as_text=True)[:3000]
    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    resp = client.post(f"/budgeting/manage?launch={teacher}", data={
        "csrf_token": csrf(page), "scenario_md": "Lokakarya **dua hari** untuk 30 pegawai <script>x()</script>",
        # The teacher's pages are in English, so the ceiling is typed the English way.
        "ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line", "max_attempts": "1",
        "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"]})
    assert resp.status_code == 302
    return {"activity": activity, "teacher": teacher, "learner": learner}


def work_page(client, token):
    return client.get(f"/budgeting/?launch={token}").get_data(as_text=True)


def save(client, token, lines, action="save", header=None):
    body = work_page(client, token)
    data = {"csrf_token": csrf(body), "revision": re.search(r'name="revision" value="(\d+)"', body).group(1),
            "action": action}
    for name in ("urusan", "program", "kegiatan", "sub_kegiatan", "organisasi", "sumber_dana", "lokasi",
                 "waktu_pelaksanaan", "kelompok_sasaran"):
        data[f"header-{name}"] = (header or {}).get(name, "Isi " + name)
    for name, value in (header or {}).items():  # the rest of SIPD's header (bidang urusan, allocations, head)
        data.setdefault(f"header-{name}", value)
    for kind in ("capaian", "masukan", "keluaran", "hasil"):
        data[f"ind-{kind}-measure"], data[f"ind-{kind}-target"] = "Ukuran", "100%"
    for n, line in enumerate(lines, start=1):
        for key, value in line.items():
            data[f"lines-{n}-{key}"] = value
    return client.post(f"/budgeting/save?launch={token}", data=data, follow_redirects=True)


GOOD_LINES = [
    {"account": "5.1.02.01.01.0052", "reference_code": "SSH-01", "component": "Makan siang", "specification": "Nasi",
     "koefisien": "30 orang × 2 hari", "abbreviation": "OK", "unit_price": "50.000"},
    {"account": "5.1.02.02.01.0003", "reference_code": "SBU-01", "component": "Honor narasumber",
     "specification": "Eselon III", "koefisien": "2 orang × 3 jam", "abbreviation": "OJ", "unit_price": "1.000.000"},
]


def catalogue_context():
    """An application context for unit tests that render budgeting messages: the gettext catalogue (and the reader's
    language) belong to an application. Use as a module fixture: ``pytest.fixture(scope="module", autouse=True)``."""
    from lti_tool import create_app

    app = create_app({"LATIH_ENV": "testing", "SECRET_KEY": "x" * 32, "DATABASE_URL": "sqlite://"})
    with app.app_context():
        yield app
