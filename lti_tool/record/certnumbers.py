"""The certificate number of a ledger entry, for the exports.

``certificate_numbers(credit_rows)`` takes ledger rows (anything with ``id``, the ``learning_credit`` id; ``None``
for a learner without entries is skipped) and returns {credit id: certificate number}: the number of the
certificate in force that the learner holds for the course of the entry's activity. An entry without one (training
done elsewhere, a course without certificates, a revoked certificate) is absent. One query per batch of rows.
"""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from ..activities.models import Activity
from ..extensions import db
from .models import CREDIT, LearningCredit


def certificate_numbers(credit_rows):
    """{learning_credit id: certificate number} of the rows whose course gave the learner a certificate in force."""
    from ..certificates.models import Certificate  # core too; read here so the record loads without it first

    ids = [row.id for row in credit_rows if row is not None]
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    connection = db.session.connection()
    # one array parameter written as its text (psycopg's dumping of a list of 5,000 ints took ~10 ms a batch)
    wanted = (LearningCredit.id == sa.func.any(sa.cast(sa.literal("{" + ",".join(map(str, ids)) + "}"),
                                                       ARRAY(sa.Integer)))
              if connection.dialect.name == "postgresql" else LearningCredit.id.in_(ids))
    query = (sa.select(LearningCredit.id, Certificate.number)
             .join(Activity, Activity.id == LearningCredit.activity_id)
             .join(Certificate, sa.and_(Certificate.user_id == LearningCredit.user_id,
                                        Certificate.course_id == Activity.course_id,
                                        Certificate.revoked_at.is_(None)))
             .where(wanted, LearningCredit.entry == CREDIT)
             .order_by(Certificate.issued_at, Certificate.id))
    return {credit_id: number for credit_id, number in connection.execute(query)}
