"""who sees a step's results: agenda_step.results_mode

Existing steps take the default, "reveal": the projector and the phones show a step's results
once the facilitator reveals them (before, the projector showed them live from the first
answer, and the room anchored on it).

Revision ID: projector
Revises: roles
Create Date: 2026-12-01 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'projector'
down_revision = 'roles'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agenda_step', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('results_mode', sa.String(length=10), server_default='reveal',
                      nullable=False)
        )


def downgrade():
    with op.batch_alter_table('agenda_step', schema=None) as batch_op:
        batch_op.drop_column('results_mode')
