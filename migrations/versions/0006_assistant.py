"""the review assistant: conversations, messages; online sessions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 06:00:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('online', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        'assistant_conversation',
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['participant_id'], ['participant.id'],
            name=op.f('fk_assistant_conversation_participant_id_participant'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('participant_id', name=op.f('pk_assistant_conversation')),
    )
    op.create_table(
        'assistant_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['participant_id'], ['participant.id'],
            name=op.f('fk_assistant_message_participant_id_participant'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_message')),
    )
    op.create_index(
        'ix_assistant_message_participant', 'assistant_message', ['participant_id', 'id']
    )


def downgrade():
    op.drop_index('ix_assistant_message_participant', table_name='assistant_message')
    op.drop_table('assistant_message')
    op.drop_table('assistant_conversation')
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('online')
