"""Status of every cell: 达标 / 接近 / 未达标 / 无数据 / 不可评估, and why a cell is not assessable.

Works on (series × year) arrays. The rule's level ``tv`` is the target value, the referenced series' value
(relative targets) or derived from the base value (提高/降低/保持), see ``targets``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planwatch.domain import statuses

from . import targets as tg

MET, NEAR, NOT_MET, NO_DATA, NOT_ASSESSABLE, INVALID = range(6)
# INVALID (无效, code "invalid") is never judged here: batch mode gives it to a cell whose reported value is
# impossible (``io.mark_invalid``), so that the cell shows in the output with its reason
STATUSES = statuses.CODES  # the engine's output columns hold the codes; labels are for display only
# reason codes for 不可评估 (1: the target itself — its text comes from the rule)
REASONS = {1: None, 2: "只有基期一年的数据，无法判断变化趋势", 3: "参照指标本年无数据，无法评估"}


@dataclass
class Judgement:
    status: np.ndarray  # int8 index into STATUSES
    reason: np.ndarray  # int8, 0 = none
    met: np.ndarray
    tv: np.ndarray  # the level to reach, per cell
    tol: np.ndarray  # half-width of a "~" rule, per cell
    dsign: np.ndarray  # +1 higher is better, −1 lower is better, 0 neither (for this rule)
    has_level: np.ndarray  # a level independent of the series itself (not 提高/降低/保持)

    @property
    def assessable(self) -> np.ndarray:
        return self.status <= NOT_MET


def judge(
    v: np.ndarray,
    base: np.ndarray,
    ref: np.ndarray,
    two_years: np.ndarray,
    cmp: np.ndarray,
    mode: np.ndarray,
    anchor: np.ndarray,
    shift: np.ndarray,
    tol: np.ndarray,
    band: np.ndarray,
    d: np.ndarray,
    yearly: np.ndarray | None = None,
    prev: np.ndarray | None = None,
) -> Judgement:
    """Per-series rule parameters are column vectors (n × 1), values and bases (n × years).

    ``yearly`` (逐年提高/逐年降低) with ``prev`` (the previous value): a year that moved the wrong way from the
    previous one is 未达标 whatever the change since the base."""
    valid = ~np.isnan(v)
    level = np.where(mode == 1, base, np.where(mode == 2, ref, anchor))
    tv = level + shift * np.abs(level)
    tol_abs = tol * np.abs(level)
    reason = np.select(
        [~valid, cmp == 0, (mode == 1) & ~two_years, (mode == 2) & np.isnan(ref)], [0, 1, 2, 3], 0
    ).astype(np.int8)
    met = tg.meets(v, cmp, tv, tol_abs)
    near = tg.near(v, cmp, tv, band * np.abs(level))
    dsign = np.where((cmp == 1) | (cmp == 2), 1, np.where((cmp == 3) | (cmp == 4), -1, d))
    if yearly is not None and prev is not None:
        with np.errstate(invalid="ignore"):
            fell = yearly & ((v - prev) * dsign < -1e-9 * np.abs(prev))
        met &= ~fell
        near &= ~fell
    status = np.select([~valid, reason > 0, met, near], [NO_DATA, NOT_ASSESSABLE, MET, NEAR], NOT_MET)
    return Judgement(
        status=status.astype(np.int8), reason=reason, met=met, tv=tv, tol=tol_abs, dsign=dsign.astype(np.int8),
        has_level=(mode != 1) & (cmp != 0),
    )  # fmt: skip
