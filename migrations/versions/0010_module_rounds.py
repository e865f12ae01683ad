"""module review rounds, reviewers, comments

Issue 13, step 3: a round on one version (its own copy of the groups, criteria and approval rule), the reviewers
invited to it (a Moodle user or an external reviewer; only the SHA-256 of each personal link's token is stored) with
their review on the same row, and comments (on a section or an anchored passage) with replies and the author's answers.
Everything goes with its module (the activity's deletion cascades).

Revision ID: 0010_module_rounds
Revises: 0009_modules
Create Date: 2026-12-05 19:06:37.774453

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_module_rounds'
down_revision = '0009_modules'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('module_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('rule', sa.JSON(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('show_comments', sa.Boolean(), nullable=False),
    sa.Column('hide_identities', sa.Boolean(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('against_rule', sa.Boolean(), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['lti_user.id'], name=op.f('fk_module_round_created_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by'], ['lti_user.id'], name=op.f('fk_module_round_decided_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['module_id'], ['module.activity_id'], name=op.f('fk_module_round_module_id_module'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['module_version.id'], name=op.f('fk_module_round_version_id_module_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_round')),
    sa.UniqueConstraint('module_id', 'number', name=op.f('uq_module_round_module_id_number'))
    )
    op.create_table('module_reviewer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('group', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('institution', sa.String(length=255), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('invited_by', sa.Integer(), nullable=True),
    sa.Column('emailed_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('recommendation', sa.String(length=30), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('review_state', sa.String(length=20), nullable=False),
    sa.Column('review_revision', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invited_by'], ['lti_user.id'], name=op.f('fk_module_reviewer_invited_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['previous_id'], ['module_reviewer.id'], name=op.f('fk_module_reviewer_previous_id_module_reviewer'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['module_round.id'], name=op.f('fk_module_reviewer_round_id_module_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_module_reviewer_user_id_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_reviewer')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_module_reviewer_token_hash'))
    )
    with op.batch_alter_table('module_reviewer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_reviewer_round_id'), ['round_id'], unique=False)

    op.create_table('module_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('section_id', sa.String(length=120), nullable=False),
    sa.Column('anchor', sa.JSON(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('blocking', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_in', sa.Integer(), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answered_by'], ['lti_user.id'], name=op.f('fk_module_comment_answered_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['module_comment.id'], name=op.f('fk_module_comment_parent_id_module_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['module_reviewer.id'], name=op.f('fk_module_comment_reviewer_id_module_reviewer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['module_round.id'], name=op.f('fk_module_comment_round_id_module_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_module_comment_user_id_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_comment'))
    )
    with op.batch_alter_table('module_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_comment_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_comment_round_id'), ['round_id'], unique=False)



def downgrade():
    with op.batch_alter_table('module_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_comment_round_id'))
        batch_op.drop_index(batch_op.f('ix_module_comment_parent_id'))

    op.drop_table('module_comment')
    with op.batch_alter_table('module_reviewer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_reviewer_round_id'))

    op.drop_table('module_reviewer')
    op.drop_table('module_round')
