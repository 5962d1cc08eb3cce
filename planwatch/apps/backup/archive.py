"""The archive format (see README 「备份与恢复」): a zip with ``manifest.json`` and one JSON Lines member per
model, plus the stored files. The manifest names the format version, when and what was dumped, and the row
count and sha256 of every member, so that a damaged or altered archive is refused before anything is read
into the database."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from pathlib import PurePosixPath

FORMAT = "planwatch-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


class RestoreRefused(Exception):
    """The archive cannot be restored here; the message (Chinese) says why. Nothing was changed."""


def encode(value):
    """JSON for what Django's python serializer leaves as objects. Datetimes keep their microseconds
    (DjangoJSONEncoder cuts them to milliseconds, which would not round-trip)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot archive {type(value).__name__}")


def line(row: dict) -> bytes:
    return (json.dumps(row, default=encode, ensure_ascii=False, sort_keys=True) + "\n").encode()


def normalised(row: dict) -> dict:
    """A serialized row as it reads back from the archive (for comparing a stored row with an archived one)."""
    return json.loads(line(row))


def data_member(index: int, model_label: str, reference: bool = False) -> str:
    return f"{'references' if reference else 'data'}/{index:02d}-{model_label}.jsonl"


def file_member(path: str) -> str:
    return f"files/{path}"


def safe_relative(path: str) -> str | None:
    """A stored file's path relative to PLANWATCH_DATA_DIR, or None when it would leave it (absolute, ..)."""
    p = PurePosixPath(path.replace("\\", "/"))
    if not path or p.is_absolute() or ".." in p.parts or ":" in p.parts[0]:
        return None
    return str(p)


class Digest:
    """sha256 and size of what passes through, for the manifest."""

    def __init__(self) -> None:
        self.sha = hashlib.sha256()
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self.sha.update(chunk)
        self.size += len(chunk)

    @property
    def hexdigest(self) -> str:
        return self.sha.hexdigest()
