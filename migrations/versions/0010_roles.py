"""accounts and roles: session epochs, round owners and co-hosts

Existing accounts keep their role (facilitator or admin) and start at epoch 0, so their old
cookies (whose id has no epoch) no longer load: everyone logs in once after the upgrade.
Existing rounds get no owner; every staff member may run an ownerless round.

Revision ID: roles
Revises: participation
Create Date: 2026-12-01 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'roles'
down_revision = 'participation'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_review_round_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_review_round_owner_id_user_account'),
            'user_account', ['owner_id'], ['id'], ondelete='SET NULL',
        )
    op.create_table(
        'round_cohost',
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['round_id'], ['review_round.id'],
            name=op.f('fk_round_cohost_round_id_review_round'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_round_cohost_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('round_id', 'user_id', name=op.f('pk_round_cohost')),
    )


def downgrade():
    op.drop_table('round_cohost')
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_review_round_owner_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_review_round_owner_id'))
        batch_op.drop_column('owner_id')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
