"""The admin's export names the certificate a learner holds for the course of each entry (issue 15: "export … with
certificate number"); a revoked certificate is not listed, the reissued one is."""
import csv
import io

from certificate_support import complete_all, make_course
from record_views_support import sign_in

from lti_tool.certificates.models import Certificate
from lti_tool.extensions import db


def _rows(client):
    response = client.get("/admin/record/export.csv", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def test_the_export_lists_the_certificate_number_of_the_entrys_course(app, browser, platform, client):
    made = make_course(app, browser, platform, client)
    complete_all(made)
    cert = Certificate.query.one()
    assert cert.revoked_at is None
    sign_in(client)
    rows = [r for r in _rows(client) if r[4] == "Evaluasi Penyelenggaraan Latsar"]
    assert len(rows) == 1 and rows[0][8] == "2" and rows[0][10] == cert.number
    from lti_tool.certificates import services

    services.revoke(cert, "Salah data")
    db.session.commit()
    rows = [r for r in _rows(client) if r[4] == "Evaluasi Penyelenggaraan Latsar"]
    assert rows[0][10] == ""
