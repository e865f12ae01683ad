"""feedback report settings

Issue 14, the report: a form's minimum group size for small-group suppression (5 by default, never below 3) and the
training centre's target for the 0–100 index (none by default). The link of a facilitator to a Moodle account is a
key of the form's ``persons`` JSON (no column).

Revision ID: 0012_feedback_report
Revises: 0011_feedback
Create Date: 2026-12-06 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_feedback_report'
down_revision = '0011_feedback'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback_form', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_minimum', sa.Integer(), nullable=False, server_default='5'))
        batch_op.add_column(sa.Column('index_target', sa.Numeric(precision=5, scale=2), nullable=True))


def downgrade():
    with op.batch_alter_table('feedback_form', schema=None) as batch_op:
        batch_op.drop_column('index_target')
        batch_op.drop_column('report_minimum')
