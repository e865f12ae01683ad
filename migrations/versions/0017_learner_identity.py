"""learner identity: NIP and unit of work; organiser and dates of a ledger entry

Issue 15: the learning record names civil servants by NIP and groups them by unit of work. ``lti_user.nip`` comes
from ``lis.person_sourcedid`` (Moodle's ID number) or a custom parameter; ``lti_user.unit`` from a custom parameter
or an import. Both "" when unknown. ``learning_credit`` gains who organised the learning and when it ran (the
tool's activities: "" and the completion's day; training done elsewhere: as entered), for the exports.

Revision ID: 0017_learner_identity
Revises: 0016_learning_record
Create Date: 2026-12-06 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_learner_identity'
down_revision = '0016_learning_record'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lti_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nip', sa.String(length=50), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('unit', sa.String(length=255), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_lti_user_nip'), ['nip'], unique=False)
        batch_op.create_index(batch_op.f('ix_lti_user_unit'), ['unit'], unique=False)
    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('started_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('learning_credit', schema=None) as batch_op:
        batch_op.drop_column('ended_on')
        batch_op.drop_column('started_on')
        batch_op.drop_column('organiser')
    with op.batch_alter_table('lti_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lti_user_unit'))
        batch_op.drop_index(batch_op.f('ix_lti_user_nip'))
        batch_op.drop_column('unit')
        batch_op.drop_column('nip')
