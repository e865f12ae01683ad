"""The instructor's form builder: add, edit, conditions, reorder (arrows and a page's new order), hide versus delete,
facilitators and the mode lock — and learners refused on every staff page."""
import pytest
from feedback_support import csrf, item_ids, learner_token, make_form, send

from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAuditEvent, FeedbackForm, FeedbackItem


@pytest.fixture
def materi(app, browser, platform):
    return make_form(app, browser, platform, title="Evaluasi Materi", feedback_template="materi",
                     feedback_anonymous="0")


def _builder(client, token):
    return client.get(f"/feedback/manage?launch={token}").get_data(as_text=True)


def _post(client, token, path, page_path="/feedback/manage", **data):
    page = client.get(f"{page_path}?launch={token}").get_data(as_text=True)
    return client.post(f"{path}?launch={token}", data={"csrf_token": csrf(page), **data})


def _order(form_id):
    return [i.key or i.text_id for i in FeedbackItem.query.filter_by(form_id=form_id)
            .order_by(FeedbackItem.position)]


def test_add_and_edit_items_of_each_kind(materi, client):
    teacher, form_id = materi["teacher"], materi["activity"].id
    body = _builder(client, teacher)
    assert 'data-testid="add-item"' in body and "Scale 1–4 (Poor … Very good)" in body
    added = _post(client, teacher, "/feedback/items", type="dropdown", text_id="Asal instansi",
                  text_en="Your agency", page="2", required="1", options="Pemda | Regional government\nBUMN")
    assert added.status_code == 302
    item = FeedbackItem.query.filter_by(text_id="Asal instansi").one()
    assert item.page == 2 and item.required and item.position == 8
    assert item.options == [{"value": "o1", "id": "Pemda", "en": "Regional government"},
                            {"value": "o2", "id": "BUMN", "en": ""}]
    refused = _post(client, teacher, "/feedback/items", type="likert", text_id="Setuju?", points="6")
    assert refused.status_code == 400 and "A Likert scale has 4, 5, 7 points." in refused.get_data(as_text=True)
    assert 'value="Setuju?"' not in refused.get_data(as_text=True)  # a textarea keeps it as its text
    assert ">Setuju?</textarea>" in refused.get_data(as_text=True)
    numeric = _post(client, teacher, "/feedback/items", type="numeric", text_id="Usia", min="18", max="65")
    assert numeric.status_code == 302

    # Edit: rename an option, add one, tick a condition on the difficulty question.
    ids = item_ids(form_id)
    edit_path = f"/feedback/items/{item.id}"
    saved = _post(client, teacher, edit_path, page_path=edit_path, type="dropdown", text_id="Asal instansi",
                  page="2", options="Pemerintah daerah | Regional government\nBUMN\nSwasta",
                  condition=[f"{ids['difficulty']}:hard", f"{ids['difficulty']}:right"])
    assert saved.status_code == 302
    db.session.refresh(item)
    assert [o["value"] for o in item.options] == ["o1", "o2", "o3"] and item.options[0]["id"] == "Pemerintah daerah"
    assert item.condition == {"item": ids["difficulty"], "values": ["hard", "right"]}
    page = _builder(client, teacher)
    assert f'data-testid="condition-{item.id}"' in page and "too difficult / about right" in page
    two_sources = _post(client, teacher, edit_path, page_path=edit_path, type="dropdown", text_id="Asal",
                        options="A", condition=[f"{ids['difficulty']}:hard", f"{ids['goals']}:1"])
    assert two_sources.status_code == 400 and "one question only" in two_sources.get_data(as_text=True)
    assert {e.action for e in FeedbackAuditEvent.query.filter_by(form_id=form_id)} >= {
        "created", "item_added", "item_changed"}


def test_move_up_and_down_across_pages_and_drag_a_page(materi, client):
    teacher, form_id = materi["teacher"], materi["activity"].id
    ids = item_ids(form_id)
    assert _order(form_id)[:2] == ["goals", "clarity"]
    _post(client, teacher, f"/feedback/items/{ids['clarity']}/move", direction="up")
    assert _order(form_id)[:2] == ["clarity", "goals"]
    _post(client, teacher, f"/feedback/items/{ids['clarity']}/move", direction="up")  # already first: nothing
    assert _order(form_id)[0] == "clarity"
    _post(client, teacher, "/feedback/items", type="info", text_id="Terima kasih", page="2")
    _post(client, teacher, f"/feedback/items/{ids['add']}/move", direction="down")  # onto page 2, before the text
    moved = db.session.get(FeedbackItem, ids["add"])
    assert moved.page == 2 and _order(form_id)[-2:] == ["add", "Terima kasih"]

    page_one = [ids[k] for k in ("hard_parts", "difficulty", "balance", "current", "goals", "clarity")]
    assert _post(client, teacher, "/feedback/order", page="1", item=page_one).status_code == 302
    assert _order(form_id)[:6] == ["hard_parts", "difficulty", "balance", "current", "goals", "clarity"]
    stale = _post(client, teacher, "/feedback/order", page="1", item=page_one[:-1])
    assert "The items changed in the meantime" in client.get(stale.headers["Location"]).get_data(as_text=True)
    assert _order(form_id)[0] == "hard_parts"


def test_items_with_answers_are_hidden_not_deleted(materi, browser, client):
    teacher, form_id = materi["teacher"], materi["activity"].id
    ids = item_ids(form_id)
    assert send(client, materi["learner"], {f"q{ids[k]}": "3" for k in ("goals", "clarity", "current", "balance")}
                | {f"q{ids['difficulty']}": "right", f"q{ids['add']}": "Studi kasus daerah"}).status_code == 302

    body = _builder(client, teacher)
    assert f'data-testid="delete-{ids["goals"]}"' not in body and f'data-testid="delete-{ids["hard_parts"]}"' in body
    confirm = client.get(f"/feedback/items/{ids['goals']}/delete?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="delete-refused"' in confirm and "it can be hidden, not deleted" in confirm
    forced = _post(client, teacher, f"/feedback/items/{ids['goals']}/delete")
    assert forced.status_code == 302 and db.session.get(FeedbackItem, ids["goals"]) is not None
    retyped = _post(client, teacher, f"/feedback/items/{ids['goals']}", page_path=f"/feedback/items/{ids['goals']}",
                    type="short_text", text_id="Materi")
    assert retyped.status_code == 400 and "its type cannot change" in retyped.get_data(as_text=True)
    shrunk = _post(client, teacher, f"/feedback/items/{ids['difficulty']}",
                   page_path=f"/feedback/items/{ids['difficulty']}", type="single", text_id="Materi", options="a\nb")
    assert shrunk.status_code == 400 and "not removed" in shrunk.get_data(as_text=True)

    _post(client, teacher, f"/feedback/items/{ids['goals']}/hide", hidden="1")
    assert db.session.get(FeedbackItem, ids["goals"]).hidden
    _post(client, teacher, f"/feedback/items/{ids['difficulty']}/hide", hidden="1")
    assert f'data-testid="source-hidden-{ids["hard_parts"]}"' in _builder(client, teacher)
    _post(client, teacher, f"/feedback/items/{ids['difficulty']}/hide", hidden="0")
    assert f'id="q{ids["goals"]}"' not in client.get(
        f"/feedback/?launch={learner_token(browser, materi['activity'], sub='5')}").get_data(as_text=True)

    # Not answered, but another item's condition looks at it: refused; an unanswered item without one: deleted.
    assert _post(client, teacher, f"/feedback/items/{ids['difficulty']}/delete").status_code == 302
    assert db.session.get(FeedbackItem, ids["difficulty"]) is not None
    confirm = client.get(f"/feedback/items/{ids['hard_parts']}/delete?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="delete-confirmed"' in confirm
    assert _post(client, teacher, f"/feedback/items/{ids['hard_parts']}/delete").status_code == 302
    assert db.session.get(FeedbackItem, ids["hard_parts"]) is None
    assert FeedbackAuditEvent.query.filter_by(action="item_deleted").count() == 1


def test_settings_lock_the_mode_once_answered_and_keep_facilitators(materi, client):
    teacher, activity = materi["teacher"], materi["activity"]
    settings = client.get(f"/feedback/settings?launch={teacher}").get_data(as_text=True)
    assert "locked as soon as the first learner answers" in settings
    saved = _post(client, teacher, "/feedback/settings", page_path="/feedback/settings", feedback_anonymous="0",
                  feedback_editable="1", feedback_jp="3", feedback_close_at="2099-01-31T17:00")
    assert saved.status_code == 302
    form = db.session.get(FeedbackForm, activity.id)
    assert form.editable and form.jp == 3 and not activity.graded  # the grade box left unticked
    refused = _post(client, teacher, "/feedback/settings", page_path="/feedback/settings", feedback_jp="3",
                    feedback_open_at="2099-02-01T08:00", feedback_close_at="2099-01-31T17:00")
    assert refused.status_code == 400 and "must close after it opens" in refused.get_data(as_text=True)

    _post(client, teacher, "/feedback/persons", page_path="/feedback/settings",
          new_persons="Dr. Siti Aminah\n\nIr. Budi Santoso")
    assert [p["name"] for p in db.session.get(FeedbackForm, activity.id).persons] == [
        "Dr. Siti Aminah", "Ir. Budi Santoso"]

    ids = item_ids(activity.id)
    send(client, materi["learner"], {f"q{ids[k]}": "4" for k in ("goals", "clarity", "current", "balance")}
         | {f"q{ids['difficulty']}": "easy"})
    locked = client.get(f"/feedback/settings?launch={teacher}").get_data(as_text=True)
    assert 'data-testid="mode-locked"' in locked and "this choice is locked" in locked
    turned = _post(client, teacher, "/feedback/settings", page_path="/feedback/settings", feedback_anonymous="1",
                   feedback_jp="3")
    assert turned.status_code == 400 and "stays named or anonymous" in turned.get_data(as_text=True)
    assert not db.session.get(FeedbackForm, activity.id).anonymous


def test_learners_and_other_forms_get_nothing_of_the_builder(materi, app, browser, client, platform):
    learner, ids = materi["learner"], item_ids(materi["activity"].id)
    for path in ("/feedback/manage", "/feedback/settings", "/feedback/preview", f"/feedback/items/{ids['goals']}",
                 f"/feedback/items/{ids['goals']}/delete"):
        assert client.get(f"{path}?launch={learner}").status_code == 403, path
    page = client.get(f"/feedback/?launch={learner}").get_data(as_text=True)
    for path in ("/feedback/items", f"/feedback/items/{ids['goals']}/hide", f"/feedback/items/{ids['goals']}/delete",
                 "/feedback/order", "/feedback/settings", "/feedback/persons"):
        assert client.post(f"{path}?launch={learner}", data={"csrf_token": csrf(page)}).status_code == 403, path
    assert not db.session.get(FeedbackItem, ids["goals"]).hidden

    # An item of another activity's form, named by id in the URL: 404, nothing changes.
    from lti_tool.activities.services import create_activity

    other = create_activity(materi["activity"].course_id, None, "feedback", "Lain", form=None)
    foreign = FeedbackItem.query.filter_by(form_id=other.id).first()
    teacher = materi["teacher"]
    assert client.get(f"/feedback/items/{foreign.id}?launch={teacher}").status_code == 404
    assert _post(client, teacher, f"/feedback/items/{foreign.id}/hide", hidden="1").status_code == 404
    assert not db.session.get(FeedbackItem, foreign.id).hidden
    without_token = client.post(f"/feedback/items/{ids['goals']}/hide?launch={teacher}", data={"hidden": "1"})
    assert without_token.status_code == 400 and not db.session.get(FeedbackItem, ids["goals"]).hidden  # CSRF
