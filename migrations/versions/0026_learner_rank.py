"""learner rank and position

Issue 15: certificates print the civil servant's rank/grade (pangkat/golongan) and position (jabatan) when known;
the platform may send them as custom parameters (LATIH_RANK_PARAM, LATIH_POSITION_PARAM). "" when unknown.

Revision ID: 0026_learner_rank
Revises: 0021_certificates
Create Date: 2026-12-06 06:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026_learner_rank'
down_revision = '0021_certificates'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lti_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rank', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('position', sa.String(length=255), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('lti_user', schema=None) as batch_op:
        batch_op.drop_column('position')
        batch_op.drop_column('rank')
