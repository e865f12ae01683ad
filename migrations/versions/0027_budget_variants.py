"""budget variants

Issue 16: per-learner scenario variants. An exercise keeps its variants (``variants``: [{label, participants,
pagu}]), the number of participants its text and required volumes are written for (``variant_base``) and how many
learners were given a variant so far (``variants_assigned``: the round-robin's counter, incremented in one UPDATE so
that two learners opening at once get different variants); a budget keeps its learner's variant (``variant``: an
index into the exercise's variants). Existing exercises have none: they work as before.

Revision ID: 0027_budget_variants
Revises: 0023_budget_instructor
Create Date: 2026-12-06 20:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027_budget_variants'
down_revision = '0023_budget_instructor'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('variants', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('variant_base', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('variants_assigned', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('budget_submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('variant', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('budget_submission', schema=None) as batch_op:
        batch_op.drop_column('variant')
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.drop_column('variants_assigned')
        batch_op.drop_column('variant_base')
        batch_op.drop_column('variants')
