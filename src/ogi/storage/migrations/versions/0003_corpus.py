"""issue 12: the corpus — original files stored once by content, their sources, readings and cells

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('corpus_blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=16), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('corpus_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error_code', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('agency', sa.Text(), nullable=True),
    sa.Column('agency_kind', sa.String(length=32), nullable=True),
    sa.Column('division_code', sa.String(length=12), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('format_version', sa.String(length=8), nullable=True),
    sa.Column('date_of_issue', sa.Date(), nullable=True),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('notices', sa.Integer(), nullable=False),
    sa.Column('timeliness', sa.String(length=16), nullable=True),
    sa.Column('days_late', sa.Integer(), nullable=True),
    sa.Column('metrics', sa.JSON(), nullable=True),
    sa.Column('model', sa.LargeBinary(), nullable=True),
    sa.Column('findings', sa.JSON(), nullable=True),
    sa.Column('identity', sa.JSON(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['corpus_blob.sha256'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256', 'version', name='uq_corpus_reading_sha256_version')
    )
    op.create_index('ix_corpus_reading_current', 'corpus_reading', ['current', 'year'], unique=False)
    op.create_index(op.f('ix_corpus_reading_division_code'), 'corpus_reading', ['division_code'], unique=False)
    op.create_table('corpus_source',
    sa.Column('location', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('error_code', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['corpus_blob.sha256'], ),
    sa.PrimaryKeyConstraint('location')
    )
    op.create_index(op.f('ix_corpus_source_sha256'), 'corpus_source', ['sha256'], unique=False)
    op.create_table('corpus_cell',
    sa.Column('reading_id', sa.Integer(), nullable=False),
    sa.Column('table', sa.String(length=16), nullable=False),
    sa.Column('row', sa.String(length=64), nullable=False),
    sa.Column('column', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['reading_id'], ['corpus_reading.id'], ),
    sa.PrimaryKeyConstraint('reading_id', 'table', 'row', 'column')
    )


def downgrade() -> None:
    op.drop_table('corpus_cell')
    op.drop_index(op.f('ix_corpus_source_sha256'), table_name='corpus_source')
    op.drop_table('corpus_source')
    op.drop_index(op.f('ix_corpus_reading_division_code'), table_name='corpus_reading')
    op.drop_index('ix_corpus_reading_current', table_name='corpus_reading')
    op.drop_table('corpus_reading')
    op.drop_table('corpus_blob')
