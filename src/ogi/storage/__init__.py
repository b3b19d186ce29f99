"""Storage: one database (SQLite by default, PostgreSQL by OGI_DATABASE_URL) for the office register and the
corpus, its schema made only by the Alembic migrations here."""
