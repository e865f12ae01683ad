"""The author's pages of a training module: the create form, settings, the editor's compare-and-set saves, freezing,
versions and their differences, publishing, and who may open what."""
import json
import re

import jwt
import pytest
from modules_pages_support import (
    ENGLISH,
    MODULE_V1,
    MODULE_V2,
    csrf,
    freeze,
    make_module,
    publish,
    revision_of,
    save_draft,
    token_of,
)

from lti_tool.activities.models import Activity
from lti_tool.activities.services import create_activity
from lti_tool.extensions import db
from lti_tool.lti.models import Course
from lti_tool.modules.models import Module, ModuleAuditEvent, ModuleDraft, ModuleVersion

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@pytest.fixture
def module(app, browser, platform):
    return make_module(app, browser, platform)


def _picker(browser):
    resp = browser.launch_with("deep_linking", **ENGLISH)
    return browser.open(resp).get_data(as_text=True), token_of(resp)


def _create(client, token, body, **fields):
    data = {"csrf_token": csrf(body), "kind": "modules", "title": "Modul desa", "modules_form": "1",
            "modules_groups": ["pemda", "masyarakat"], "modules_template": "standard", "modules_jp": "4"}
    data.update(fields)
    return client.post(f"/activities/create?launch={token}", data=data, follow_redirects=True)


@pytest.mark.parametrize(("fields", "message"), [
    ({"modules_jp": "0"}, "Planned JP must be a whole number of hours of lessons from 1 to 200."),
    ({"modules_jp": "201"}, "from 1 to 200"),
    ({"modules_jp": "٣"}, "from 1 to 200"),  # Arabic-Indic digit
    ({"modules_jp": ""}, "from 1 to 200"),
    ({"modules_jp": "4" * 40}, "from 1 to 200"),
    ({"modules_groups": []}, "Choose at least one stakeholder group."),
    ({"modules_template": "own", "modules_criteria": "  \n "}, "Write at least one criterion, one per line."),
    ({"modules_template": "magic"}, "Choose a criteria template."),
    ({"modules_other_groups": "\n".join(f"Kelompok {n}" for n in range(12))}, "At most 10 stakeholder groups."),
])
def test_create_form_refusals_are_shown_and_nothing_is_created(browser, client, fields, message):
    body, token = _picker(browser)
    answer = _create(client, token, body, **fields).get_data(as_text=True)
    assert message in answer
    assert Activity.query.count() == 0 and Module.query.count() == 0


def test_create_with_own_groups_and_criteria_without_a_grade(browser, client, platform):
    body, token = _picker(browser)
    _create(client, token, body, modules_groups=["pemda"], modules_other_groups="Tokoh adat\nPKK\ntokoh ADAT",
            modules_template="own", modules_criteria="Bahasa mudah dipahami\nContoh lokal", modules_jp="12")
    activity = Activity.query.one()
    settings = db.session.get(Module, activity.id).settings
    assert [(g["id"], g["name"]) for g in settings["groups"]] == [("pemda", ""), ("tokoh-adat", "Tokoh adat"),
                                                                   ("pkk", "PKK")]
    assert [c["name"] for c in settings["criteria"]] == ["Bahasa mudah dipahami", "Contoh lokal"]
    assert settings["jp"] == 12 and not activity.graded
    assert set(settings["rule"]["groups"]) == {"pemda", "tokoh-adat", "pkk"}
    assert ModuleAuditEvent.query.one().action == "created"
    # Not graded: the deep-linking item has no line item, so Moodle makes no grade column.
    page = client.get(f"/activities/select?launch={token}&chosen={activity.id}").get_data(as_text=True)
    answer = client.post(f"/activities/deep-link?launch={token}",
                         data={"csrf_token": csrf(page), "activity": [str(activity.id)]}).get_data(as_text=True)
    signed = re.search(r'name="JWT" value="([^"]+)"', answer).group(1)
    (item,) = jwt.decode(signed, options={"verify_signature": False})[DL + "content_items"]
    assert "lineItem" not in item and item["custom"] == {"latih_activity": str(activity.id)}


def test_settings_are_changed_on_the_home_page_and_a_refusal_changes_nothing(module, client):
    teacher = module["teacher"]
    home = client.get(f"/modules/manage?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="module-settings"' in home and 'value="2"' in home  # JP by default
    fields = {"csrf_token": csrf(home), "modules_form": "1", "modules_rule_form": "1",
              "modules_groups": ["pemda", "perguruan_tinggi"], "modules_template": "standard", "modules_jp": "6",
              "modules_min_reviews": "2", "modules_min_median": "4"}
    client.post(f"/modules/settings?launch={teacher}", data=fields)
    settings = db.session.get(Module, module["activity"].id).settings
    assert settings["jp"] == 6 and [g["id"] for g in settings["groups"]] == ["pemda", "perguruan_tinggi"]
    assert settings["rule"]["groups"]["pemda"] == {"min_reviews": 2, "min_median": {
        c: 4 for c in ("relevance", "accuracy", "clarity", "usability", "culture")}}
    assert settings["rule"]["no_open_blocking"] is False  # the box was not ticked
    answer = client.post(f"/modules/settings?launch={teacher}", data=dict(fields, modules_min_median="5"),
                         follow_redirects=True).get_data(as_text=True)
    assert "The minimum median must be a whole number from 1 to 4." in answer
    assert db.session.get(Module, module["activity"].id).settings == settings
    assert [e.action for e in ModuleAuditEvent.query.order_by(ModuleAuditEvent.id)] == ["created",
                                                                                        "settings_changed"]


def test_two_tabs_cannot_overwrite_each_other(module, client):
    teacher = module["teacher"]
    first_tab = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    second_tab = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    for body, text in ((first_tab, "# Satu\n\nTeks tab pertama."), (second_tab, "# Dua\n\nTeks tab kedua.")):
        answer = client.post(f"/modules/editor?launch={teacher}", data={
            "csrf_token": csrf(body), "revision": revision_of(body), "markdown": text, "action": "save"})
    assert answer.status_code == 409
    page = answer.get_data(as_text=True)
    assert "The draft was saved elsewhere" in page
    editor = re.search(r'<textarea[^>]*name="markdown"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert editor == "# Dua\n\nTeks tab kedua."  # the text typed in the second tab is kept
    assert 'data-testid="saved-draft">' in page and "Teks tab pertama." in page  # next to the saved draft
    draft = db.session.get(ModuleDraft, module["activity"].id)
    assert draft.markdown == "# Satu\n\nTeks tab pertama." and draft.revision == 1
    # Merged, it saves over the revision it was shown with.
    answer = client.post(f"/modules/editor?launch={teacher}", data={
        "csrf_token": csrf(page), "revision": revision_of(page), "markdown": "# Satu dan dua", "action": "save"})
    assert answer.status_code == 302 and db.session.get(ModuleDraft, module["activity"].id).revision == 2


@pytest.mark.parametrize("revision", ["", "abc", "-1", "99999999999999999999", "1.5"])
def test_a_save_with_a_bad_revision_is_refused_not_an_error(module, client, revision):
    page = client.get(f"/modules/editor?launch={module['teacher']}").get_data(as_text=True)
    answer = client.post(f"/modules/editor?launch={module['teacher']}", data={
        "csrf_token": csrf(page), "revision": revision, "markdown": "# Teks", "action": "save"})
    assert answer.status_code == 409 and "# Teks" in answer.get_data(as_text=True)


def test_text_is_stored_without_nul_and_with_plain_line_ends(module, client):
    save_draft(client, module["teacher"], "# Judul\x00\r\n\r\nIsi\x00 modul\r")
    assert db.session.get(ModuleDraft, module["activity"].id).markdown == "# Judul\n\nIsi modul\n"


def test_too_long_text_is_refused_and_kept(module, client):
    from lti_tool.modules.services.drafts import MAX_CHARS

    answer = save_draft(client, module["teacher"], "kata " * (MAX_CHARS // 5 + 1))
    assert answer.status_code == 400 and "The text is too long" in answer.get_data(as_text=True)
    assert db.session.get(ModuleDraft, module["activity"].id).markdown == ""


def test_freezing_needs_a_changed_non_empty_draft_seen_by_the_author(module, client):
    teacher = module["teacher"]
    empty = client.get(f"/modules/freeze?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="freeze-problem"' in empty and "The draft is empty" in empty
    save_draft(client, teacher, MODULE_V1)
    confirm = client.get(f"/modules/freeze?launch={teacher}").get_data(as_text=True)
    save_draft(client, teacher, MODULE_V1 + "\nTambahan.\n")  # changed after the confirmation page was shown
    stale = client.post(f"/modules/freeze?launch={teacher}", data={
        "csrf_token": csrf(confirm), "revision": revision_of(confirm)}, follow_redirects=True)
    assert "The draft was saved elsewhere" in stale.get_data(as_text=True) and ModuleVersion.query.count() == 0
    assert freeze(client, teacher).status_code == 302
    version = ModuleVersion.query.one()
    assert version.number == 1 and version.markdown == MODULE_V1 + "\nTambahan.\n"
    assert [s["id"] for s in version.sections] == ["intro", "pendahuluan", "tujuan", "materi-pokok"]
    assert version.word_count > 20
    same = client.get(f"/modules/freeze?launch={teacher}").get_data(as_text=True)
    assert "The draft is the same as version 1: nothing to freeze." in same and "confirm-freeze" not in same
    page = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    again = client.post(f"/modules/freeze?launch={teacher}", data={
        "csrf_token": csrf(page), "revision": revision_of(page)}, follow_redirects=True)
    assert "nothing to freeze" in again.get_data(as_text=True) and ModuleVersion.query.count() == 1


def test_a_version_is_shown_with_its_table_of_contents(module, client):
    teacher = module["teacher"]
    save_draft(client, teacher, MODULE_V1)
    freeze(client, teacher)
    page = client.get(f"/modules/versions/1?launch={teacher}").get_data(as_text=True)
    toc = page[page.index('data-testid="toc"'):page.index("</nav>", page.index('data-testid="toc"'))]
    assert [t for t in re.findall(r'href="#s-([\w-]+)"', toc)] == ["intro", "pendahuluan", "tujuan", "materi-pokok"]
    text = page[page.index('data-testid="version-text"'):]
    assert '<section class="latih-module-section" id="s-tujuan"' in text and "<li>Peserta menyusun" in text
    assert '<td class="text-end">2 JP</td>' in text
    assert client.get(f"/modules/versions/2?launch={teacher}").status_code == 404


@pytest.mark.parametrize("query", ["from=1&to=9", "from=abc&to=2", "to=1", "", "from=-1&to=2",
                                   "from=1&to=99999999999999", "from=%00x&to=2"])
def test_a_diff_of_versions_that_do_not_exist_says_so(module, client, query):
    teacher = module["teacher"]
    for text in (MODULE_V1, MODULE_V2):
        save_draft(client, teacher, text)
        freeze(client, teacher)
    answer = client.get(f"/modules/diff?{query}&launch={teacher}", follow_redirects=True)
    assert answer.status_code == 200
    body = answer.get_data(as_text=True)
    assert "There is no version" in body or "Choose two versions to compare." in body


def test_diff_shows_moves_renames_and_words(module, client):
    teacher = module["teacher"]
    save_draft(client, teacher, "# A\n\nsatu dua tiga empat lima\n\n# B\n\nenam tujuh delapan sembilan\n")
    freeze(client, teacher)
    save_draft(client, teacher, "# B\n\nenam tujuh delapan sembilan\n\n# A baru\n\nsatu dua tiga empat lima enam\n")
    freeze(client, teacher)
    page = client.get(f"/modules/diff?from=1&to=2&launch={teacher}").get_data(as_text=True)
    assert re.search(r'data-change="changed" data-section="a-baru" data-moved="1"|'
                     r'data-change="unchanged" data-section="b" data-moved="1"', page)
    assert "<ins> baru</ins>" in page and "<ins> enam</ins>" in page
    assert "0 sections added, 0 removed, 1 changed, 1 moved; 2 words inserted, 0 deleted." in page


def test_publishing_needs_a_reason_and_is_in_the_audit_trail(module, client):
    teacher = module["teacher"]
    save_draft(client, teacher, MODULE_V1)
    freeze(client, teacher)
    for reason in ("", " \n ", "x" * 4001):
        publish(client, teacher, 1, reason=reason)
    assert db.session.get(Module, module["activity"].id).published_version_id is None
    assert publish(client, teacher, 7).status_code == 302  # no version 7: a message, not an error
    answer = client.post(f"/modules/publish?launch={teacher}", data={
        "csrf_token": csrf(client.get(f"/modules/manage?launch={teacher}").get_data(as_text=True)),
        "number": "x", "reason": "r"}, follow_redirects=True)
    assert "There is no version x." in answer.get_data(as_text=True)
    publish(client, teacher, 1, reason="Rapat tim kurikulum\nsetuju")
    module_row = db.session.get(Module, module["activity"].id)
    assert module_row.published_version.number == 1
    events = [(e.action, e.version_number, e.detail.get("reason"))
              for e in ModuleAuditEvent.query.order_by(ModuleAuditEvent.id)]
    assert events[-1] == ("published", 1, "Rapat tim kurikulum\nsetuju")
    again = publish(client, teacher, 1)
    assert "Version 1 is already the published one." in client.get(again.headers["Location"]).get_data(
        as_text=True)


def test_learners_and_strangers_reach_no_author_page(module, client, browser):
    learner, teacher = module["learner"], module["teacher"]
    page = client.get(f"/modules/?launch={learner}").get_data(as_text=True)
    for path in ("/modules/manage", "/modules/editor", "/modules/versions", "/modules/versions/1",
                 "/modules/diff?from=1&to=2", "/modules/freeze", "/modules/preview", "/modules/manage/attachments/1"):
        assert client.get(f"{path}{'&' if '?' in path else '?'}launch={learner}").status_code == 403, path
        assert client.get(path).status_code == 401, path
    for path in ("/modules/editor", "/modules/freeze", "/modules/publish", "/modules/settings", "/modules/import",
                 "/modules/attachments"):
        assert client.post(f"{path}?launch={learner}", data={"csrf_token": csrf(page)}).status_code == 403, path
    api = client.post(f"/modules/api/preview?launch={learner}", data={"markdown": "x"},
                      headers={"X-CSRFToken": csrf(page)})
    assert api.status_code == 403 and api.get_json()["error"] == "forbidden"
    # Forms need their CSRF token.
    assert client.post(f"/modules/editor?launch={teacher}", data={"markdown": "x", "revision": "0"}).status_code == 400
    assert client.post(f"/modules/api/preview?launch={teacher}", data={"markdown": "x"}).get_json()["error"] == "csrf"


def test_another_courses_module_is_out_of_reach(module, client, app):
    other_course = Course(issuer="https://elsewhere.example", deployment_id="1", context_id="99", title="Other")
    db.session.add(other_course)
    db.session.commit()
    other = create_activity(other_course.id, None, "modules", "Bukan milik Anda")
    save_draft(client, module["teacher"], MODULE_V1)
    db.session.add(ModuleVersion(module_id=other.id, number=5, markdown="# Rahasia", sections=[], word_count=1))
    db.session.commit()
    assert client.get(f"/modules/versions/5?launch={module['teacher']}").status_code == 404
    assert client.get(f"/modules/diff?from=5&to=5&launch={module['teacher']}",
                      follow_redirects=True).get_data(as_text=True).count("Rahasia") == 0


def test_live_preview_is_rendered_by_the_server_and_sanitized(module, client):
    teacher = module["teacher"]
    page = client.get(f"/modules/editor?launch={teacher}").get_data(as_text=True)
    answer = client.post(f"/modules/api/preview?launch={teacher}", headers={"X-CSRFToken": csrf(page)}, data={
        "markdown": "# Judul\n\n**tebal** <script>alert(1)</script> [x](javascript:alert(1))\n\n## Sub"})
    data = answer.get_json()
    assert answer.status_code == 200 and data["words"] >= 4 and "words in 2 sections" in data["words_text"]
    assert "<strong>tebal</strong>" in data["html"] and "<script>" not in data["html"]
    assert "javascript:" not in data["html"].replace("[x](javascript:alert(1))", "")
    assert 'href="#s-judul"' in data["toc"] and 'href="#s-sub"' in data["toc"]
    assert db.session.get(ModuleDraft, module["activity"].id).markdown == ""  # a preview saves nothing


def test_deep_linking_setup_opens_the_author_pages_only(browser, client):
    body, token = _picker(browser)
    _create(client, token, body)
    activity = Activity.query.one()
    client.post(f"/activities/setup?launch={token}", data={"csrf_token": csrf(body), "setup": activity.id})
    for path in ("/modules/manage", "/modules/editor", "/modules/versions", "/modules/preview"):
        assert client.get(f"{path}?launch={token}").status_code == 200, path
    assert client.get(f"/modules/?launch={token}").status_code == 403  # learner pages need a real link


def test_audit_events_and_versions_cannot_change(module, client):
    """Versions are immutable and the audit trail append-only, down to the database (a trigger refuses)."""
    from sqlalchemy.exc import DBAPIError

    save_draft(client, module["teacher"], MODULE_V1)
    freeze(client, module["teacher"])
    version = ModuleVersion.query.one()
    version.markdown = "# Diubah diam-diam"
    with pytest.raises(DBAPIError):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(DBAPIError):
        db.session.execute(db.update(ModuleVersion).values(sections=json.dumps([])))
    db.session.rollback()
    event = ModuleAuditEvent.query.filter_by(action="version_frozen").one()
    event.detail = {"forged": True}
    with pytest.raises(DBAPIError):
        db.session.commit()
    db.session.rollback()
    assert ModuleVersion.query.one().markdown == MODULE_V1
    assert "forged" not in ModuleAuditEvent.query.filter_by(action="version_frozen").one().detail


def test_no_code_changes_or_deletes_a_version_or_an_audit_event():
    """The only writes to module_version and module_audit_event are inserts (db.session.add)."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "lti_tool"
    offenders = []
    for path in package.rglob("*.py"):
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            text = ast.get_source_segment(source, node) or ""
            if re.search(r"\b(ModuleVersion|ModuleAuditEvent)\b", text) and re.search(
                    r"\.(update|delete)\(|db\.(update|delete)\(|session\.delete\(", text):
                offenders.append(f"{path.relative_to(package)}:{node.lineno}")
    assert offenders == []
    assert "def record(" in (package / "modules/services/audit.py").read_text()
