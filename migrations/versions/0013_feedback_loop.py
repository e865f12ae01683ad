"""feedback loop: open answers' tags, group discussions, revision requests

Issue 14, "from a finding to a change": ``feedback_answer_tag`` (the instructor's tags, keyed by the answer's random
id and nothing else: no user, no time; WITHOUT ROWID on SQLite like the answers), ``feedback_discussion`` and its
points (tagged, JSON), and the core ``revision_request`` (a finding of one activity answered in a version of a module
of the same course). Another branch adds 0012; the chain is joined at the merge.

Revision ID: 0013_feedback_loop
Revises: 0012_feedback_report
Create Date: 2026-12-06 01:58:03.746552

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_feedback_loop'
down_revision = '0012_feedback_report'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('revision_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('target_activity_id', sa.Integer(), nullable=False),
    sa.Column('source_activity_id', sa.Integer(), nullable=True),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.Column('source_ref', sa.String(length=64), nullable=False),
    sa.Column('source_label', sa.Text(), nullable=False),
    sa.Column('figure', sa.Text(), nullable=False),
    sa.Column('quotes', sa.JSON(), nullable=False),
    sa.Column('change', sa.Text(), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('addressed_in', sa.Integer(), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by'], ['lti_user.id'], name=op.f('fk_revision_request_answered_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_revision_request_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opened_by'], ['lti_user.id'], name=op.f('fk_revision_request_opened_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_activity_id'], ['activity.id'], name=op.f('fk_revision_request_source_activity_id_activity'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['target_activity_id'], ['activity.id'], name=op.f('fk_revision_request_target_activity_id_activity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revision_request'))
    )
    with op.batch_alter_table('revision_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_request_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_request_source_activity_id'), ['source_activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revision_request_target_activity_id'), ['target_activity_id'], unique=False)

    op.create_table('feedback_discussion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['lti_user.id'], name=op.f('fk_feedback_discussion_created_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_discussion_form_id_feedback_form'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_discussion'))
    )
    with op.batch_alter_table('feedback_discussion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_discussion_form_id'), ['form_id'], unique=False)

    op.create_table('feedback_discussion_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('discussion_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['discussion_id'], ['feedback_discussion.id'], name=op.f('fk_feedback_discussion_point_discussion_id_feedback_discussion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_discussion_point'))
    )
    with op.batch_alter_table('feedback_discussion_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_discussion_point_discussion_id'), ['discussion_id'], unique=False)

    op.create_table('feedback_answer_tag',
    sa.Column('answer_id', sa.String(length=32), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['feedback_answer.id'], name=op.f('fk_feedback_answer_tag_answer_id_feedback_answer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('answer_id', 'tag', name=op.f('pk_feedback_answer_tag')),
    sqlite_with_rowid=False
    )


def downgrade():
    op.drop_table('feedback_answer_tag')
    with op.batch_alter_table('feedback_discussion_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_discussion_point_discussion_id'))

    op.drop_table('feedback_discussion_point')
    with op.batch_alter_table('feedback_discussion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_discussion_form_id'))

    op.drop_table('feedback_discussion')
    with op.batch_alter_table('revision_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_request_target_activity_id'))
        batch_op.drop_index(batch_op.f('ix_revision_request_source_activity_id'))
        batch_op.drop_index(batch_op.f('ix_revision_request_course_id'))

    op.drop_table('revision_request')
