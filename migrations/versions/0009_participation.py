"""participant removal (soft delete), the joining PIN and when a session closed

Revision ID: participation
Revises: privacy
Create Date: 2026-12-01 12:00:00

"""
from alembic import op
import sqlalchemy as sa
from datetime import UTC, datetime


revision = 'participation'
down_revision = 'privacy'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('removed_reason', sa.Text(), server_default='', nullable=False)
        )
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('join_pin', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
    # Sessions closed before this had no closing time: their retention counts from now.
    # A bound UTC value: CURRENT_TIMESTAMP is the server's local time on PostgreSQL.
    op.get_bind().execute(
        sa.text("UPDATE workshop_session SET closed_at = :now WHERE status = 'closed'"),
        {"now": datetime.now(UTC).replace(tzinfo=None)},
    )


def downgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('join_pin')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('removed_reason')
        batch_op.drop_column('removed_at')
