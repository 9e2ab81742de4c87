"""step kinds: open question, poll and prioritisation

agenda_step.config holds what such a step asks (its prompt, options, how many picks);
open_answer holds the answers of an open question with their moderation state, and
step_choice a participant's choice in a poll or a prioritisation.

Revision ID: stepkinds
Revises: finish
Create Date: 2026-12-01 14:45:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'stepkinds'
down_revision = 'finish'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agenda_step', schema=None) as batch_op:
        batch_op.add_column(sa.Column('config', sa.JSON(), server_default='{}', nullable=False))
    op.create_table(
        'open_answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('step_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('lemmas', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('hidden_reason', sa.Text(), nullable=False),
        sa.Column('moderated_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['stakeholder_group.id'], ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['moderated_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['step_id'], ['agenda_step.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('participant_id', 'client_id'),
    )
    op.create_index('ix_open_answer_participant_id', 'open_answer', ['participant_id'])
    op.create_index('ix_open_answer_step_status', 'open_answer', ['step_id', 'status'])
    op.create_table(
        'step_choice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('step_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('choices', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['stakeholder_group.id'], ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['step_id'], ['agenda_step.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('participant_id', 'step_id'),
    )
    op.create_index('ix_step_choice_step_id', 'step_choice', ['step_id'])


def downgrade():
    op.drop_index('ix_step_choice_step_id', table_name='step_choice')
    op.drop_table('step_choice')
    op.drop_index('ix_open_answer_step_status', table_name='open_answer')
    op.drop_index('ix_open_answer_participant_id', table_name='open_answer')
    op.drop_table('open_answer')
    with op.batch_alter_table('agenda_step', schema=None) as batch_op:
        batch_op.drop_column('config')
