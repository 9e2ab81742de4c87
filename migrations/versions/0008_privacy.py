"""privacy: sessions ask for name and organisation only when set to; erased participants

Revision ID: privacy
Revises: 0007
Create Date: 2026-12-01 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'privacy'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('ask_identity', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('ask_identity')
