"""issue 10: withdrawable events with fee method and pages, office settings, complete holiday years

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('application_event') as batch:
        batch.add_column(sa.Column('method', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('pages', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))
    op.create_table('office_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('holiday_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )


def downgrade() -> None:
    op.drop_table('holiday_year')
    op.drop_table('office_setting')
    with op.batch_alter_table('application_event') as batch:
        batch.drop_column('withdrawn_reason')
        batch.drop_column('pages')
        batch.drop_column('method')
