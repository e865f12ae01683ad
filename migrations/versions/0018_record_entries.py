"""record entries: JP settings per activity, training done elsewhere

Issue 15: ``activity.jp_category`` (the instructor's category; NULL: the kind's default), ``budget_exercise.jp`` (the
budgeting exercise's planned JP); entries from outside the tool (``record_external_entry``, their evidence files in
``record_evidence``, the audit trail ``record_external_event``); ``learning_credit.external_id`` links a ledger row to
the accepted entry it credits, UNIQUE(external_id, entry, cycle) credits it once.

Revision ID: 0018_record_entries
Revises: 0017_learner_identity
Create Date: 2026-12-06 04:53:05.651945

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_record_entries'
down_revision = '0017_learner_identity'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('record_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_evidence'))
    )
    with op.batch_alter_table('record_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_evidence_sha256'), ['sha256'], unique=False)

    op.create_table('record_external_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('title_key', sa.String(length=255), nullable=False),
    sa.Column('organiser', sa.String(length=255), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=False),
    sa.Column('jp', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected', 'revoked')", name=op.f('ck_record_external_entry_status_known')),
    sa.CheckConstraint('jp > 0', name=op.f('ck_record_external_entry_jp_positive')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_record_external_entry_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['evidence_id'], ['record_evidence.id'], name=op.f('fk_record_external_entry_evidence_id_record_evidence'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_record_external_entry_user_id_lti_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_external_entry'))
    )
    with op.batch_alter_table('record_external_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_external_entry_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_record_external_entry_title_key'), ['title_key'], unique=False)
        batch_op.create_index('ix_record_external_entry_user_status', ['user_id', 'status'], unique=False)

    op.create_table('record_external_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_admin', sa.String(length=255), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['lti_user.id'], name=op.f('fk_record_external_event_actor_user_id_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['record_external_entry.id'], name=op.f('fk_record_external_event_entry_id_record_external_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_external_event'))
    )
    with op.batch_alter_table('record_external_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_external_event_entry_id'), ['entry_id'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jp_category', sa.String(length=100), nullable=True))

    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jp', sa.Numeric(precision=5, scale=2), nullable=True))

    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_learning_credit_external_id_entry_cycle'), ['external_id', 'entry', 'cycle'])
        batch_op.create_foreign_key(batch_op.f('fk_learning_credit_external_id_record_external_entry'), 'record_external_entry', ['external_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_learning_credit_external_id_record_external_entry'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_learning_credit_external_id_entry_cycle'), type_='unique')
        batch_op.drop_column('external_id')

    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.drop_column('jp')

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_column('jp_category')

    with op.batch_alter_table('record_external_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_external_event_entry_id'))

    op.drop_table('record_external_event')
    with op.batch_alter_table('record_external_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_record_external_entry_user_status')
        batch_op.drop_index(batch_op.f('ix_record_external_entry_title_key'))
        batch_op.drop_index(batch_op.f('ix_record_external_entry_course_id'))

    op.drop_table('record_external_entry')
    with op.batch_alter_table('record_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_evidence_sha256'))

    op.drop_table('record_evidence')
