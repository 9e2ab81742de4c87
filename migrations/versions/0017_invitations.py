"""invitations: invitations of the register's contacts, the record of every message, reminder times

Revision ID: invitations
Revises: api
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'invitations'
down_revision = 'api'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invitation_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('send_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('sent_count', sa.Integer(), nullable=False),
    sa.Column('link_base', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['review_round.id'], name=op.f('fk_invitation_reminder_round_id_review_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation_reminder'))
    )
    with op.batch_alter_table('invitation_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_reminder_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_reminder_send_at'), ['send_at'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('token_nonce', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('answer', sa.String(length=12), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('joined_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("answer IN ('coming', 'not_coming')", name=op.f('ck_invitation_invitation_answer')),
    sa.ForeignKeyConstraint(['contact_id'], ['register_contact.id'], name=op.f('fk_invitation_contact_id_register_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_invitation_participant_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['review_round.id'], name=op.f('fk_invitation_round_id_review_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['workshop_session.id'], name=op.f('fk_invitation_session_id_workshop_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('contact_id', 'session_id', name=op.f('uq_invitation_contact_id_session_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash')),
    sa.UniqueConstraint('token_nonce', name=op.f('uq_invitation_token_nonce'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_participant_id'), ['participant_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_invitation_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_session_id'), ['session_id'], unique=False)

    op.create_table('unsubscribed_address',
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('address_hash', name=op.f('pk_unsubscribed_address'))
    )
    op.create_table('mail_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('link_base', sa.String(length=300), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], name=op.f('fk_mail_message_invitation_id_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_message'))
    )
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_message_invitation_id'), ['invitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_message_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('mail_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_message_status'))
        batch_op.drop_index(batch_op.f('ix_mail_message_invitation_id'))

    op.drop_table('mail_message')
    op.drop_table('unsubscribed_address')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_session_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_participant_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_round_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_contact_id'))

    op.drop_table('invitation')
    with op.batch_alter_table('invitation_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_reminder_send_at'))
        batch_op.drop_index(batch_op.f('ix_invitation_reminder_round_id'))

    op.drop_table('invitation_reminder')
