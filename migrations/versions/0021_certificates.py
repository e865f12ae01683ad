"""certificates (sertifikat / STTP)

Issue 15: a course's certificate rules (``certificate_setting``, ``certificate_requirement``: the activities a
learner must complete), the certificates issued (a snapshot of the printed fields; the public verification code;
revocation and the certificate that replaced it) and the numbering's counters per (institution, year).
UNIQUE(institution, number) and UNIQUE(institution, year, seq): no duplicate numbers; a partial unique index keeps
at most one certificate of a course in force per learner.

Revision ID: 0021_certificates
Revises: 0017_learner_identity
Create Date: 2026-12-06 04:55:00.610053

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_certificates'
down_revision = '0019_record_views'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_counter',
    sa.Column('institution', sa.String(length=255), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('institution', 'year', name=op.f('pk_certificate_counter'))
    )
    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('institution', sa.String(length=255), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('nip', sa.String(length=50), nullable=False),
    sa.Column('rank', sa.String(length=255), nullable=True),
    sa.Column('position', sa.String(length=255), nullable=True),
    sa.Column('training_name', sa.String(length=255), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=255), nullable=False),
    sa.Column('jp', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('result', sa.String(length=255), nullable=False),
    sa.Column('signatory_name', sa.String(length=255), nullable=False),
    sa.Column('signatory_title', sa.String(length=255), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_reason', sa.Text(), nullable=False),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_course_id_course'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issued_by'], ['lti_user.id'], name=op.f('fk_certificate_issued_by_lti_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['certificate.id'], name=op.f('fk_certificate_replaced_by_id_certificate'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['lti_user.id'], name=op.f('fk_certificate_user_id_lti_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('code', name=op.f('uq_certificate_code')),
    sa.UniqueConstraint('institution', 'number', name=op.f('uq_certificate_institution_number')),
    sa.UniqueConstraint('institution', 'year', 'seq', name=op.f('uq_certificate_institution_year_seq'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_certificate_in_force', ['course_id', 'user_id'], unique=True, postgresql_where=sa.text('revoked_at IS NULL'), sqlite_where=sa.text('revoked_at IS NULL'))

    op.create_table('certificate_setting',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('institution', sa.String(length=255), nullable=False),
    sa.Column('training_name', sa.String(length=255), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=255), nullable=False),
    sa.Column('jp', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('result', sa.String(length=255), nullable=False),
    sa.Column('signatory_name', sa.String(length=255), nullable=False),
    sa.Column('signatory_title', sa.String(length=255), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_setting_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('course_id', name=op.f('pk_certificate_setting'))
    )
    op.create_table('certificate_requirement',
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_certificate_requirement_activity_id_activity'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_certificate_requirement_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('activity_id', name=op.f('pk_certificate_requirement'))
    )
    with op.batch_alter_table('certificate_requirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_requirement_course_id'), ['course_id'], unique=False)



def downgrade():
    with op.batch_alter_table('certificate_requirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_requirement_course_id'))

    op.drop_table('certificate_requirement')
    op.drop_table('certificate_setting')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index('uq_certificate_in_force', postgresql_where=sa.text('revoked_at IS NULL'), sqlite_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_certificate_user_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_course_id'))

    op.drop_table('certificate')
    op.drop_table('certificate_counter')
