"""feedback: a training centre's own templates

Issue 14: instructors save a form as a template of their platform (issuer); saving again under the same name makes
a new version under the same key. Forms record the key and version they were built from (feedback_form already has
template_key and template_version).

Revision ID: 0014_feedback_templates
Revises: 0013_feedback_loop
Create Date: 2026-12-06 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_feedback_templates'
down_revision = '0013_feedback_loop'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_own_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_folded', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('persons', sa.JSON(), nullable=False),
    sa.Column('source_form_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['lti_user.id'], name=op.f('fk_feedback_own_template_created_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_form_id'], ['feedback_form.activity_id'], name=op.f('fk_feedback_own_template_source_form_id_feedback_form'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_own_template')),
    sa.UniqueConstraint('issuer', 'key', 'version', name=op.f('uq_feedback_own_template_issuer_key_version'))
    )
    with op.batch_alter_table('feedback_own_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_own_template_issuer'), ['issuer'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback_own_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_own_template_issuer'))

    op.drop_table('feedback_own_template')
