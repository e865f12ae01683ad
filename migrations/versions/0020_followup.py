"""follow-up sessions

Issue 15: follow-up sessions (a kind of activity: ``followup_session``, ``followup_invitee``, ``followup_signup``;
UNIQUE(session, person) for the sign-ups) and the core's recommended next steps of a course
(``course_next_step``, UNIQUE(course, activity)).

Revision ID: 0020_followup
Revises: 0016_learning_record
Create Date: 2026-12-06 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_followup'
down_revision = '0018_record_entries'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('followup_session',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=1000), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('jp', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('code_secret', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_followup_session_activity_id_activity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_followup_session'))
    )
    op.create_table('followup_invitee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('institution', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['followup_session.activity_id'], name=op.f('fk_followup_invitee_activity_id_followup_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['added_by'], ['lti_user.id'], name=op.f('fk_followup_invitee_added_by_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_invitee')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_followup_invitee_token_hash'))
    )
    with op.batch_alter_table('followup_invitee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_invitee_activity_id'), ['activity_id'], unique=False)
    op.create_table('followup_signup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('invitee_id', sa.Integer(), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('signed_up_at', sa.DateTime(), nullable=False),
    sa.Column('attended_at', sa.DateTime(), nullable=True),
    sa.Column('attended_via', sa.String(length=10), nullable=False),
    sa.CheckConstraint('(user_id IS NULL) <> (invitee_id IS NULL)', name=op.f('ck_followup_signup_one_person')),
    sa.ForeignKeyConstraint(['activity_id'], ['followup_session.activity_id'], name=op.f('fk_followup_signup_activity_id_followup_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitee_id'], ['followup_invitee.id'], name=op.f('fk_followup_signup_invitee_id_followup_invitee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_followup_signup_user_id_lti_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_signup')),
    sa.UniqueConstraint('activity_id', 'invitee_id', name=op.f('uq_followup_signup_activity_id_invitee_id')),
    sa.UniqueConstraint('activity_id', 'user_id', name=op.f('uq_followup_signup_activity_id_user_id'))
    )
    with op.batch_alter_table('followup_signup', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_signup_activity_id'), ['activity_id'], unique=False)
    op.create_table('course_next_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_course_next_step_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['added_by'], ['lti_user.id'], name=op.f('fk_course_next_step_added_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_course_next_step_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_next_step')),
    sa.UniqueConstraint('course_id', 'activity_id', name=op.f('uq_course_next_step_course_id_activity_id'))
    )
    with op.batch_alter_table('course_next_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_next_step_course_id'), ['course_id'], unique=False)


def downgrade():
    with op.batch_alter_table('course_next_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_next_step_course_id'))
    op.drop_table('course_next_step')
    with op.batch_alter_table('followup_signup', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_signup_activity_id'))
    op.drop_table('followup_signup')
    with op.batch_alter_table('followup_invitee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_invitee_activity_id'))
    op.drop_table('followup_invitee')
    op.drop_table('followup_session')
