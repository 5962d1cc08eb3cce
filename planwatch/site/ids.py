"""Record ids from URLs and forms, bounded to what the database can hold: an id beyond PostgreSQL's integer
range (or SQLite's 64 bits) used to reach the query and answer 500; now it matches nothing (404)."""

from __future__ import annotations

MAX_ID = 2**31 - 1  # PostgreSQL integer; every id of this project fits


def parse_id(text: object) -> int | None:
    """A posted or queried id; None for anything that is not a positive id within MAX_ID."""
    text = str(text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


class IdConverter:
    """``<id:name>`` in URL patterns: like ``<int:…>`` but an id beyond MAX_ID is no match (404)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        found = parse_id(value)
        if found is None:
            raise ValueError(value)
        return found

    def to_url(self, value: int) -> str:
        return str(value)
