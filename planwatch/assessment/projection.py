"""Projection of a series to a target year (ESCAP-style anticipated progress).

The default is the compound growth path ``v_Y × (1 + CAGR)^(T − Y)`` (ESCAP 2017–2019 editions, UNSD
Progress Chart). Where that path is meaningless — a value at or below 0 (sign change) or a percentage within
``near_bound_pct`` of 0 or 100 — a time-weighted linear fit is used instead (ESCAP's current method:
weights grow with time, w = t − t_base + 1, so recent years count more). Projections are clipped to the
natural bounds of the unit (0–100 % for rates, ≥ 0 for counts).
"""

from __future__ import annotations

import numpy as np

from .config import AssessConfig

CAGR_METHOD = "复合增长"
LINEAR_METHOD = "加权线性"
METHODS = (CAGR_METHOD, LINEAR_METHOD)


def use_linear(v: np.ndarray, base: np.ndarray, nonpos: np.ndarray, is_pct: np.ndarray, cfg: AssessConfig):
    lo, hi = cfg.near_bound_pct, 100.0 - cfg.near_bound_pct
    with np.errstate(invalid="ignore"):
        near_bound = is_pct & ((v <= lo) | (v >= hi) | (base <= lo) | (base >= hi))
        return nonpos | (v <= 0) | (base <= 0) | near_bound


def project(
    v: np.ndarray,
    year: np.ndarray,
    target_year: np.ndarray,
    growth: np.ndarray,
    intercept: np.ndarray,
    slope: np.ndarray,
    base_year: np.ndarray,
    linear: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> np.ndarray:
    """Projected value at ``target_year`` (NaN when the target year is not after ``year``)."""
    with np.errstate(all="ignore"):
        by_cagr = v * np.power(1.0 + growth, target_year - year)
        by_line = intercept + slope * (target_year - base_year)
        raw = np.where(linear, by_line, by_cagr)
        raw = np.where(target_year > year, raw, np.nan)
        return np.clip(raw, lo, hi)


ANTICIPATED = ("有望实现", "需加快进度", "需扭转趋势")


def anticipated_codes(
    projected: np.ndarray,
    tv: np.ndarray,
    base: np.ndarray,
    dsign: np.ndarray,
    met: np.ndarray,
    misses: np.ndarray,
    applicable: np.ndarray,
) -> np.ndarray:
    """ESCAP anticipated progress, index into ANTICIPATED (−1 = not applicable): the target is expected to be
    met; some progress but a gap remains (accelerate); or the projection ends further from the target than
    the base value (reverse the trend)."""
    with np.errstate(invalid="ignore"):
        worse_than_base = (tv - projected) * dsign > (tv - base) * dsign
    return np.select(
        [~applicable | np.isnan(projected), met | ~misses, worse_than_base], [-1, 0, 2], 1
    ).astype(np.int8)
