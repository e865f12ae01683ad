"""budgeting exercises: which header fields and indicators learners must fill in

Revision ID: 5b1f0e2c9d41
Revises: a73a8b3bfe5c
Create Date: 2026-11-28 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1f0e2c9d41'
down_revision = 'a73a8b3bfe5c'
branch_labels = None
depends_on = None


def upgrade():
    # NULL keeps the old rule for existing exercises: every header field and indicator is required.
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('required_fields', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.drop_column('required_fields')
