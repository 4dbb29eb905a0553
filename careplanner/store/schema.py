"""What start-up needs before SQLAlchemy loads: where the database is, and which schema is current."""

from __future__ import annotations

URL_VARIABLE = "CAREPLANNER_DATABASE_URL"
DATABASE_FILE = "careplanner.sqlite3"
# Every schema this version knows, oldest first (test_migrations.py checks it against Alembic's list).
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = KNOWN_REVISIONS[-1]
