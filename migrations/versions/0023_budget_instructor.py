"""budget instructor

Issue 16, the instructor's side: an exercise keeps a model answer (``model_answer``: {"locale", "lines"}, lines in
the learner's document format) that the grading page compares a learner's lines with; exercises saved as templates
of their platform (``budget_template``).

Revision ID: 0023_budget_instructor
Revises: 0021_certificates
Create Date: 2026-12-06 06:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_budget_instructor'
down_revision = '0026_learner_rank'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('model_answer', sa.JSON(), nullable=True))
    op.create_table(
        'budget_template',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('issuer', sa.String(length=500), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('name_folded', sa.String(length=120), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['lti_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('issuer', 'name_folded'),
    )
    with op.batch_alter_table('budget_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_template_issuer'), ['issuer'], unique=False)


def downgrade():
    with op.batch_alter_table('budget_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_template_issuer'))
    op.drop_table('budget_template')
    with op.batch_alter_table('budget_exercise', schema=None) as batch_op:
        batch_op.drop_column('model_answer')
