"""Own templates and copies of a feedback form: saved per platform and versioned by name (items with keys, options,
config, conditions on the new items), offered by the create form and built from there; a form copied to another
course of the same platform where the user is an instructor, after a confirmation, never with answers; another
platform's course, a course where the user never worked and learners are refused."""
import re

import pytest
from carry_support import other_platform_course, same_platform_course
from feedback_support import csrf, item_ids, make_form, send

from lti_tool.activities.models import Activity
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAnswer, FeedbackAuditEvent, FeedbackForm, FeedbackItem, FeedbackResponse
from lti_tool.feedback.own_models import FeedbackOwnTemplate
from lti_tool.lti.models import Course, LtiUser


@pytest.fixture
def materi(app, browser, platform):
    made = make_form(app, browser, platform, title="Evaluasi Materi Latsar", feedback_template="materi",
                     feedback_anonymous="0")
    made["teacher_user"] = LtiUser.query.filter(LtiUser.sub != "4").one()
    made["issuer"] = Course.query.first().issuer
    return made


def _post(client, token, path, page_path="/feedback/copy", **data):
    page = client.get(f"{page_path}?launch={token}").get_data(as_text=True)
    return client.post(f"{path}?launch={token}", data={"csrf_token": csrf(page), **data})


def _add_builder_item(form_id):
    """An item the instructor added (no key) whose condition looks at a template item."""
    source = FeedbackItem.query.filter_by(form_id=form_id, key="difficulty").one()
    db.session.add(FeedbackItem(form_id=form_id, key=None, position=8, page=2, type="single", required=True,
                                text_id="Perlu diulang?", text_en="Repeat it?",
                                options=[{"value": "o1", "id": "Ya", "en": "Yes"}, {"value": "o2", "id": "Tidak",
                                                                                     "en": "No"}],
                                config={}, condition={"item": source.id, "values": ["easy", "hard"]}))
    db.session.commit()


def test_save_as_template_then_a_new_version_and_a_form_built_from_it(materi, client):
    teacher, form_id = materi["teacher"], materi["activity"].id
    _add_builder_item(form_id)
    saved = _post(client, teacher, "/feedback/template", name="Evaluasi Materi BPSDM", description="Versi pusat")
    assert saved.status_code == 302
    template = FeedbackOwnTemplate.query.one()
    assert (template.issuer, template.version, template.name) == (materi["issuer"], 1, "Evaluasi Materi BPSDM")
    keys = [i["key"] for i in template.items]
    assert keys[:7] == ["goals", "clarity", "current", "balance", "difficulty", "hard_parts", "add"]
    assert keys[7] == "q8"  # the builder's item got a key; the form's item keeps it for later comparisons
    assert FeedbackItem.query.filter_by(form_id=form_id, text_id="Perlu diulang?").one().key == "q8"
    assert template.items[7]["condition"] == {"key": "difficulty", "values": ["easy", "hard"]}
    assert template.items[5]["condition"] == {"key": "difficulty", "values": ["hard"]}
    assert template.items[4]["options"][2] == {"value": "hard", "id": "terlalu sulit", "en": "too difficult"}
    assert FeedbackAuditEvent.query.filter_by(form_id=form_id, action="saved_as_template").count() == 1

    # The same name, any case and spacing: version 2 under the same key; the create form lists the newest.
    FeedbackItem.query.filter_by(form_id=form_id, key="add").one().hidden = True
    db.session.commit()
    _post(client, teacher, "/feedback/template", name="  evaluasi   materi bpsdm ")
    versions = FeedbackOwnTemplate.query.order_by(FeedbackOwnTemplate.version).all()
    assert [(t.key, t.version) for t in versions] == [(template.key, 1), (template.key, 2)]
    assert "add" not in [i["key"] for i in versions[1].items]

    activity = create_activity(Course.query.first().id, None, "feedback", "Evaluasi Materi angkatan II",
                               form={"feedback_form": "1", "feedback_template": template.key})
    built = db.session.get(FeedbackForm, activity.id)
    assert (built.template_key, built.template_version) == (template.key, 2)
    rows = {i.key: i for i in FeedbackItem.query.filter_by(form_id=activity.id)}
    assert set(rows) == {"goals", "clarity", "current", "balance", "difficulty", "hard_parts", "q8"}
    assert rows["q8"].condition == {"item": rows["difficulty"].id, "values": ["easy", "hard"]}
    assert rows["hard_parts"].condition == {"item": rows["difficulty"].id, "values": ["hard"]}
    assert rows["q8"].options[0] == {"value": "o1", "id": "Ya", "en": "Yes"} and rows["q8"].page == 2


def test_the_create_form_lists_only_this_platforms_templates(materi, client, browser):
    db.session.add(FeedbackOwnTemplate(issuer="https://moodle.lain.example", key="own-lain", version=1,
                                       name="Templat Moodle lain", name_folded="templat moodle lain", items=[],
                                       persons=[]))
    db.session.commit()
    _post(client, materi["teacher"], "/feedback/template", name="Evaluasi Materi BPSDM")
    key = FeedbackOwnTemplate.query.filter_by(issuer=materi["issuer"]).one().key
    dialog = browser.open(browser.launch("deep_linking")).get_data(as_text=True)
    assert 'data-testid="feedback-own-templates"' in dialog
    assert f'<option value="{key}">Evaluasi Materi BPSDM (version 1)</option>' in dialog
    assert "Templat Moodle lain" not in dialog
    with pytest.raises(Exception):  # noqa: B017 - another platform's key is unknown here
        create_activity(Course.query.first().id, None, "feedback", "X",
                        form={"feedback_form": "1", "feedback_template": "own-lain"})


def test_an_empty_name_or_form_is_refused(materi, client):
    refused = _post(client, materi["teacher"], "/feedback/template", name="  ")
    assert refused.status_code == 400 and "Give the template a name." in refused.get_data(as_text=True)
    assert FeedbackOwnTemplate.query.count() == 0


def _copy_page(client, token):
    return client.get(f"/feedback/copy?launch={token}").get_data(as_text=True)


def test_copy_to_a_course_of_the_same_platform_after_a_confirmation(materi, client, browser):
    teacher, form_id = materi["teacher"], materi["activity"].id
    form = db.session.get(FeedbackForm, form_id)
    form.persons = [{"id": 1, "name": "Dr. Sari", "hidden": False}, {"id": 2, "name": "Pak Budi", "hidden": True}]
    _add_builder_item(form_id)
    learner = materi["learner"]
    ids = item_ids(form_id)
    send(client, learner, {f"q{ids['goals']}": "3", f"q{ids['clarity']}": "4", f"q{ids['current']}": "3",
                           f"q{ids['balance']}": "2", f"q{ids['difficulty']}": "right"})
    assert FeedbackAnswer.query.count() > 0
    neighbour = same_platform_course(materi["issuer"], title="Latsar CPNS angkatan II")
    stranger = same_platform_course(materi["issuer"], title="Kursus orang lain", context_id="43")
    foreign = other_platform_course()
    user = materi["teacher_user"]
    for course in (neighbour, foreign):
        create_activity(course.id, user.id, "modules", "Modul")
    empty = create_activity(neighbour.id, user.id, "feedback", "Evaluasi kosong")
    answered = create_activity(neighbour.id, user.id, "feedback", "Evaluasi terisi")
    db.session.add(FeedbackResponse(id="a" * 32, form_id=answered.id, day=form.created_at.date()))
    create_activity(stranger.id, None, "feedback", "Evaluasi orang lain")
    db.session.commit()

    page = _copy_page(client, teacher)
    targets = re.findall(r'<option value="(\d+):(\w+)"', page)
    assert targets == [(str(neighbour.id), "new"), (str(neighbour.id), str(empty.id))]
    assert "Kursus di Moodle lain" not in page and "Kursus orang lain" not in page

    confirm = client.get(f"/feedback/copy/confirm?launch={teacher}&to={neighbour.id}:{empty.id}")
    body = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and 'data-testid="copy-loss"' in body
    for forged in (f"{stranger.id}:new", f"{foreign.id}:new", f"{neighbour.id}:{answered.id}", "x:new", ""):
        assert client.get(f"/feedback/copy/confirm?launch={teacher}&to={forged}").status_code == 404
        assert client.post(f"/feedback/copy?launch={teacher}",
                           data={"csrf_token": csrf(body), "to": forged}).status_code == 404

    answers_before = FeedbackAnswer.query.count()
    done = client.post(f"/feedback/copy?launch={teacher}", data={"csrf_token": csrf(body),
                                                                   "to": f"{neighbour.id}:{empty.id}"})
    assert done.status_code == 302
    copied = {i.key or i.text_id: i for i in FeedbackItem.query.filter_by(form_id=empty.id)}
    source = {i.key or i.text_id: i for i in FeedbackItem.query.filter_by(form_id=form_id)}
    assert set(copied) == set(source)
    assert copied["Perlu diulang?"].condition == {"item": copied["difficulty"].id, "values": ["easy", "hard"]}
    target_form = db.session.get(FeedbackForm, empty.id)
    assert target_form.template_key == "materi" and target_form.persons == [{"id": 1, "name": "Dr. Sari",
                                                                              "hidden": False}]
    assert FeedbackAnswer.query.count() == answers_before  # no answer copied
    assert FeedbackResponse.query.filter_by(form_id=empty.id).count() == 0
    assert FeedbackAuditEvent.query.filter_by(form_id=empty.id, action="copied_from").count() == 1

    # A new activity in that course; the title is required.
    new = client.post(f"/feedback/copy?launch={teacher}", data={"csrf_token": csrf(body), "to": f"{neighbour.id}:new",
                                                                  "title": "Evaluasi Materi angkatan II"})
    assert new.status_code == 302
    made = Activity.query.filter_by(course_id=neighbour.id, title="Evaluasi Materi angkatan II").one()
    assert made.kind == "feedback" and FeedbackItem.query.filter_by(form_id=made.id).count() == len(source)
    assert db.session.get(FeedbackForm, made.id).open_at is None
    untitled = client.post(f"/feedback/copy?launch={teacher}", data={"csrf_token": csrf(body),
                                                                       "to": f"{neighbour.id}:new", "title": " "})
    assert untitled.status_code == 400


def test_learners_are_refused(materi, client):
    learner = materi["learner"]
    assert client.get(f"/feedback/copy?launch={learner}").status_code == 403
    page = client.get(f"/feedback/?launch={learner}").get_data(as_text=True)
    assert client.post(f"/feedback/template?launch={learner}", data={"csrf_token": csrf(page), "name": "X"}
                       ).status_code == 403
    assert FeedbackOwnTemplate.query.count() == 0

