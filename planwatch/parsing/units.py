"""Units in plan text: split the unit brackets off a table's name cell ("孕产妇死亡率（1/10万）").

What a unit *is* (its spellings, family, scale …) is ``planwatch.domain.units``; this module only finds
where a plan prints one.
"""

from __future__ import annotations

import re

from planwatch.domain.units import is_unit, normalize_unit

# A trailing bracket in a name cell: "（%）", "(1/10万)", "（万人）"; ASCII or full-width brackets.
_BRACKET_RE = re.compile(r"[（(]\s*([^（()）]{1,12}?)\s*[)）]\s*$")


def trailing_unit(cell: str) -> tuple[str, str]:
    """Split a name cell into (name, unit) when it ends in unit brackets; otherwise (cell, "").

    Only known units are split off, so a qualifier in brackets ("村（社区）", "（含电子烟）") stays in the name.
    """
    text = (cell or "").strip()
    m = _BRACKET_RE.search(text)
    if m and is_unit(m.group(1)):
        return text[: m.start()].rstrip(), normalize_unit(m.group(1))
    return text, ""
