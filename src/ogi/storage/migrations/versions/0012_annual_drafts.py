"""issue 14: the annual report's drafts (the texts of 一, 五, 六 per year) and its published versions

Revision ID: 0012
Revises: 0011 (re-chained at merge after 0010 and 0011)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('annual_draft',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('agency', sa.String(length=200), nullable=False),
    sa.Column('general', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('other', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('year')
    )
    op.create_table('annual_publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=64), nullable=False),
    sa.Column('agency', sa.String(length=200), nullable=False),
    sa.Column('model_json', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Integer(), nullable=False),
    sa.Column('html', sa.LargeBinary(), nullable=False),
    sa.Column('docx', sa.LargeBinary(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'version')
    )
    with op.batch_alter_table('annual_publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_publication_year'), ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('annual_publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_publication_year'))

    op.drop_table('annual_publication')
    op.drop_table('annual_draft')
