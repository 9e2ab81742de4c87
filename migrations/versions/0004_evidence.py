"""evidence: indicator values and funded projects

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
# Written beside 0003 (another branch); chain onto it when both are merged.
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('strategy_id', sa.Integer(), nullable=False),
    sa.Column('indicator_key', sa.String(length=120), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['strategy_id'], ['strategy.id'], name=op.f('fk_indicator_value_strategy_id_strategy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_value')),
    sa.UniqueConstraint('strategy_id', 'indicator_key', 'year', name=op.f('uq_indicator_value_strategy_id_indicator_key_year'))
    )
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_value_strategy_id'), ['strategy_id'], unique=False)

    op.create_table('funded_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('strategy_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('organisation', sa.String(length=300), nullable=False),
    sa.Column('programme', sa.String(length=200), nullable=False),
    sa.Column('eu_funding_cents', sa.BigInteger(), nullable=False),
    sa.Column('national_funding_cents', sa.BigInteger(), nullable=False),
    sa.Column('total_cost_cents', sa.BigInteger(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('municipality', sa.String(length=120), nullable=False),
    sa.Column('focus_area_keys', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['strategy_id'], ['strategy.id'], name=op.f('fk_funded_project_strategy_id_strategy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funded_project')),
    sa.UniqueConstraint('strategy_id', 'code', name=op.f('uq_funded_project_strategy_id_code'))
    )
    with op.batch_alter_table('funded_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funded_project_strategy_id'), ['strategy_id'], unique=False)


def downgrade():
    with op.batch_alter_table('funded_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funded_project_strategy_id'))

    op.drop_table('funded_project')
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_value_strategy_id'))

    op.drop_table('indicator_value')
