"""activity completions (once per activity and learner); the score's last HTTP status

Revision ID: 0006_completion
Revises: 5b1f0e2c9d41
Create Date: 2026-12-05 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_completion'
down_revision = '5b1f0e2c9d41'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_completion_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_activity_completion_user_id_lti_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_completion')),
    sa.UniqueConstraint('activity_id', 'user_id', name=op.f('uq_activity_completion_activity_id_user_id'))
    )
    with op.batch_alter_table('activity_completion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_completion_user_id'), ['user_id'], unique=False)
    # The platform's last answer (HTTP status) to a retried or refused score, for the grade pages.
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_status', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_column('last_status')
    with op.batch_alter_table('activity_completion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_completion_user_id'))
    op.drop_table('activity_completion')
