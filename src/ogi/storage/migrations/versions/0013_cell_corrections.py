"""issue 13 part 1: reviewers' corrections of the rows the reader could not read (人工更正), never deleted

Revision ID: 0013
Revises: 0012 (re-chained at merge after 0010–0012)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('corpus_cell_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('table', sa.String(length=16), nullable=False),
    sa.Column('row', sa.String(length=64), nullable=False),
    sa.Column('column', sa.String(length=64), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reading', sa.String(length=64), nullable=False),
    sa.Column('seen', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['corpus_blob.sha256'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('corpus_cell_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corpus_cell_correction_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('corpus_cell_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corpus_cell_correction_sha256'))
    op.drop_table('corpus_cell_correction')
