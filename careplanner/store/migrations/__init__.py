"""Alembic migrations, shipped inside the package and applied at start-up (see careplanner.store.migrate)."""
