"""learning record

Issue 15, first step: the append-only ledger of JP credited on the completion event (``learning_credit``): a credit
per completion, a reversal (negative JP, ``reverses_id``) per revoked completion, never updated or deleted;
UNIQUE(user_id, activity_id, entry, cycle) refuses a second open credit of the same activity to the same learner.

Revision ID: 0016_learning_record
Revises: 0015_feedback_invitations
Create Date: 2026-12-06 03:37:54.417742

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_learning_record'
down_revision = '0015_feedback_invitations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('learning_credit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('course_title', sa.String(length=255), nullable=False),
    sa.Column('activity_title', sa.String(length=255), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('jp', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('minutes_per_jp', sa.Integer(), nullable=False),
    sa.Column('entry', sa.String(length=10), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(entry = 'credit' AND jp > 0 AND reverses_id IS NULL) OR (entry = 'reversal' AND jp < 0 AND reverses_id IS NOT NULL)", name=op.f('ck_learning_credit_entry_sign')),
    sa.CheckConstraint("entry IN ('credit', 'reversal')", name=op.f('ck_learning_credit_entry_kind')),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_learning_credit_activity_id_activity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reverses_id'], ['learning_credit.id'], name=op.f('fk_learning_credit_reverses_id_learning_credit'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_learning_credit_user_id_lti_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_credit')),
    sa.UniqueConstraint('reverses_id', name=op.f('uq_learning_credit_reverses_id')),
    sa.UniqueConstraint('user_id', 'activity_id', 'entry', 'cycle', name=op.f('uq_learning_credit_user_id_activity_id_entry_cycle'))
    )
    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.create_index('ix_learning_credit_user_year', ['user_id', 'year'], unique=False)



def downgrade():
    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.drop_index('ix_learning_credit_user_year')

    op.drop_table('learning_credit')
