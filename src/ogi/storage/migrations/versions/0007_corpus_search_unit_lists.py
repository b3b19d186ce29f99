"""issue 13 part 1: full-text search over the corpus's texts (SQLite FTS5 trigram, PostgreSQL pg_trgm), filled
for the readings already stored; the unit lists of regions uploaded in the web application

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None

_SQLITE = [
    "CREATE VIRTUAL TABLE corpus_search_fts USING fts5(body, content='corpus_search', content_rowid='reading_id', "
    "tokenize='trigram')",
    "CREATE TRIGGER corpus_search_ai AFTER INSERT ON corpus_search BEGIN "
    "INSERT INTO corpus_search_fts(rowid, body) VALUES (new.reading_id, new.body); END",
    "CREATE TRIGGER corpus_search_ad AFTER DELETE ON corpus_search BEGIN "
    "INSERT INTO corpus_search_fts(corpus_search_fts, rowid, body) VALUES ('delete', old.reading_id, old.body); END",
    "CREATE TRIGGER corpus_search_au AFTER UPDATE ON corpus_search BEGIN "
    "INSERT INTO corpus_search_fts(corpus_search_fts, rowid, body) VALUES ('delete', old.reading_id, old.body); "
    "INSERT INTO corpus_search_fts(rowid, body) VALUES (new.reading_id, new.body); END",
]


def _trigram_index() -> None:
    """pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Without it, search still
    works (ILIKE scans the texts), only slower."""
    conn = op.get_bind()
    with conn.begin_nested():
        try:
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError:
            return
    conn.execute(sa.text("CREATE INDEX ix_corpus_search_trgm ON corpus_search USING gin (body gin_trgm_ops)"))


def _fill() -> None:
    """Index the readings stored before this migration (their text and their model's printed row labels)."""
    from ogi.corpus.search import body_of

    conn = op.get_bind()
    reading = sa.table("corpus_reading", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                       sa.column("model", sa.LargeBinary))
    search = sa.table("corpus_search", sa.column("reading_id", sa.Integer), sa.column("body", sa.Text))
    last = 0
    while True:
        rows = conn.execute(sa.select(reading.c.id, reading.c.text, reading.c.model).where(reading.c.id > last)
                            .order_by(reading.c.id).limit(200)).all()
        if not rows:
            return
        batch = [{"reading_id": i, "body": b} for i, t, m in rows if (b := body_of(t, m))]
        if batch:
            conn.execute(search.insert(), batch)
        last = rows[-1][0]


def upgrade() -> None:
    op.create_table('corpus_search',
    sa.Column('reading_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['reading_id'], ['corpus_reading.id'], ),
    sa.PrimaryKeyConstraint('reading_id')
    )
    op.create_table('corpus_unit_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=12), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('units', sa.JSON(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('corpus_unit_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_corpus_unit_list_region'), ['region'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        _trigram_index()
    _fill()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("corpus_search_ai", "corpus_search_ad", "corpus_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS corpus_search_fts")
    with op.batch_alter_table('corpus_unit_list', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_corpus_unit_list_region'))
    op.drop_table('corpus_unit_list')
    op.drop_table('corpus_search')  # its trigram index goes with it; the pg_trgm extension stays
