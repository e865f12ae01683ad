"""budget instructor

Issue 16, the instructor's side: an exercise keeps a model answer (``model_answer``: {"locale", "lines"}, lines in
the learner's document format) that the grading page compares a learner's lines with.

Revision ID: 0023_budget_instructor
Revises: 0021_certificates
Create Date: 2026-12-06 06:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_budget_instructor'
down_revision = '0021_certificates'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('model_answer', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.drop_column('model_answer')
