"""Progress measures: ESCAP current status and Statistics Canada's CAGR progress measure (Open SDG).

- Current status (ESCAP): share of the distance from the base value to the target already covered,
  ``CS = (I_cr − I_base) / (TV − I_base) × 100`` — 100 once the target is met.
- Progress measure (StatCan / sdg-build ``ProgressMeasure.py``): with a numeric target the ratio of the
  observed to the required compound annual growth rate, ``CAGR_o / CAGR_r`` with
  ``CAGR(a, b, Δt) = (a / b)^(1/Δt) − 1``, categories ≥ 0.95 / ≥ 0.60 / ≥ 0 / < 0; without a numeric target
  the observed CAGR (sign flipped when lower is better), categories ≥ 1.5 % / ≥ 0.5 % / ≥ 0 / < 0.
  Zeros are replaced by 0.001; fewer than two years → 无法评估.

All functions work element-wise on numpy arrays (NaN = not available).
"""

from __future__ import annotations

import numpy as np

ACHIEVED = "已实现目标"
SUBSTANTIAL = "进展显著"
MODERATE = "进展一般，需加快"
LIMITED = "进展有限"
DETERIORATION = "退步"
UNABLE = "无法评估"
MEASURE_LABELS = (ACHIEVED, SUBSTANTIAL, MODERATE, LIMITED, DETERIORATION, UNABLE)


def cagr(v: np.ndarray, base: np.ndarray, years: np.ndarray, zero: float) -> np.ndarray:
    """Compound annual growth rate from ``base`` to ``v`` over ``years`` (NaN when undefined)."""
    with np.errstate(all="ignore"):
        ok = (v >= 0) & (base >= 0) & (years > 0)
        v0 = np.where(v == 0, zero, v)
        b0 = np.where(base == 0, zero, base)
        g = np.power(v0 / b0, 1.0 / np.where(ok, years, 1.0)) - 1.0
    return np.where(ok, g, np.nan)


def category(x: np.ndarray, high: float, med: float, low: float) -> np.ndarray:
    """Index into MEASURE_LABELS: 1 substantial, 2 moderate, 3 limited, 4 deterioration, 5 (NaN) unable."""
    with np.errstate(invalid="ignore"):
        return np.select([x >= high, x >= med, x >= low, x < low], [1, 2, 3, 4], 5).astype(np.int8)


def current_status(v: np.ndarray, base: np.ndarray, tv: np.ndarray, met: np.ndarray) -> np.ndarray:
    """ESCAP current status in %: distance covered from base to target (100 when met, NaN if undefined)."""
    gap = tv - base
    with np.errstate(all="ignore"):
        cs = np.where(np.abs(gap) > 1e-12, (v - base) / gap * 100.0 + 0.0, np.nan)
    return np.where(met, 100.0, cs)


def measure_codes(
    pratio: np.ndarray,
    met: np.ndarray,
    has_level: np.ndarray,
    judged: np.ndarray,
    is_met_status: np.ndarray,
    cfg,
) -> np.ndarray:
    """Index into MEASURE_LABELS for every cell. ``judged``: assessable, two years of data and a direction."""
    with_level = np.where(met, 0, category(pratio, cfg.ratio_high, cfg.ratio_med, cfg.ratio_low))
    without = category(pratio, cfg.cagr_high, cfg.cagr_med, cfg.cagr_low)
    return np.where(judged, np.where(has_level, with_level, without), np.where(is_met_status, 0, 5)).astype(
        np.int8
    )
