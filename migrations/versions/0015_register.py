"""register: the stakeholder register's organisations and contacts

Revision ID: register
Revises: stepkinds
Create Date: 2026-12-01 17:20:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'register'
down_revision = 'stepkinds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'register_organisation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('group_key', sa.String(length=60), nullable=False),
        sa.Column('sub_region', sa.String(length=40), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_organisation')),
        sa.UniqueConstraint('name', name=op.f('uq_register_organisation_name')),
    )
    with op.batch_alter_table('register_organisation', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_register_organisation_group_key'), ['group_key'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_register_organisation_sub_region'), ['sub_region'], unique=False
        )
    op.create_table(
        'register_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('unsubscribed_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "language IN ('fi', 'en')", name=op.f('ck_register_contact_contact_language')
        ),
        sa.ForeignKeyConstraint(
            ['organisation_id'],
            ['register_organisation.id'],
            name=op.f('fk_register_contact_organisation_id_register_organisation'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_contact')),
        sa.UniqueConstraint(
            'organisation_id', 'email', name=op.f('uq_register_contact_organisation_id_email')
        ),
    )
    with op.batch_alter_table('register_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_register_contact_email'), ['email'], unique=False)
        batch_op.create_index(
            batch_op.f('ix_register_contact_organisation_id'), ['organisation_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('register_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_register_contact_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_register_contact_email'))
    op.drop_table('register_contact')
    with op.batch_alter_table('register_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_register_organisation_sub_region'))
        batch_op.drop_index(batch_op.f('ix_register_organisation_group_key'))
    op.drop_table('register_organisation')
