"""feedback invitations

Issue 14, level 3: the people invited by a personal link to answer a form (alumni, and the supervisors they name),
each wave's invitation (only the token's SHA-256 is stored; UNIQUE(invitee_id, wave) lets the due job send a wave
once), the form's schedule (course end, waves in months, link validity) and the side (alumnus or supervisor) a
response came from, without any key to the invitation.

Revision ID: 0015_feedback_invitations
Revises: 0014_feedback_templates
Create Date: 2026-12-06 01:54:25.260656

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_feedback_invitations'
down_revision = '0014_feedback_templates'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_invitee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('alumnus_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('added_by', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['added_by'], ['lti_user.id'], name=op.f('fk_feedback_invitee_added_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['alumnus_id'], ['feedback_invitee.id'], name=op.f('fk_feedback_invitee_alumnus_id_feedback_invitee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_invitee_form_id_feedback_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_feedback_invitee_user_id_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_invitee'))
    )
    with op.batch_alter_table('feedback_invitee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_invitee_alumnus_id'), ['alumnus_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_invitee_form_id'), ['form_id'], unique=False)

    op.create_table('feedback_schedule',
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('course_end', sa.Date(), nullable=True),
    sa.Column('waves', sa.JSON(), nullable=False),
    sa.Column('link_days', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_schedule_form_id_feedback_form'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('form_id', name=op.f('pk_feedback_schedule'))
    )
    op.create_table('feedback_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('invitee_id', sa.Integer(), nullable=False),
    sa.Column('wave', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('response_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_invitation_form_id_feedback_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitee_id'], ['feedback_invitee.id'], name=op.f('fk_feedback_invitation_invitee_id_feedback_invitee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_response.id'], name=op.f('fk_feedback_invitation_response_id_feedback_response'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_invitation')),
    sa.UniqueConstraint('invitee_id', 'wave', name=op.f('uq_feedback_invitation_invitee_id_wave')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_feedback_invitation_token_hash'))
    )
    with op.batch_alter_table('feedback_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_invitation_form_id'), ['form_id'], unique=False)

    op.create_table('feedback_response_side',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_response_side_form_id_feedback_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_response.id'], name=op.f('fk_feedback_response_side_response_id_feedback_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_feedback_response_side')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('feedback_response_side', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_response_side_form_id'), ['form_id'], unique=False)



def downgrade():
    with op.batch_alter_table('feedback_response_side', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_response_side_form_id'))

    op.drop_table('feedback_response_side')
    with op.batch_alter_table('feedback_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_invitation_form_id'))

    op.drop_table('feedback_invitation')
    op.drop_table('feedback_schedule')
    with op.batch_alter_table('feedback_invitee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_invitee_form_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_invitee_alumnus_id'))

    op.drop_table('feedback_invitee')
