"""Certificate numbers under concurrent issuing: two workers issuing 25 certificates each at the same moment get
the numbers 1..50 of the institution's year, each once, no gap (PostgreSQL: the counter row taken with SELECT …
FOR UPDATE; SQLite: the database's write lock, and a retry when SQLite refuses a writer outright). A rolled-back
issue gives its number back; institutions count separately."""
import threading

import pytest
from sqlalchemy.exc import IntegrityError

from lti_tool.certificates import issuing, services
from lti_tool.certificates.models import Certificate, CertificateCounter, CertificateSetting
from lti_tool.extensions import db
from lti_tool.lti.models import Course, LtiUser

WORKERS, EACH = 2, 25


def _course(institution="BPSDM Provinsi Jawa Tengah", context="c1"):
    course = Course(issuer="https://moodle.test", deployment_id="d", context_id=context, title="Latsar")
    db.session.add(course)
    db.session.flush()
    db.session.add(CertificateSetting(course_id=course.id, institution=institution, training_name="Latsar CPNS",
                                      place="Semarang", result="", signatory_name="", signatory_title=""))
    db.session.commit()
    return course


def _learners(count, prefix="u"):
    users = [LtiUser(issuer="https://moodle.test", sub=f"{prefix}{i}", name=f"Peserta {i}") for i in range(count)]
    db.session.add_all(users)
    db.session.commit()
    return [u.id for u in users]


def test_two_workers_issuing_at_once_get_each_number_once_without_gaps(app):
    course_id = _course().id
    user_ids = _learners(WORKERS * EACH)
    start, failures = threading.Barrier(WORKERS), []

    def worker(mine):
        try:
            with app.app_context():
                start.wait()
                for user_id in mine:
                    learner = db.session.get(LtiUser, user_id)
                    cert, issued = services.issue_by_hand(course_id, learner, None)
                    assert issued
                db.session.remove()
        except Exception as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(user_ids[i::WORKERS],)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures
    db.session.expire_all()
    seqs = sorted(c.seq for c in Certificate.query)
    assert seqs == list(range(1, WORKERS * EACH + 1))
    assert len({c.number for c in Certificate.query}) == WORKERS * EACH
    assert CertificateCounter.query.one().last == WORKERS * EACH


def test_a_rolled_back_issue_gives_its_number_back(app, monkeypatch):
    course_id = _course().id
    first, second = (db.session.get(LtiUser, i) for i in _learners(2))
    real = issuing.format_number

    def failing(*args):  # after the counter moved on: the insert fails
        raise IntegrityError("insert", {}, Exception("simulated"))

    monkeypatch.setattr(issuing, "format_number", failing)
    with pytest.raises(issuing.NotIssued):
        services.issue_by_hand(course_id, first, None)
    monkeypatch.setattr(issuing, "format_number", real)
    cert, issued = services.issue_by_hand(course_id, second, None)
    assert issued and cert.seq == 1 and cert.number.startswith("0001/")


def test_institutions_count_separately_and_a_scheme_per_institution(app):
    app.config["LATIH_CERT_NUMBER_FORMAT"] = {"BKPSDM Kudus": "{seq:03d}/BKPSDM/{year}",
                                              "*": "{seq:04d}/PLT-PLJ/{year}"}
    a = _course("BPSDM Provinsi Jawa Tengah", "a").id
    b = _course("BKPSDM Kudus", "b").id
    one, two = (db.session.get(LtiUser, i) for i in _learners(2))
    first, _ = services.issue_by_hand(a, one, None)
    second, _ = services.issue_by_hand(b, one, None)
    third, _ = services.issue_by_hand(b, two, None)
    assert first.number.startswith("0001/PLT-PLJ/")
    assert (second.number.split("/")[:2], third.seq) == (["001", "BKPSDM"], 2)
