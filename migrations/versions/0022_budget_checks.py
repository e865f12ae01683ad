"""budget checks

Issue 16: every item of a stored price list gets its tax treatment (``tax``: ``ppn``, ``non_ppn`` or ``pbjt``);
lists imported before it had no such column, so their items are PPN objects (the import's default).

Revision ID: 0022_budget_checks
Revises: 0016_learning_record
Create Date: 2026-12-06 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022_budget_checks'
down_revision = '0016_learning_record'
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
    _retag(_with_tax)


def downgrade():
    _retag(_without_tax)
