"""Attach the baselines a plan states in its background section to the matching indicators.

"2020年…孕产妇系统管理率达到92.55%" gives (孕产妇系统管理率, 2020, 92.55); the statement is matched to an
indicator by name with rapidfuzz (ratio ≥ BASELINE_MATCH on names cleaned of scope words), because the
background rarely prints the name exactly as the table does ("全区妇女平均预期寿命" vs "妇女人均预期寿命").
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from planwatch.domain.units import VALUE_SUFFIX_PATTERN, normalize_unit

from . import model
from .para import Para

BASELINE_MATCH = 85


def _printed_unit(baseline: model.Baseline) -> str:
    """The unit printed right after the baseline's number in its sentence ("" if none is found)."""
    number = f"{baseline.value:g}"
    m = re.search(rf"(?<![\d.]){re.escape(number)}0*\s*({VALUE_SUFFIX_PATTERN})?", baseline.text or "")
    return normalize_unit(m.group(1)) if m and m.group(1) else ""


def collect(paras: list[Para]) -> list[tuple[str, model.Baseline]]:
    from .statements import baselines_from_text

    found: list[tuple[str, model.Baseline]] = []
    for p in paras:
        found.extend(baselines_from_text(p.text, line_at=p.line_at))
    return found


def attach(indicators: list[model.Indicator], found: list[tuple[str, model.Baseline]]) -> int:
    """Set ``baseline`` on indicators that have none; returns how many were attached."""
    if not found:
        return 0
    from .vocab import clean_name

    names = [clean_name(name) for name, _ in found]
    attached = 0
    for ind in indicators:
        if ind.baseline is not None:
            continue
        best = process.extractOne(clean_name(ind.name), names, scorer=fuzz.ratio, score_cutoff=BASELINE_MATCH)
        if best is None:
            continue
        baseline = found[best[2]][1]
        printed = _printed_unit(baseline)
        if printed and ind.unit and printed != ind.unit:
            continue  # a count stated next to a rate of the same name ("…人员13055人" vs "…占比%")
        ind.baseline = baseline
        attached += 1
    return attached
