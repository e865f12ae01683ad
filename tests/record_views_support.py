"""Learners and ledger rows made directly, and a signed-in admin, for the tests of the record's staff, admin and
file views."""
import re
from datetime import date
from decimal import Decimal

from lti_tool.admin.services import upsert_admin
from lti_tool.clock import to_local, utcnow
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser
from lti_tool.record.models import CREDIT, LearningCredit

ISSUER = "https://moodle.bkpsdm.example.go.id"
PASSWORD = "correct horse battery"


def this_year():
    return to_local(utcnow()).year


def learner(sub, name, nip="", unit="", issuer=ISSUER):
    user = LtiUser(issuer=issuer, sub=sub, name=name, nip=nip, unit=unit)
    db.session.add(user)
    db.session.commit()
    return user


def entry(user, jp, activity="Pelatihan Kepemimpinan", category="pelatihan klasikal", year=None, course="Latsar",
          organiser="BPSDM Provinsi", started=None, ended=None):
    year = year or this_year()
    row = LearningCredit(issuer=user.issuer, user_id=user.id, activity_id=None, course_title=course,
                         activity_title=activity, category=category, jp=Decimal(str(jp)), minutes_per_jp=45,
                         entry=CREDIT, cycle=0, year=year, organiser=organiser,
                         started_on=started or date(year, 3, 2), ended_on=ended or date(year, 3, 4))
    db.session.add(row)
    db.session.commit()
    return row


def csrf_of(html):
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def sign_in(client):
    upsert_admin("ana", PASSWORD)
    page = client.get("/admin/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    response = client.post("/admin/login", data={"username": "ana", "password": PASSWORD, "csrf_token": csrf_of(page)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client
