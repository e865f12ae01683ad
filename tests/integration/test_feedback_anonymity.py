"""Anonymity that holds: after anonymous answers, the database itself — read through its own catalogue, not through the
models — has no column or table that links a response or an answer to a learner: no user id, no time of day, no key
shared with the completions, no row number; and answering writes no log line and no audit event."""
import logging
import re

import sqlalchemy as sa
from feedback_support import answer_page, full_answers, item_ids, learner_token, make_form, send

from lti_tool.extensions import db
from lti_tool.feedback.models import FeedbackAuditEvent

ANONYMOUS_TABLES = ("feedback_response", "feedback_answer")


def _answer_anonymously(app, browser, client, platform, caplog):
    setup = make_form(app, browser, platform)
    ids = item_ids(setup["activity"].id)
    second = learner_token(browser, setup["activity"], sub="5")
    events = FeedbackAuditEvent.query.count()
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        for token, text in ((setup["learner"], "Ruang kelas terlalu dingin"), (second, "Materinya sangat berguna")):
            page = answer_page(client, token)
            assert send(client, token, full_answers(ids) | {f"q{ids['improve']}": text}, page).status_code == 302
    return setup, events


def test_no_column_or_table_links_an_anonymous_answer_to_a_learner(app, browser, client, platform, caplog):
    setup, events_before = _answer_anonymously(app, browser, client, platform, caplog)
    inspector = sa.inspect(db.engine)
    with db.engine.connect() as conn:
        responses = conn.execute(sa.text("SELECT * FROM feedback_response")).mappings().all()
        answers = conn.execute(sa.text("SELECT * FROM feedback_answer")).mappings().all()
        completions = conn.execute(sa.text("SELECT * FROM feedback_completion")).mappings().all()
        respondents = conn.execute(sa.text("SELECT count(*) FROM feedback_respondent")).scalar()
    assert len(responses) == 2 and len(completions) == 2 and len(answers) == 22
    assert respondents == 0  # the named-forms-only link is empty

    for table in ANONYMOUS_TABLES:
        columns = {c["name"]: c["type"] for c in inspector.get_columns(table)}
        assert not [name for name in columns if "user" in name or name.endswith("_at") or name == "created"], table
        assert not [name for name, type_ in columns.items() if isinstance(type_, sa.DateTime)], table
        # Every foreign key stays inside the form: none reaches the users or the completions.
        targets = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
        assert targets <= {"feedback_form", "feedback_item", "feedback_response"}, (table, targets)
        primary = inspector.get_pk_constraint(table)["constrained_columns"]
        assert primary == ["id"] and isinstance(columns["id"], sa.String), table  # no autoincrement key
    assert set(responses[0]) == {"id", "form_id", "day"}

    # Which tables point at a response or an answer: the answers, the named forms' links (to a learner, to an
    # invitation: both empty here), the side of a response that came by an invitation (alumnus or supervisor, nothing
    # else) and the instructor's tags (the answer's id and the tag only: test_feedback_open_answers).
    pointing = {t for t in inspector.get_table_names() for fk in inspector.get_foreign_keys(t)
                if fk["referred_table"] in ANONYMOUS_TABLES}
    assert pointing == {"feedback_answer", "feedback_respondent", "feedback_invitation", "feedback_response_side",
                        "feedback_answer_tag"}
    assert {c["name"] for c in inspector.get_columns("feedback_response_side")} == {"response_id", "form_id", "role"}

    # No key shared with the completions: the only common column is the form, the same for everyone.
    completion_columns = {c["name"] for c in inspector.get_columns("feedback_completion")}
    assert completion_columns & set(responses[0]) == {"form_id"}
    assert {r["form_id"] for r in responses} == {c["form_id"] for c in completions} == {setup["activity"].id}

    # Random ids (128 bits), the day without a time.
    ids = [r["id"] for r in responses] + [a["id"] for a in answers]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and len(set(ids)) == len(ids)
    for row in responses:
        day = row["day"]
        assert (isinstance(day, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)) or type(day).__name__ == "date"

    if db.engine.dialect.name == "sqlite":  # no hidden row number either
        with db.engine.connect() as conn:
            for table in ANONYMOUS_TABLES:
                sql = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
                assert "WITHOUT ROWID" in sql, table

    # Nothing written about the answers elsewhere: no audit event, no log line naming a response or its text.
    assert FeedbackAuditEvent.query.count() == events_before
    logged = caplog.text
    assert not [i for i in ids if i in logged]
    assert "Ruang kelas" not in logged and "sangat berguna" not in logged
    assert not [r for r in caplog.records if r.name.startswith("lti_tool.feedback")]


def test_named_answers_carry_the_learner_and_the_time(app, browser, client, platform):
    setup = make_form(app, browser, platform, feedback_anonymous="0")
    ids = item_ids(setup["activity"].id)
    send(client, setup["learner"], full_answers(ids))
    with db.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT r.user_id, r.submitted_at, u.sub FROM feedback_respondent r "
                                   "JOIN lti_user u ON u.id = r.user_id")).one()
    assert row.sub == "4" and row.submitted_at is not None
