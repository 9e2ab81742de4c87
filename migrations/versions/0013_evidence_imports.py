"""evidence imports: the file, time and kind of each evidence import, and whether it was the
demo's example data

Evidence imported before this revision has no record: the Word draft then says that its
source file was not recorded. Projects whose codes all start with ESIM- (the example file's
codes) are recorded as one example import, so an installation that ran the demo before the
upgrade still has its funding chapter say that the data are invented.

Revision ID: finish
Revises: recommendations
Create Date: 2026-12-01 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'finish'
down_revision = 'recommendations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'evidence_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('strategy_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('example', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ['strategy_id'], ['strategy.id'],
            name=op.f('fk_evidence_import_strategy_id_strategy'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_import')),
    )
    with op.batch_alter_table('evidence_import', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_evidence_import_strategy_id'), ['strategy_id'], unique=False
        )
    # The demo's example projects, imported before imports were recorded.
    op.execute(
        "INSERT INTO evidence_import "
        "(strategy_id, kind, file_name, imported_at, row_count, example) "
        "SELECT strategy_id, 'funding', 'example-funded-projects.csv', MAX(updated_at), "
        "COUNT(*), TRUE FROM funded_project GROUP BY strategy_id "
        "HAVING SUM(CASE WHEN code LIKE 'ESIM-%' THEN 0 ELSE 1 END) = 0"
    )


def downgrade():
    with op.batch_alter_table('evidence_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_import_strategy_id'))
    op.drop_table('evidence_import')
