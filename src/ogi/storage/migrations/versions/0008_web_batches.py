"""issue 13: batch uploads (a batch, one row per file with its status and, until read, its bytes)

Revision ID: 0008
Revises: 0007 (re-chained at merge after 0006 and 0007)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner', sa.String(length=64), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_batch_owner'), ['owner'], unique=False)

    op.create_table('web_batch_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['web_batch.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_batch_item', schema=None) as batch_op:
        batch_op.create_index('ix_web_batch_item_batch_status', ['batch_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('web_batch_item', schema=None) as batch_op:
        batch_op.drop_index('ix_web_batch_item_batch_status')

    op.drop_table('web_batch_item')
    with op.batch_alter_table('web_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_batch_owner'))

    op.drop_table('web_batch')
