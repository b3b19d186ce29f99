"""Alembic environment: run against the connection ogi hands over (ogi.storage.db.migrate)."""

from __future__ import annotations

from alembic import context

import ogi.office.records  # noqa: F401 - its tables join Base.metadata
from ogi.storage.base import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
