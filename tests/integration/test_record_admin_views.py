"""The admin's view of the learning record: sign-in required; filters by year, unit, category and "below the target
only"; pages; a summary per unit; the filtered list as CSV (BOM, ``;``, formula-safe) and XLSX (JP as numbers),
read back; the import of units from a CSV with a preview, a confirmation and a message per bad line; CSRF."""
import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from openpyxl import load_workbook
from record_views_support import csrf_of, entry, learner, sign_in, this_year

from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser
from lti_tool.record import summaries

EN = {"Accept-Language": "en"}


@pytest.fixture
def people(app):
    ani = learner("11", "Ani Wulandari", nip="198703122010011004", unit="BPKAD")
    budi = learner("12", "Budi Santoso", nip="199001012015031002", unit="BPKAD")
    citra = learner("13", "Citra Dewi", unit="Dinas Kominfo")  # no NIP
    dedi = learner("14", "=HYPERLINK(\"http://x\")", nip="197912302005011001", unit="Dinas Kominfo")
    entry(ani, 12, activity="Latsar CPNS", started=date(this_year(), 2, 1), ended=date(this_year(), 2, 20))
    entry(ani, 10, activity="Webinar SIPD", category="seminar/workshop", organiser="Kemendagri")
    entry(budi, 4.5, activity="E-learning Anggaran", category="e-learning")
    entry(citra, 30, activity="Tahun lalu", year=this_year() - 1)
    return {"ani": ani, "budi": budi, "citra": citra, "dedi": dedi}


def _page(client, query=""):
    response = client.get(f"/admin/record/{query}", headers=EN)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def _names(body):
    return re.findall(r'<tr data-testid="admin-learner"><td>([^<]*)</td>', body)


def test_the_admin_area_needs_a_sign_in(app, client, people):
    for path in ("/admin/record/", "/admin/record/export.csv", "/admin/record/export.xlsx", "/admin/record/units"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.location, path


def test_learners_with_their_year_and_the_summary_per_unit(app, client, people):
    body = _page(sign_in(client))
    assert _names(body) == ['=HYPERLINK("http://x")', "Ani Wulandari", "Budi Santoso", "Citra Dewi"]
    ani = re.search(r"Ani Wulandari</td>.*?</tr>", body, re.S).group(0)
    assert 'data-testid="admin-jp">22<' in ani and "below-target" not in ani
    citra = re.search(r"Citra Dewi</td>.*?</tr>", body, re.S).group(0)
    assert 'data-testid="admin-jp">0<' in citra and "below-target" in citra and "nip-missing" in citra
    units = re.findall(r'<tr data-testid="unit-row"><td>([^<]*)</td><td class="text-end">(\d+)</td>'
                       r'<td class="text-end">([\d.]+)</td><td class="text-end">(\d+)</td>', body)
    assert units == [("BPKAD", "2", "26.5", "1"), ("Dinas Kominfo", "2", "0", "2")]


def test_the_filters(app, client, people):
    sign_in(client)
    assert _names(_page(client, "?unit=BPKAD")) == ["Ani Wulandari", "Budi Santoso"]
    assert _names(_page(client, "?below=1")) == ['=HYPERLINK("http://x")', "Budi Santoso", "Citra Dewi"]
    assert _names(_page(client, "?unit=BPKAD&below=1")) == ["Budi Santoso"]
    last = _page(client, f"?year={this_year() - 1}&below=1")
    assert "Citra Dewi" not in _names(last) and "Ani Wulandari" in _names(last)
    seminar = _page(client, "?category=seminar/workshop&unit=BPKAD")
    assert re.search(r"Ani Wulandari</td>.*?admin-jp\">10<", seminar, re.S)  # the category's JP only
    assert re.search(r"Budi Santoso</td>.*?admin-jp\">0<", seminar, re.S)
    people["citra"].unit = ""
    db.session.commit()
    assert _names(_page(client, "?unit=-")) == ["Citra Dewi"]
    assert _names(_page(client, "?category=nonsense&unit=-")) == ["Citra Dewi"]  # an unknown category: none


def test_pages(app, client, people, monkeypatch):
    monkeypatch.setattr(summaries, "PAGE_SIZE", 3)
    sign_in(client)
    first = _page(client)
    assert len(_names(first)) == 3 and 'data-testid="next-page"' in first and "4 learners" in first
    assert _names(_page(client, "?page=2")) == ["Citra Dewi"]
    assert _names(_page(client, "?page=99")) == []


def _csv(client, query=""):
    response = client.get(f"/admin/record/export.csv{query}", headers=EN)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf") and b"\r\n" in response.data
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export(app, client, people, monkeypatch):
    from lti_tool.record import exports

    monkeypatch.setattr(exports, "certificate_numbers", lambda rows: {r.id: f"{r.id:04d}/PLT" for r in rows})
    eko = learner("15", 'Eko "Ekok"; S.Kom', nip="198001012006041001", unit="BPKAD")
    entry(eko, 2, activity="Rapat;\r\nkoordinasi", organiser="+62 Dinas")
    rows = _csv(sign_in(client))
    assert ["198001012006041001", 'Eko "Ekok"; S.Kom', "BPKAD", "Latsar", "Rapat;\r\nkoordinasi", "'+62 Dinas"] \
        == next(r for r in rows if r[1].startswith("Eko"))[:6]  # quoted as the csv module reads it back
    assert rows[0] == ["NIP", "Name", "Unit of work", "Course", "Activity", "Organiser", "Started", "Ended", "JP",
                       "Category", "Certificate number"]
    by_activity = {r[4]: r for r in rows[1:]}
    latsar = by_activity["Latsar CPNS"]
    assert latsar[:3] == ["198703122010011004", "Ani Wulandari", "BPKAD"] and latsar[8] == "12"
    assert latsar[6:8] == [f"1 Feb {this_year()}", f"20 Feb {this_year()}"] and latsar[10].endswith("/PLT")
    assert by_activity["E-learning Anggaran"][8] == "4.5" and by_activity["Webinar SIPD"][5] == "Kemendagri"
    assert ["", "Citra Dewi", "Dinas Kominfo", "", "", "", "", "", "0", "", ""] in rows  # no entry this year
    assert any(r[1] == "'=HYPERLINK(\"http://x\")" for r in rows)  # never a formula
    assert [r[1] for r in _csv(client, "?unit=BPKAD&below=1")[1:]] == ["Budi Santoso", 'Eko "Ekok"; S.Kom']
    assert [r[4] for r in _csv(client, "?category=seminar/workshop")[1:] if r[4]] == ["Webinar SIPD"]
    people["budi"].unit = "Dinas Pendidikan – Bidang SMP 東"
    db.session.commit()
    response = client.get("/admin/record/export.csv?unit=Dinas+Pendidikan+–+Bidang+SMP+東")
    assert response.status_code == 200 and "Budi Santoso" in response.data.decode("utf-8-sig")
    assert response.headers["Content-Disposition"].isascii()


def test_the_csv_in_indonesian_has_decimal_commas(app, client, people):
    sign_in(client)
    response = client.get("/admin/record/export.csv?unit=BPKAD", headers={"Accept-Language": "id"})
    assert "4,5" in response.data.decode("utf-8-sig") and "Unit kerja" in response.data.decode("utf-8-sig")


def test_the_xlsx_export(app, client, people):
    response = sign_in(client).get("/admin/record/export.xlsx?unit=BPKAD", headers=EN)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "NIP" and len(rows) == 4
    latsar = next(r for r in rows if r[4] == "Latsar CPNS")
    assert latsar[8] == 12 and isinstance(latsar[8], int | float | Decimal)
    assert latsar[6].date() == date(this_year(), 2, 1)
    assert next(r for r in rows if r[4] == "E-learning Anggaran")[8] == 4.5


def _upload(client, data, name="units.csv"):
    page = client.get("/admin/record/units", headers=EN).get_data(as_text=True)
    response = client.post("/admin/record/units", headers=EN, content_type="multipart/form-data",
                           data={"csrf_token": csrf_of(page), "file": (io.BytesIO(data), name)})
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_units_from_a_csv_after_a_preview(app, client, people):
    sign_in(client)
    data = ("NIP;Unit kerja\r\n198703122010011004;Dinas Pendidikan\r\n199001012015031002 ; BPKAD\r\n"
            "196501011990031001;Inspektorat\r\n").encode("utf-8-sig")
    body = _upload(client, data)
    assert 'data-testid="units-preview"' in body and 'data-testid="units-error"' not in body
    assert "1 of 3 lines change" in body
    assert LtiUser.query.filter_by(nip="198703122010011004").one().unit == "BPKAD"  # nothing saved yet
    token = re.search(r'name="preview" type="hidden" value="([^"]+)"', body).group(1)
    response = client.post("/admin/record/units/confirm", headers=EN,
                           data={"csrf_token": csrf_of(body), "preview": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert LtiUser.query.filter_by(nip="198703122010011004").one().unit == "Dinas Pendidikan"
    assert "Units of work saved: 1 learners changed." in _page(client)
    again = client.post("/admin/record/units/confirm", headers=EN, data={"csrf_token": csrf_of(body), "preview": token})
    assert again.status_code == 302 and "expired" in _page(client, "units")  # used once only


def test_a_windows_1252_file_with_commas(app, client, people):
    sign_in(client)
    body = _upload(client, "198703122010011004,Dinas Pekerjaan Umum dan Penataan Ruang – Bidang Jalan\r\n"
                   .replace("–", "-").replace("Ruang", "Ruang Müller").encode("cp1252"))
    assert "Dinas Pekerjaan Umum dan Penataan Ruang Müller - Bidang Jalan" in body


def test_a_message_per_bad_line(app, client, people):
    sign_in(client)
    data = (b"198703122010011004;BPKAD\n;Inspektorat\n199001012015031002;\n12-34;Dinas\nonly one\n"
            b"198703122010011004;Lagi\n199001012015031002;A;B\n")
    body = _upload(client, data)
    errors = re.findall(r'data-testid="units-error">([^<]*)<', body)
    assert errors == ["Line 2: The NIP is missing.", "Line 3: The unit of work is missing.",
                      "Line 4: “12-34” is not a NIP (digits, at most 50 characters).",
                      "Line 5: Expected two columns, NIP and unit of work, separated by ; or ,.",
                      "Line 6: The NIP 198703122010011004 is on line 1 already.",
                      "Line 7: Expected two columns, NIP and unit of work, separated by ; or ,."]
    assert 'data-testid="units-preview"' in body  # the good line can still be saved
    assert 'data-testid="units-problem"' in _upload(client, b"\x00\x01PK\x03\x04binary")


def test_posts_need_the_csrf_token(app, client, people):
    sign_in(client)
    response = client.post("/admin/record/units", headers=EN, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"198703122010011004;X\n"), "u.csv")})
    assert response.status_code == 400
    assert client.post("/admin/record/units/confirm", data={"preview": "x"}).status_code == 400
    assert LtiUser.query.filter_by(nip="198703122010011004").one().unit == "BPKAD"
