"""Progress measures: ESCAP current status and Statistics Canada's CAGR progress measure (Open SDG).

- Current status (ESCAP): share of the distance from the base value to the target already covered,
  ``CS = (I_cr − I_base) / (TV − I_base) × 100`` — 100 once the target is met. It is defined only with the base
  on the near side of the target (not already meeting it); for a band (45左右, 2：3) TV is the band's near edge.
- Progress measure (StatCan / sdg-build ``ProgressMeasure.py``): with a numeric target the ratio of the
  observed to the required compound annual growth rate, ``CAGR_o / CAGR_r`` with
  ``CAGR(a, b, Δt) = (a / b)^(1/Δt) − 1``, categories ≥ 0.95 / ≥ 0.60 / ≥ 0 / < 0; without a numeric target
  the observed CAGR (sign flipped when lower is better), categories ≥ 1.5 % / ≥ 0.5 % / ≥ 0 / < 0.
  Where a growth rate is undefined — a base or target of 0 (sdg-build substitutes 0.001, which rates a series
  that went from met to missed as 进展显著), a negative value — and for bands, the same ratio is taken on
  absolute annual changes, ``((I_cr − I_base)/Δt_o) / ((TV − I_base)/Δt_r)``; without a numeric target and a
  base of 0 there is no growth rate at all: 无法评估. A base that already met the target and a value now
  missing it, or a band overshot to its far side, is 退步. Fewer than two years → 无法评估.

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
_EPS = 1e-9


def cagr(v: np.ndarray, base: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Compound annual growth rate from ``base`` to ``v`` over ``years`` (NaN when undefined: a base ≤ 0, a
    negative value, no time elapsed)."""
    with np.errstate(all="ignore"):
        ok = (v >= 0) & (base > 0) & (years > 0)
        g = np.power(np.where(ok, v / np.where(ok, base, 1.0), 1.0), 1.0 / np.where(ok, years, 1.0)) - 1.0
    return np.where(ok, g, np.nan)


def band_edge(tv: np.ndarray, tol: np.ndarray, base: np.ndarray, band: np.ndarray) -> np.ndarray:
    """The level the base has to reach: the target, or for a band (``~`` rule) the edge on the base's side."""
    return np.where(band, tv + np.sign(base - tv) * tol, tv)


def level_ratio(
    v: np.ndarray,
    base: np.ndarray,
    edge: np.ndarray,
    dt_obs: np.ndarray,
    dt_req: np.ndarray,
    geometric: np.ndarray,
) -> np.ndarray:
    """Observed over required rate of change towards ``edge``: the CAGR ratio where both growth rates are
    defined and ``geometric``, otherwise the ratio of absolute annual changes (see module doc)."""
    with np.errstate(all="ignore"):
        g_obs, g_req = cagr(v, base, dt_obs), cagr(edge, base, dt_req)
        use_g = geometric & (edge > 0) & ~np.isnan(g_obs) & ~np.isnan(g_req) & (np.abs(g_req) > 1e-12)
        lin_req = np.where(dt_req > 0, (edge - base) / dt_req, np.nan)
        lin = np.where((dt_obs > 0) & (np.abs(lin_req) > 1e-12), (v - base) / dt_obs / lin_req, np.nan)
        return np.where(use_g, g_obs / g_req, lin)


def category(x: np.ndarray, high: float, med: float, low: float) -> np.ndarray:
    """Index into MEASURE_LABELS: 1 substantial, 2 moderate, 3 limited, 4 deterioration, 5 (NaN) unable."""
    with np.errstate(invalid="ignore"):
        return np.select([x >= high, x >= med, x >= low, x < low], [1, 2, 3, 4], 5).astype(np.int8)


def current_status(v: np.ndarray, base: np.ndarray, edge: np.ndarray, met: np.ndarray) -> np.ndarray:
    """ESCAP current status in %: distance covered from base to target (100 when met, NaN if undefined)."""
    gap = edge - base
    with np.errstate(all="ignore"):
        cs = np.where(np.abs(gap) > 1e-12, (v - base) / gap * 100.0 + 0.0, np.nan)
    # not met is never 100 %: a value a hair from the target would round to 100 in the float32 result columns
    below_100 = float(np.nextafter(np.float32(100.0), np.float32(0.0)))
    return np.where(met, 100.0, np.minimum(cs, below_100))


def measure_codes(
    pratio: np.ndarray,
    *,
    met: np.ndarray,
    away: np.ndarray,
    at_edge: np.ndarray,
    has_level: np.ndarray,
    judged: np.ndarray,
    directional: np.ndarray,
    is_met_status: np.ndarray,
    cfg,
) -> np.ndarray:
    """Index into MEASURE_LABELS for every cell. ``judged``: assessable with two years of data; ``away``: the
    base met the target and the value no longer does, or a band was overshot; ``at_edge``: the base sat exactly
    on a strict target (>, <) — no distance to cover, so only the direction of the change counts."""
    with_level = category(pratio, cfg.ratio_high, cfg.ratio_med, cfg.ratio_low)
    without = category(pratio, cfg.cagr_high, cfg.cagr_med, cfg.cagr_low)
    codes = np.select(
        # without a level (提高/降低) a met target still gets its growth category, as in sdg-build
        [~judged, met & has_level, away, at_edge, has_level, directional],
        [np.where(is_met_status, 0, 5), 0, 4, 3, with_level, without],
        5,
    )
    return codes.astype(np.int8)
