"""learning record views: the index the staff's, the admin's and the exports' sums read

Issue 15: a learner's JP of a year is summed per learner by (user_id, year); with category and jp in the index
the sum is an index-only scan (PostgreSQL) and never touches the table. ``lti_user.unit`` (the admin's filter) is
indexed since 0017.

Revision ID: 0019_record_views
Revises: 0017_learner_identity
Create Date: 2026-12-06 06:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_record_views'
down_revision = '0022_budget_checks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.create_index('ix_learning_credit_user_year_sum', ['user_id', 'year', 'category', 'jp'], unique=False)


def downgrade():
    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.drop_index('ix_learning_credit_user_year_sum')
