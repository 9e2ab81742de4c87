"""room: what happens next after the workshops, and comments held for approval

review_round.next_steps is the council's timetable that every wrap-up step shows;
proposal_comment.held keeps a participant's comment from others until a facilitator
approves it, when the round holds what participants write.

Revision ID: room
Revises: synthesis
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'room'
down_revision = 'synthesis'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_steps', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('proposal_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('proposal_comment', schema=None) as batch_op:
        batch_op.drop_column('held')
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.drop_column('next_steps')
