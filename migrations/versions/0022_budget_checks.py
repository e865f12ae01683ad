"""budget checks

Issue 16: every item of a stored price list gets its tax treatment (``tax``: ``ppn``, ``non_ppn`` or ``pbjt``);
lists imported before it had no such column, so their items are PPN objects (the import's default). A handed-in
budget keeps the units each check was scored over (``check_units``, for partial credit), and the instructor's
overrides of automatic findings are kept with their note, who and when (``budget_finding_override``).

Revision ID: 0022_budget_checks
Revises: 0016_learning_record
Create Date: 2026-12-06 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_budget_checks'
down_revision = '0020_followup'
branch_labels = None
depends_on = None

_lists = sa.table('budget_reference_list', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                  sa.column('items', sa.JSON))


def _retag(change):
    bind = op.get_bind()
    for row in bind.execute(sa.select(_lists.c.id, _lists.c['items']).where(_lists.c.kind == 'prices')).all():
        items = [change(dict(item)) for item in (row.items or [])]
        bind.execute(_lists.update().where(_lists.c.id == row.id).values(items=items))


def _with_tax(item):
    item.setdefault('tax', 'ppn')
    return item


def _without_tax(item):
    item.pop('tax', None)
    return item


def upgrade():
    op.create_table('budget_finding_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('finding_index', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('overridden_by', sa.Integer(), nullable=True),
    sa.Column('overridden_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['overridden_by'], ['lti_user.id'], name=op.f('fk_budget_finding_override_overridden_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['budget_submission.id'], name=op.f('fk_budget_finding_override_submission_id_budget_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_finding_override')),
    sa.UniqueConstraint('submission_id', 'finding_index', name=op.f('uq_budget_finding_override_submission_id_finding_index'))
    )
    with op.batch_alter_table('budget_finding_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_budget_finding_override_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('budget_submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_units', sa.JSON(), nullable=True))
    _retag(_with_tax)


def downgrade():
    _retag(_without_tax)
    with op.batch_alter_table('budget_submission', schema=None) as batch_op:
        batch_op.drop_column('check_units')

    with op.batch_alter_table('budget_finding_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_budget_finding_override_submission_id'))

    op.drop_table('budget_finding_override')

