"""A feedback form from Moodle's "Select content" dialog to a learner's grade: created from the organisation template
through deep linking, set up from the dialog, answered anonymously by a learner (completion, the completion event,
full marks in the fake Moodle's gradebook through the outbox), and shown on the course overview."""
from feedback_support import ENGLISH, INDONESIAN, csrf, full_answers, item_ids, send, token_of
from support import custom_activity

from lti_tool.activities.completion import Completion, activity_completed
from lti_tool.activities.models import Activity
from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAnswer, FeedbackCompletion, FeedbackForm, FeedbackItem, FeedbackResponse
from lti_tool.grades import delivery


def test_create_from_the_template_answer_and_grade(app, browser, client, platform):
    app.config["LATIH_DELIVER_AFTER_REQUEST"] = False
    platform.tool_jwks_fetcher = lambda: app.test_client().get("/lti/jwks").get_json()
    picker = browser.launch("deep_linking")
    token = token_of(picker)
    body = browser.open(picker).get_data(as_text=True)
    assert 'data-testid="create-fields-feedback"' in body and 'name="feedback_template"' in body
    assert "Feedback form" in body and "Evaluation of the facilitators" in body  # the kind and its templates
    created = client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "feedback", "title": "Evaluasi Latsar Angkatan 3", "feedback_form": "1",
        "feedback_template": "penyelenggaraan", "feedback_anonymous": "1", "feedback_jp": "0",
        "feedback_graded": "1", "feedback_open_at": "", "feedback_close_at": "2099-12-31T17:00"},
        follow_redirects=True)
    activity = Activity.query.one()
    form = db.session.get(FeedbackForm, activity.id)
    assert activity.kind == "feedback" and activity.graded and form.anonymous and form.jp == 0
    assert (form.template_key, form.template_version) == ("penyelenggaraan", 1)
    assert form.close_at.year == 2099 and form.close_at.hour == 10  # 17.00 WIB is 10.00 UTC
    rows = FeedbackItem.query.filter_by(form_id=activity.id).order_by(FeedbackItem.position).all()
    assert [r.type for r in rows].count("scale14") == 9 and [r.key for r in rows][-3:] == ["nps", "best", "improve"]
    assert rows[1].text_id == "Informasi tentang pelatihan sebelum dimulai"
    assert rows[1].text_en == "Information about the training before it started"
    assert sorted({r.page for r in rows}) == [1, 2, 3]

    # Set up from the dialog: the builder, then back to the picker and added to the course as a graded link.
    builder = client.post(f"/activities/setup?launch={token}", data={"csrf_token": csrf(created.get_data(
        as_text=True)), "setup": activity.id}, follow_redirects=True).get_data(as_text=True)
    assert 'data-testid="page-3"' in builder and 'data-testid="back-to-select"' in builder
    preview = client.get(f"/feedback/preview?launch={token}").get_data(as_text=True)
    assert 'data-testid="preview-note"' in preview and 'data-testid="answer-form"' in preview
    back = client.get(f"/activities/select?launch={token}&chosen={activity.id}").get_data(as_text=True)
    answer = client.post(f"/activities/deep-link?launch={token}",
                         data={"csrf_token": csrf(back), "activity": [str(activity.id)]})
    assert 'data-testid="deep-link-return"' in answer.get_data(as_text=True)

    completed = []

    def on_completed(sender, learner, at):
        completed.append((sender.id, learner.sub))

    learner = token_of(browser.launch_with("student", **custom_activity(activity), **INDONESIAN))
    page = client.get(f"/feedback/?launch={learner}").get_data(as_text=True)
    assert "Jawaban Anda anonim" in page and 'data-testid="send-answers"' in page
    activity_completed.connect(on_completed)
    try:
        sent = send(client, learner, full_answers(item_ids(activity.id)), page)
    finally:
        activity_completed.disconnect(on_completed)
    assert sent.status_code == 302
    assert completed == [(activity.id, "4")] and Completion.query.count() == 1
    assert FeedbackCompletion.query.count() == 1 and FeedbackResponse.query.count() == 1
    assert FeedbackAnswer.query.count() == 10  # nine 1–4 items and the recommendation; open texts left empty
    done = client.get(f"/feedback/?launch={learner}").get_data(as_text=True)
    assert 'data-testid="already-answered"' in done and 'data-testid="answer-form"' not in done
    again = send(client, learner, full_answers(item_ids(activity.id)), page)
    assert again.status_code == 302 and FeedbackResponse.query.count() == 1  # once only
    assert "sudah mengisi" in client.get(again.headers["Location"]).get_data(as_text=True)

    delivery.deliver_due()
    grades = {user: grade for (_item, user), grade in platform.ags.gradebook.items()}
    assert grades["4"]["scoreGiven"] == 100 and grades["4"]["gradingProgress"] == "FullyGraded"

    teacher = token_of(browser.launch_with("instructor", **custom_activity(activity), **ENGLISH))
    overview = client.get(f"/activities/overview?launch={teacher}").get_data(as_text=True)
    sam = overview[overview.index('data-user="4"'):]
    assert "answered on " in sam[:sam.index("</tr>")]
