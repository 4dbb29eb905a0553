"""With the schema current, opening the store neither imports nor runs Alembic, and reads the identity with
one small query (Alembic costs ~0.3 s even with nothing to do)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from careplanner.store import Store

OPEN_AND_COUNT = """
import json, sys
from sqlalchemy import Engine, event
statements = []
event.listen(Engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
from careplanner.store import Store
store = Store.open(sys.argv[1], "t")
store.close()
print(json.dumps({
    "alembic": sorted(name for name in sys.modules if name.split(".")[0] == "alembic"),
    "statements": statements,
    "identity": store.identity,
}))
"""


def test_opening_a_current_database_reads_two_small_things_and_never_touches_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    store = Store.open(url, "t")  # created and migrated here, in this process
    store.close()
    child = subprocess.run(
        [sys.executable, "-c", OPEN_AND_COUNT, url], capture_output=True, text=True, check=True, timeout=60
    )
    seen = json.loads(child.stdout)
    assert seen["alembic"] == []
    assert seen["identity"] == store.identity
    queries = [statement for statement in seen["statements"] if statement != "BEGIN"]
    assert len(queries) == 1, queries  # the schema version and the identity, together
    assert sum("database_identity" in query for query in queries) == 1
