"""Recall of the parser on a corpus of plan texts with hand-checked expectations (``<name>.txt`` + ``<name>.yaml``).

Used by ``planwatch bench parse`` (the style corpus in tests/parsing/style_corpus) and by its test. An expected
indicator is found when a parsed one has the same origin, a line within ±1, the same name (compared in simplified
script, without spaces and brackets) and the same kind, comparator, value, unit, year and milestones.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import model
from .document import parse_document
from .errors import ParseError
from .script import simplified

FIELDS = ("kind", "comparator", "value", "unit", "year")


@dataclass
class FileRecall:
    name: str
    expected: int
    found: int
    extra: int
    missing: list[str] = field(default_factory=list)
    error: str = ""


def _norm(name: str) -> str:
    return re.sub(r"[\s()（）\"“”]", "", simplified(name or ""))


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    return (a in ("", None) and b in ("", None)) or a == b


def _matches(exp: dict, ind: model.Indicator) -> bool:
    t = ind.target
    got = {"kind": t.kind, "comparator": t.comparator, "value": t.value, "unit": ind.unit, "year": t.year}
    if ind.origin != exp.get("origin", "goal") or abs((ind.line or 0) - int(exp["line"])) > 1:
        return False
    if _norm(ind.name) != _norm(exp["name"]) or not all(
        _same(exp.get(f), got[f]) for f in FIELDS if f in exp
    ):
        return False
    if "change" in exp and not _same(exp["change"], t.detail.get("change")):
        return False
    want = exp.get("milestones") or []
    have = [(m.year, m.kind, m.comparator, m.value) for m in ind.milestones]
    return len(want) == len(have) and all(
        _same(w.get("year"), h[0]) and _same(w.get("kind"), h[1]) and _same(w.get("value"), h[3])
        for w, h in zip(want, have, strict=True)
    )


def file_recall(text_path: Path) -> FileRecall:
    exp = yaml.safe_load(text_path.with_suffix(".yaml").read_text(encoding="utf-8"))
    wanted = exp.get("indicators") or []
    try:
        doc = parse_document(text_path.read_bytes(), text_path.name)
    except ParseError as exc:
        return FileRecall(text_path.name, len(wanted), 0, 0, [e["name"] for e in wanted], str(exc))
    parsed = [i for p in doc.plans for i in p.indicators]
    used: set[int] = set()
    missing = []
    for e in wanted:
        k = next((k for k, ind in enumerate(parsed) if k not in used and _matches(e, ind)), None)
        if k is None:
            missing.append(e["name"])
        else:
            used.add(k)
    return FileRecall(
        text_path.name, len(wanted), len(wanted) - len(missing), len(parsed) - len(used), missing
    )


def corpus_recall(directory: Path) -> list[FileRecall]:
    return [file_recall(p) for p in sorted(directory.glob("*.txt")) if p.with_suffix(".yaml").exists()]
