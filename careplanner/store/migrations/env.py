"""Alembic environment: runs on the connection careplanner.store.migrate hands over (never its own)."""

from __future__ import annotations

from alembic import context

from careplanner.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():  # joins the transaction migrate.py opened
    context.run_migrations()
