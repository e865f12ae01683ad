"""What the staff and the admin read of the record: a learner's JP of a year, computed per learner from the
ledger (a correlated sum over the index ``(user_id, year, category, jp)``, an index-only scan on PostgreSQL), so a
page about one course or one unit of work reads only its own learners' rows, never the whole year.

``Filters`` are the admin's: year, unit of work, category (the JP of that category only are summed and shown), and
below the target only (the year's total, all categories, under ``LATIH_JP_TARGET``). The learners are the users the
tool knows (everyone who launched it or was imported), across platforms.
"""
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from ..activities.completion import Completion
from ..activities.models import Activity
from ..extensions import db
from ..lti.models import LtiUser, Platform
from .models import LearningCredit

PAGE_SIZE = 50


def target():
    return Decimal(str(current_app.config.get("LATIH_JP_TARGET") or 0))


def _sum(year, category=None):
    """The correlated sum of a learner's JP in ``year`` (0 when none), of one category when given."""
    query = sa.select(sa.func.coalesce(sa.func.sum(LearningCredit.jp), 0)).where(
        LearningCredit.user_id == LtiUser.id, LearningCredit.year == year)
    if category:
        query = query.where(LearningCredit.category == category)
    return query.correlate(LtiUser).scalar_subquery()


def year_totals(user_ids, year):
    """{user id: the year's JP (Decimal, reversals counted, never below 0)} for the given learners (0 when none)."""
    totals = {uid: Decimal(0) for uid in user_ids}
    ids = list(totals)
    for start in range(0, len(ids), 1000):
        rows = db.session.execute(sa.select(LearningCredit.user_id, sa.func.sum(LearningCredit.jp)).where(
            LearningCredit.user_id.in_(ids[start:start + 1000]), LearningCredit.year == year)
            .group_by(LearningCredit.user_id)).all()
        for uid, total in rows:
            totals[uid] = max(Decimal(total or 0), Decimal(0))
    return totals


def course_user_ids(course_id):
    """The users with work in the course: a completion of one of its activities or a ledger entry from one."""
    activities = sa.select(Activity.id).where(Activity.course_id == course_id)
    done = sa.select(Completion.user_id).where(Completion.activity_id.in_(activities))
    credited = sa.select(LearningCredit.user_id).where(LearningCredit.activity_id.in_(activities))
    return set(db.session.execute(sa.union(done, credited)).scalars())


@dataclass(frozen=True)
class Filters:
    year: int
    unit: str | None = None  # None: every unit; "": the learners without a unit
    category: str = ""
    below: bool = False
    issuer: str = ""

    def query_args(self):
        args = {"year": self.year}
        if self.unit is not None:
            args["unit"] = self.unit if self.unit else "-"
        if self.category:
            args["category"] = self.category
        if self.below:
            args["below"] = "1"
        if self.issuer:
            args["issuer"] = self.issuer
        return args


def _where(query, filters, total):
    if filters.unit is not None:
        query = query.where(LtiUser.unit == filters.unit)
    if filters.issuer:
        query = query.where(LtiUser.issuer == filters.issuer)
    if filters.below:
        query = query.where(total < target())
    return query


@dataclass(frozen=True)
class LearnerRow:
    user_id: int
    name: str
    nip: str
    unit: str
    issuer: str
    total: Decimal  # the year's JP, all categories
    jp: Decimal  # of the chosen category (the total when none)

    @property
    def below(self):
        return self.total < target()


def learners(filters, page=1, size=None):
    """(rows of the page, number of learners) matching ``filters``, by name."""
    size = size or PAGE_SIZE
    total = _sum(filters.year)
    columns = [LtiUser.id, LtiUser.name, LtiUser.nip, LtiUser.unit, LtiUser.issuer, total.label("total")]
    if filters.category:  # else the JP shown are the total: summed once
        columns.append(_sum(filters.year, filters.category).label("jp"))
    query = _where(sa.select(*columns), filters, total)
    count = db.session.execute(_where(sa.select(sa.func.count()).select_from(LtiUser), filters, total)).scalar()
    rows = db.session.execute(query.order_by(LtiUser.name, LtiUser.id).limit(size).offset((page - 1) * size)).all()
    return [LearnerRow(r.id, r.name, r.nip, r.unit, r.issuer, max(Decimal(r.total), Decimal(0)),
                       Decimal(r.jp if filters.category else r.total)) for r in rows], count


@dataclass(frozen=True)
class UnitRow:
    unit: str
    learners: int
    jp: Decimal
    below: int


def unit_summary(filters):
    """[UnitRow] per unit of work of the learners matching ``filters``: learners, their JP (of the category when
    chosen), how many are below the target."""
    total = _sum(filters.year)
    columns = [LtiUser.unit.label("unit"), total.label("total")]
    if filters.category:
        columns.append(_sum(filters.year, filters.category).label("jp"))
    # MATERIALIZED: else PostgreSQL inlines the subquery and sums each learner's year once per use of ``total``
    inner = _where(sa.select(*columns), filters, total).cte("totals").prefix_with("MATERIALIZED")
    below = sa.func.sum(sa.case((inner.c.total < target(), 1), else_=0))
    jp = inner.c.jp if filters.category else inner.c.total
    rows = db.session.execute(sa.select(inner.c.unit, sa.func.count(), sa.func.sum(jp), below)
                              .group_by(inner.c.unit).order_by(inner.c.unit)).all()
    return [UnitRow(unit, count, Decimal(jp or 0), int(n or 0)) for unit, count, jp, n in rows]


_UNITS = sa.text(
    "WITH RECURSIVE found(unit) AS (SELECT min(unit) FROM lti_user WHERE unit > '' UNION ALL "
    "SELECT (SELECT min(unit) FROM lti_user WHERE unit > found.unit) FROM found WHERE found.unit IS NOT NULL) "
    "SELECT unit FROM found WHERE unit IS NOT NULL")


def units():
    """The units of work known, for the filter: one probe of the index on ``lti_user.unit`` per unit (a "loose
    index scan"), not a DISTINCT over every learner (50 ms for 100,000)."""
    return list(db.session.execute(_UNITS).scalars())


def issuers():
    """The registered platforms' issuers, for the filter (the learners' table is not scanned for them)."""
    return list(db.session.execute(sa.select(Platform.issuer).distinct().order_by(Platform.issuer)).scalars())


_ENTRY_COLUMNS = ("id", "course_title", "activity_title", "organiser", "started_on", "ended_on", "jp", "category",
                  "entry")


def _entry_column(table, name, as_text):
    column = table.c[name]
    return sa.cast(column, sa.String).label(name) if as_text and name in ("started_on", "ended_on", "jp") else column


class _People(dict):
    """{user id: (nip, name, unit)}; a learner the export's statement sees but the list read just before it did not
    (committed in between: two statements, two snapshots) is read when met, ("", "", "") if deleted since."""

    def __init__(self, connection):
        super().__init__()
        self.connection = connection

    def __missing__(self, user_id):
        row = self.connection.execute(sa.select(LtiUser.nip, LtiUser.name, LtiUser.unit)
                                      .where(LtiUser.id == user_id)).first()
        self[user_id] = found = tuple(row) if row else ("", "", "")
        return found


def export_rows(filters, batch=5000, as_text=False):
    """The learners matching ``filters`` with their ledger rows of the year (of the category when chosen), ordered
    by unit, name, learner, entry: (people, rows) with {user id: (nip, name, unit)} of the learners (read once, not
    on each of their 10 lines) and up to ``batch`` rows ``(user_id, id, course_title, activity_title, organiser,
    started_on, ended_on, jp, category, entry)``, one per entry; a learner without any has one row with ``id`` and
    the entry's columns None. One statement read through a server-side cursor
    (``yield_per``): on PostgreSQL the learners (``ix_lti_user_unit``) sorted, then a LATERAL probe of each one's year
    on the index (user_id, year) — a plain join was a sequential scan of the whole ledger and an external sort. Core
    rows, no ORM objects for 100,000 lines. ``as_text``: dates (ISO) and JP come as the database's text (the CSV
    formats each distinct one once; loading a Decimal and two dates per line was a third of the export's CPU)."""
    total = _sum(filters.year)
    connection = db.session.connection()
    ledger = LearningCredit.__table__
    wanted = [ledger.c.year == filters.year]
    if filters.category:
        wanted.append(ledger.c.category == filters.category)
    if connection.dialect.name == "postgresql":
        # ORDER BY keeps the subquery a LATERAL probe per learner (without it PostgreSQL pulls it up into a plain
        # join: a sequential scan of the ledger and an external sort, 580 ms); no JIT for this transaction (75 ms of
        # compiling for a plan of index probes)
        credit = sa.select(*(_entry_column(ledger, n, as_text) for n in _ENTRY_COLUMNS)).where(
            ledger.c.user_id == LtiUser.id, *wanted).order_by(ledger.c.id).lateral("credit")
        joined, on = credit, sa.true()
        connection.execute(sa.text("SET LOCAL jit = off"))
    else:  # no LATERAL; small databases
        credit, joined, on = ledger, ledger, sa.and_(ledger.c.user_id == LtiUser.id, *wanted)
    columns = [_entry_column(credit, n, as_text) if credit is ledger else credit.c[n] for n in _ENTRY_COLUMNS]
    people = _People(connection)
    people.update((row[0], row[1:]) for row in connection.execute(_where(
        sa.select(LtiUser.id, LtiUser.nip, LtiUser.name, LtiUser.unit), filters, total)))
    query = _where(sa.select(LtiUser.id.label("user_id"), *columns).select_from(LtiUser).outerjoin(joined, on),
                   filters, total)
    result = connection.execute(query.order_by(LtiUser.unit, LtiUser.name, LtiUser.id, credit.c.id),
                                execution_options={"yield_per": batch})
    for part in result.partitions():
        yield people, part
