"""recommendations: the Commission's recommendations and the rounds that consider them

Revision ID: recommendations
Revises: projector
Create Date: 2026-12-01 14:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'recommendations'
# Written beside other helpers' migrations on "roles"; the lead chains them when merging.
down_revision = 'projector'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'recommendation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('strategy_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('focus_area_keys', sa.JSON(), nullable=False),
        sa.Column('theme_keys', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('translations', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ['strategy_id'], ['strategy.id'],
            name=op.f('fk_recommendation_strategy_id_strategy'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation')),
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_recommendation_strategy_id'), ['strategy_id'], unique=False
        )
    op.create_table(
        'round_recommendation',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('recommendation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['recommendation_id'], ['recommendation.id'],
            name=op.f('fk_round_recommendation_recommendation_id_recommendation'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['round_id'], ['review_round.id'],
            name=op.f('fk_round_recommendation_round_id_review_round'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'round_id', 'recommendation_id', name=op.f('pk_round_recommendation')
        ),
    )
    with op.batch_alter_table('round_recommendation', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_round_recommendation_recommendation_id'),
            ['recommendation_id'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('round_recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_recommendation_recommendation_id'))
    op.drop_table('round_recommendation')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_strategy_id'))
    op.drop_table('recommendation')
