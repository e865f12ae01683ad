"""feedback forms

Issue 14, step 1: a form per activity (named or anonymous, open/close, planned JP, the template it was built from, its
list of facilitators), its items, responses and answers, who has answered (completion), and the builder's audit trail.
Responses and answers have random text ids and no user or time (the day only); on SQLite they are WITHOUT ROWID tables,
so no hidden row number orders them. ``feedback_respondent`` links a response to its user for named forms only.
Everything goes with its activity (the deletion cascades).

Revision ID: 0011_feedback
Revises: 0010_module_rounds
Create Date: 2026-12-05 22:59:53.019716

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_feedback'
down_revision = '0010_module_rounds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_form',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('editable', sa.Boolean(), nullable=False),
    sa.Column('open_at', sa.DateTime(), nullable=True),
    sa.Column('close_at', sa.DateTime(), nullable=True),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('template_key', sa.String(length=40), nullable=False),
    sa.Column('template_version', sa.Integer(), nullable=False),
    sa.Column('persons', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_feedback_form_activity_id_activity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_feedback_form'))
    )
    op.create_table('feedback_audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_audit_event_form_id_feedback_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_feedback_audit_event_user_id_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_audit_event'))
    )
    with op.batch_alter_table('feedback_audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_audit_event_form_id'), ['form_id'], unique=False)

    op.create_table('feedback_completion',
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_completion_form_id_feedback_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_feedback_completion_user_id_lti_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('form_id', 'user_id', name=op.f('pk_feedback_completion'))
    )
    op.create_table('feedback_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('text_id', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('config', sa.JSON(), nullable=False),
    sa.Column('condition', sa.JSON(), nullable=True),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_item_form_id_feedback_form'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_item'))
    )
    with op.batch_alter_table('feedback_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_item_form_id'), ['form_id'], unique=False)

    op.create_table('feedback_response',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_response_form_id_feedback_form'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_response')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_response_form_id'), ['form_id'], unique=False)

    op.create_table('feedback_answer',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('person', sa.Integer(), nullable=True),
    sa.Column('number', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['feedback_item.id'], name=op.f('fk_feedback_answer_item_id_feedback_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_response.id'], name=op.f('fk_feedback_answer_response_id_feedback_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_answer')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('feedback_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_answer_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_answer_response_id'), ['response_id'], unique=False)

    op.create_table('feedback_respondent',
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_respondent_form_id_feedback_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_response.id'], name=op.f('fk_feedback_respondent_response_id_feedback_response'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_feedback_respondent_user_id_lti_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', name=op.f('pk_feedback_respondent')),
    sa.UniqueConstraint('form_id', 'user_id', name=op.f('uq_feedback_respondent_form_id_user_id'))
    )


def downgrade():
    op.drop_table('feedback_respondent')
    with op.batch_alter_table('feedback_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_answer_response_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_answer_item_id'))

    op.drop_table('feedback_answer')
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_response_form_id'))

    op.drop_table('feedback_response')
    with op.batch_alter_table('feedback_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_item_form_id'))

    op.drop_table('feedback_item')
    op.drop_table('feedback_completion')
    with op.batch_alter_table('feedback_audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_audit_event_form_id'))

    op.drop_table('feedback_audit_event')
    op.drop_table('feedback_form')
