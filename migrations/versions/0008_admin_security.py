"""admin area: server-side sessions (signing out ends them) and the sign-in counters (when Redis is not used)

admin_session: one row per signed-in browser, keyed by the SHA-256 of the token in its cookie.
admin_login_counter: attempts per address, account, and account and address, written by single upserts.
Admins signed in before this revision sign in again (their cookies name no server-side session).

Revision ID: 0008_admin_security
Revises: 0007_finding_params
Create Date: 2026-12-05 11:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_admin_security'
down_revision = '0007_finding_params'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('admin_login_counter',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(), nullable=False),
    sa.Column('prev_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_admin_login_counter'))
    )
    with op.batch_alter_table('admin_login_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_login_counter_expires_at'), ['expires_at'], unique=False)

    op.create_table('admin_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('admin_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['admin_id'], ['admin_user.id'], name=op.f('fk_admin_session_admin_id_admin_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_session'))
    )
    with op.batch_alter_table('admin_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_session_admin_id'), ['admin_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_admin_session_last_seen_at'), ['last_seen_at'], unique=False)



def downgrade():
    with op.batch_alter_table('admin_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_session_last_seen_at'))
        batch_op.drop_index(batch_op.f('ix_admin_session_admin_id'))

    op.drop_table('admin_session')
    with op.batch_alter_table('admin_login_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_login_counter_expires_at'))

    op.drop_table('admin_login_counter')
