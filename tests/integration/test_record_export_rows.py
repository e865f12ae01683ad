"""The record's export reads the learners, then one ordered statement of their entries (two statements, two
snapshots): a learner the second sees but the first did not is read when met; one deleted since has empty texts."""
from record_views_support import entry, learner, this_year

from lti_tool.extensions import db
from lti_tool.record import summaries


def test_a_learner_added_between_the_two_statements_is_read_when_met(app):
    ani = learner("1", "Ani Wulandari", nip="198703122010011004", unit="BPKAD")
    entry(ani, 2)
    people = summaries._People(db.session.connection())
    assert people[ani.id] == ("198703122010011004", "Ani Wulandari", "BPKAD")
    assert people[ani.id + 1000] == ("", "", "")


def test_the_export_rows_are_ordered_and_complete(app):
    budi = learner("2", "Budi Santoso", unit="BPKAD")
    ani = learner("1", "Ani Wulandari", unit="BPKAD")
    learner("3", "Citra Dewi", unit="BPKAD")
    for jp in (1, 2):
        entry(budi, jp)
    entry(ani, 3)
    rows = [(people[r.user_id][1], str(r.jp) if r.jp is not None else None)
            for people, part in summaries.export_rows(summaries.Filters(year=this_year(), unit="BPKAD"), batch=2)
            for r in part]
    assert [name for name, _jp in rows] == ["Ani Wulandari", "Budi Santoso", "Budi Santoso", "Citra Dewi"]
    assert rows[-1][1] is None and float(rows[0][1]) == 3
