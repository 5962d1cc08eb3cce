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
