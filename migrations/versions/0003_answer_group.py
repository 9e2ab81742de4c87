"""answer.group_id and the covering index of the live counts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 05:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
    # Answers already given take their participant's group.
    op.execute(
        "UPDATE answer SET group_id = "
        "(SELECT participant.group_id FROM participant WHERE participant.id = answer.participant_id)"
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.alter_column('group_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_answer_group_id_stakeholder_group'),
            'stakeholder_group', ['group_id'], ['id'], ondelete='RESTRICT',
        )
        batch_op.drop_index('ix_answer_session_id')
        batch_op.create_index(
            'ix_answer_live',
            ['session_id', 'question_id', 'focus_area_key', 'group_id', 'value'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_index('ix_answer_live')
        batch_op.create_index('ix_answer_session_id', ['session_id'], unique=False)
        batch_op.drop_constraint(
            batch_op.f('fk_answer_group_id_stakeholder_group'), type_='foreignkey'
        )
        batch_op.drop_column('group_id')
