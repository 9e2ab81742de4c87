"""synthesis: the council's assessments per focus area and the round's summary, in versions

Revision ID: synthesis
Revises: themes
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'synthesis'
# Chained after the themes builder's 0015_themes (merged into this branch).
down_revision = 'themes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'synthesis_text',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=120), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('is_draft', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['round_id'], ['review_round.id'],
            name=op.f('fk_synthesis_text_round_id_review_round'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['author_id'], ['user_account.id'],
            name=op.f('fk_synthesis_text_author_id_user_account'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_synthesis_text')),
    )
    op.create_index(
        'ix_synthesis_text_scope', 'synthesis_text', ['round_id', 'scope', 'id'], unique=False
    )


def downgrade():
    op.drop_index('ix_synthesis_text_scope', table_name='synthesis_text')
    op.drop_table('synthesis_text')
