"""A training module from Moodle's "Select content" dialog to a learner's grade: create, write, freeze version 1,
edit, freeze version 2, compare, publish, read, completion and full marks in the fake Moodle's gradebook."""
import re

from modules_pages_support import (
    ENGLISH,
    INDONESIAN,
    MODULE_V1,
    MODULE_V2,
    csrf,
    freeze,
    publish,
    save_draft,
    token_of,
)
from support import custom_activity

from lti_tool.activities.completion import Completion, activity_completed
from lti_tool.activities.models import Activity
from lti_tool.extensions import db
from lti_tool.grades import delivery
from lti_tool.modules.models import Module, ModuleAuditEvent, ModuleVersion


def _picker(browser):
    resp = browser.launch("deep_linking")
    return browser.open(resp).get_data(as_text=True), token_of(resp)


def test_create_write_version_publish_read_and_grade(app, browser, client, platform):
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = False
    platform.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    body, token = _picker(browser)
    assert 'data-testid="create-fields-modules"' in body and 'name="modules_jp"' in body
    created = client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "modules", "title": "Perencanaan partisipatif", "modules_form": "1",
        "modules_groups": ["pemda", "masyarakat", "perguruan_tinggi"], "modules_template": "standard",
        "modules_jp": "4", "modules_graded": "1"}, follow_redirects=True)
    activity = Activity.query.one()
    assert activity.kind == "modules" and activity.graded
    module = db.session.get(Module, activity.id)
    assert module.settings["jp"] == 4 and [g["id"] for g in module.settings["groups"]] == [
        "pemda", "masyarakat", "perguruan_tinggi"]
    assert len(module.settings["criteria"]) == 5 and module.published_version_id is None

    # Set up from the dialog, then add it to the course: a graded ltiResourceLink.
    page = created.get_data(as_text=True)
    home = client.post(f"/activities/setup?launch={token}", data={"csrf_token": csrf(page), "setup": activity.id},
                       follow_redirects=True).get_data(as_text=True)
    assert 'data-testid="module-status"' in home and 'data-testid="back-to-select"' in home
    assert save_draft(client, token, MODULE_V1).status_code == 302
    back = client.get(f"/activities/select?launch={token}&chosen={activity.id}").get_data(as_text=True)
    answer = client.post(f"/activities/deep-link?launch={token}",
                         data={"csrf_token": csrf(back), "activity": [str(activity.id)]})
    assert 'data-testid="deep-link-return"' in answer.get_data(as_text=True)

    # The link Moodle made: the teacher's pages.
    teacher = token_of(browser.launch_with("instructor", **custom_activity(activity), **ENGLISH))
    editor = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    assert "Perencanaan **partisipatif**" in editor and "<strong>partisipatif</strong>" in editor  # text + preview
    assert 'href="#s-pendahuluan"' in editor and 'id="s-materi-pokok"' in editor  # table of contents
    assert '<script src="/static/modules/editor.js"></script>' in editor

    assert freeze(client, teacher).headers["Location"].startswith("/modules/versions/1?")
    assert save_draft(client, teacher, MODULE_V2).status_code == 302
    confirm = client.get(f"/modules/freeze?launch={teacher}").get_data(as_text=True)
    assert "Freeze as version 2" in confirm and "4 sections" in confirm
    assert freeze(client, teacher).status_code == 302
    assert [v.number for v in ModuleVersion.query.order_by(ModuleVersion.number)] == [1, 2]

    diff = client.get(f"/modules/diff?from=1&to=2&launch={teacher}").get_data(as_text=True)
    sections = re.findall(r'data-change="(\w+)" data-section="([\w-]+)"', diff)
    assert sections == [("changed", "intro"), ("changed", "pendahuluan"), ("removed", "tujuan"),
                        ("unchanged", "materi-pokok"), ("added", "evaluasi")]
    assert "<ins> seluruh</ins>" in diff and "<ins> dan kader</ins>" in diff

    # Learners see nothing before publication.
    learner = token_of(browser.launch_with("student", **custom_activity(activity), **INDONESIAN))
    waiting = client.get(f"/modules/?launch={learner}").get_data(as_text=True)
    assert 'data-testid="not-published"' in waiting and "belum diterbitkan" in waiting and "mark-read" not in waiting

    refused = publish(client, teacher, 2, reason="  ")
    assert "Write why you publish" in client.get(refused.headers["Location"]).get_data(as_text=True)
    assert db.session.get(Module, activity.id).published_version_id is None
    assert publish(client, teacher, 2).status_code == 302
    event = ModuleAuditEvent.query.filter_by(action="published").one()
    assert event.version_number == 2 and event.detail["reason"] == "Disetujui rapat tim kurikulum 3 Desember"
    home = client.get(f"/modules/manage?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="audit-reason">Disetujui rapat tim kurikulum 3 Desember<' in home

    # The learner reads version 2 section by section, then marks it read.
    completed = []

    def on_completed(sender, learner, at):
        completed.append((sender.id, learner.sub))

    activity_completed.connect(on_completed)
    try:
        first = client.get(f"/modules/?launch={learner}").get_data(as_text=True)
        assert "Modul ini untuk aparatur desa dan kader." in first and "Bagian 1 dari 4" in first
        assert 'data-testid="next-section"' in first and 'data-testid="mark-read"' not in first
        last = client.get(f"/modules/?launch={learner}&section=evaluasi").get_data(as_text=True)
        assert "Peserta menjawab lima soal." in last and "Bagian 4 dari 4" in last
        assert "aparatur desa" not in last  # one section at a time
        client.post(f"/modules/read?launch={learner}", data={"csrf_token": csrf(last)})
        client.post(f"/modules/read?launch={learner}", data={"csrf_token": csrf(last)})  # twice: one completion
    finally:
        activity_completed.disconnect(on_completed)
    assert completed == [(activity.id, "4")] and Completion.query.count() == 1
    done = client.get(f"/modules/?launch={learner}").get_data(as_text=True)
    assert 'data-testid="read-at"' in done and 'data-testid="mark-read"' not in done

    # The course overview says who has read it, in the module's own words.
    overview = client.get(f"/activities/overview?launch={teacher}").get_data(as_text=True)
    sam = overview[overview.index('data-user="4"'):]
    assert "read on " in sam[:sam.index("</tr>")]

    delivery.deliver_due()
    grades = {user: grade for (_item, user), grade in platform.ags.gradebook.items()}
    assert grades["4"]["scoreGiven"] == 100 and grades["4"]["gradingProgress"] == "FullyGraded"
    assert len([s for s in platform.ags.scores if s["body"]["userId"] == "4"]) == 1
