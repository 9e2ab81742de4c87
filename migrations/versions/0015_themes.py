"""themes: the stored features of free texts

text_feature keeps each free text's embedding and terms by the text's hash, so that themes
compute a text's features once.

Revision ID: themes
Revises: stepkinds
Create Date: 2026-12-01 17:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'themes'
down_revision = 'stepkinds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'text_feature',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('model', sa.String(length=40), nullable=False),
        sa.Column('vector', sa.LargeBinary(), nullable=False),
        sa.Column('terms', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade():
    op.drop_table('text_feature')
