"""modules: settings, draft, versions, audit trail, attachments

The kind ``lti_tool.modules`` (issue 13, step 2). A version is immutable and the audit trail is append-only: besides
the code, which has no path that changes either, a trigger refuses an UPDATE of their content on SQLite and on
PostgreSQL (a ``created_by``/``user_id`` set to NULL when a user row goes is still allowed). Rows go only with their
module (the activity's deletion cascades).

``module.published_version_id`` points at ``module_version``, which points back at ``module``: SQLite takes the
foreign key inside CREATE TABLE; on PostgreSQL it is added once both tables exist.

Revision ID: 0009_modules
Revises: 0008_admin_security
Create Date: 2026-12-05 12:04:36.227040

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_modules'
down_revision = '0008_admin_security'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('module',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('published_version_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_module_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_version_id'], ['module_version.id'], name=op.f('fk_module_published_version_id_module_version'), ondelete='SET NULL', use_alter=True),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_module'))
    )
    op.create_table('module_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['module.activity_id'], name=op.f('fk_module_attachment_module_id_module'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by'], ['lti_user.id'], name=op.f('fk_module_attachment_uploaded_by_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_attachment')),
    sa.UniqueConstraint('module_id', 'filename', name=op.f('uq_module_attachment_module_id_filename'))
    )
    op.create_table('module_audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=255), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['module.activity_id'], name=op.f('fk_module_audit_event_module_id_module'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_module_audit_event_user_id_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_audit_event'))
    )
    with op.batch_alter_table('module_audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_audit_event_module_id'), ['module_id'], unique=False)

    op.create_table('module_draft',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['module.activity_id'], name=op.f('fk_module_draft_module_id_module'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by'], ['lti_user.id'], name=op.f('fk_module_draft_updated_by_lti_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('module_id', name=op.f('pk_module_draft'))
    )
    op.create_table('module_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('word_count', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['lti_user.id'], name=op.f('fk_module_version_created_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['module_id'], ['module.activity_id'], name=op.f('fk_module_version_module_id_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_version')),
    sa.UniqueConstraint('module_id', 'number', name=op.f('uq_module_version_module_id_number'))
    )
    if op.get_bind().dialect.name != 'sqlite':
        op.create_foreign_key(op.f('fk_module_published_version_id_module_version'), 'module', 'module_version',
                              ['published_version_id'], ['id'], ondelete='SET NULL')
    _create_guards()


# Columns whose change is refused: a version's content, an audit event's content.
GUARDED = {
    'module_version': ('module_id', 'number', 'markdown', 'sections', 'word_count', 'created_at'),
    'module_audit_event': ('module_id', 'at', 'actor', 'action', 'version_number', 'detail'),
}


def _create_guards():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("""
            CREATE FUNCTION latih_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'rows of % cannot change (immutable, append-only)', TG_TABLE_NAME;
            END $$""")
    for table, columns in GUARDED.items():
        if dialect == 'sqlite':
            op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {', '.join(columns)} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, 'rows of {table} cannot change (immutable, append-only)'); END")
        elif dialect == 'postgresql':
            op.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {', '.join(columns)} ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION latih_refuse_update()")


def _drop_guards():
    dialect = op.get_bind().dialect.name
    for table in GUARDED:
        if dialect == 'sqlite':
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        elif dialect == 'postgresql':
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}")
    if dialect == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS latih_refuse_update()")


def downgrade():
    _drop_guards()
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_module_published_version_id_module_version'), 'module', type_='foreignkey')
    op.drop_table('module_version')
    op.drop_table('module_draft')
    with op.batch_alter_table('module_audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_audit_event_module_id'))

    op.drop_table('module_audit_event')
    op.drop_table('module_attachment')
    op.drop_table('module')
