"""Alembic environment: run against the connection ogi hands over (ogi.storage.db.migrate)."""

from __future__ import annotations

from alembic import context

from ogi.storage.tables import all_tables, declared

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=all_tables(), render_as_batch=True,
                  include_name=declared)
with context.begin_transaction():
    context.run_migrations()
