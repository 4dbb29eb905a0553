"""The order patients are listed in: by name, ignoring case and accents, alike in Python and in the database.

The store keeps `sort_name(name)` in a column and orders its lists by it; lists built in Python (the plan open
in the window merged into the due list) sort with the same key, so a name never moves when a list is redrawn.
"""

from __future__ import annotations

import unicodedata


def sort_name(name: str) -> str:
    """Lower case without accents: "Łukasz Ólafsdóttir" -> "lukasz olafsdottir"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace("ł", "l").replace("ø", "o"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
