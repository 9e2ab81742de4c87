"""the review assistant: conversations, messages, proposal drafts; online sessions

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-29 06:00:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0006'
down_revision = '0003'
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
    op.create_table(
        'assistant_proposal_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('target_ref', sa.String(length=400), nullable=False),
        sa.Column('focus_area_key', sa.String(length=120), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('rationale', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['participant_id'], ['participant.id'],
            name=op.f('fk_assistant_proposal_draft_participant_id_participant'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assistant_proposal_draft')),
    )
    op.create_index(
        op.f('ix_assistant_proposal_draft_participant_id'),
        'assistant_proposal_draft', ['participant_id'],
    )


def downgrade():
    op.drop_index(
        op.f('ix_assistant_proposal_draft_participant_id'), table_name='assistant_proposal_draft'
    )
    op.drop_table('assistant_proposal_draft')
    op.drop_index('ix_assistant_message_participant', table_name='assistant_message')
    op.drop_table('assistant_message')
    op.drop_table('assistant_conversation')
    with op.batch_alter_table('workshop_session', schema=None) as batch_op:
        batch_op.drop_column('online')
