"""Assessment status codes. The code is what is stored and exchanged; the Chinese label is for display only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    color: str  # for charts and badges


MET = Status("met", "达标", "#2e8b57")
NEAR = Status("near", "接近", "#d4a017")
NOT_MET = Status("not_met", "未达标", "#c0392b")
NO_DATA = Status("no_data", "无数据", "#9aa0a6")
NOT_ASSESSABLE = Status("not_assessable", "不可评估", "#5b6b8c")
# an impossible reported value (batch mode shows the cell with its reason instead of dropping it silently)
INVALID = Status("invalid", "无效", "#8e44ad")

STATUSES: tuple[Status, ...] = (MET, NEAR, NOT_MET, NO_DATA, NOT_ASSESSABLE, INVALID)
CODES: tuple[str, ...] = tuple(s.code for s in STATUSES)
LABELS: dict[str, str] = {s.code: s.label for s in STATUSES}
COLORS: dict[str, str] = {s.code: s.color for s in STATUSES}
BY_LABEL: dict[str, Status] = {s.label: s for s in STATUSES}
# The statuses a judged cell can get (an impossible value is refused before it is judged).
JUDGED: tuple[Status, ...] = (MET, NEAR, NOT_MET, NO_DATA, NOT_ASSESSABLE)
# Statuses that count as assessed (the denominator of 达标率).
ASSESSED: tuple[str, ...] = (MET.code, NEAR.code, NOT_MET.code)


def label(code: str) -> str:
    """Chinese label of a code; a label given where a code is expected is returned as it is."""
    return LABELS.get(code, code)


def code_of(label_or_code: str) -> str:
    """The code of a Chinese label ("达标" → "met"); codes pass through. Raises ValueError for anything else."""
    if label_or_code in LABELS:
        return label_or_code
    try:
        return BY_LABEL[label_or_code].code
    except KeyError:
        raise ValueError(f"未知的评估状态「{label_or_code}」") from None
