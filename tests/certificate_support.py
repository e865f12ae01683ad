"""A course with certificate rules, for the certificates' tests: a feedback form (2 JP) and a practice activity
(no JP) required, the printed fields set by the teacher's page; launch tokens for the teacher (English) and a
learner (Indonesian, sub 4, with a NIP)."""
from feedback_support import make_form
from modules_pages_support import csrf

from lti_tool.activities.completion import announce_completion
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser

FIELDS = {"institution": "BPSDM Provinsi Jawa Tengah", "training_name": "Pelatihan Pengelolaan Keuangan Daerah",
          "started_on": "2026-03-03", "ended_on": "2026-03-07", "place": "Semarang", "jp": "",
          "result": "Memuaskan", "signatory_name": "Dr. Budi Santoso, M.Si.", "signatory_title": "Kepala BPSDM"}
NIP = "198703152010121004"


def staff_page(client, token):
    response = client.get(f"/certificates/?launch={token}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def save_rules(client, token, required, **fields):
    data = {"csrf_token": csrf(staff_page(client, token)), **FIELDS, **fields,
            "required": [str(a.id) for a in required]}
    return client.post(f"/certificates/rules?launch={token}", data=data)


def make_course(app, browser, platform, client, rules=True):
    made = make_form(app, browser, platform, feedback_jp="2")
    form = made["activity"]
    practice = create_activity(form.course_id, None, "practice", "Studi kasus")
    learner = LtiUser.query.filter_by(sub="4").one()
    learner.nip = NIP
    db.session.commit()
    if rules:
        assert save_rules(client, made["teacher"], [form, practice]).status_code == 302
    return dict(made, form=form, practice=practice, learner_user=learner)


def complete_all(made, user=None):
    user = user or made["learner_user"]
    announce_completion(made["form"], user)
    announce_completion(made["practice"], user)
