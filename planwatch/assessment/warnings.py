"""Early warnings (预警), each computed with the figures behind it.

- at_risk: not yet met and the projection misses the final target (or the next milestone) by its year;
- volatile: change from the previous value, per year elapsed, beyond the unit's threshold (5 个百分点 for %,
  3 个千分点 for ‰, otherwise 30 % of the previous value), or an outlier by DHIS2's modified z-score
  0.6745·|x − median| / MAD > 3 taken on those annualised changes (series with at least 5 values; MAD = 0
  gives z = 0 as in DHIS2) — on the values themselves a steady trend, or a series with gaps, would flag
  nearly every early point;
- regressing: the time-weighted trend since the base year moves the wrong way by more than the flat
  tolerance;
- binding_missed: a 约束性 indicator short of its target (未达标 or 接近);
- missing: no value for a year due (from the plan's start year, or the series' first value, to the latest year);
- gap_widening: the female–male (or urban–rural) gap grew since the previous year by more than
  ``gap_tolerance`` of the level.
"""

from __future__ import annotations

import numpy as np

from .config import AssessConfig

WARNING_LABELS = {
    "at_risk": "预计难以按期实现目标",
    "volatile": "波动较大",
    "regressing": "逆向变化",
    "binding_missed": "约束性指标未达标",
    "missing": "数据缺报",
    "gap_widening": "差距扩大",
}
WARNING_CODES = tuple(WARNING_LABELS)


def row_median(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Median of each row ignoring NaN (and the count of values), via one sort along the rows."""
    srt = np.sort(m, axis=1)  # NaN sort last
    n = np.sum(~np.isnan(m), axis=1)
    lo = np.clip((n - 1) // 2, 0, None)
    hi = np.clip(n // 2, 0, m.shape[1] - 1)
    rows = np.arange(m.shape[0])
    med = (srt[rows, lo] + srt[rows, hi]) / 2.0
    return np.where(n > 0, med, np.nan), n


def modified_z(v: np.ndarray, min_points: int) -> np.ndarray:
    """DHIS2 modified z-score of every value against its own series (row): 0.6745·|x − x̃| / MAD (rows with
    fewer than ``min_points`` values: NaN)."""
    med, n = row_median(v)
    dev = np.abs(v - med[:, None])
    mad, _ = row_median(dev)
    with np.errstate(all="ignore"):
        z = np.where(mad[:, None] > 0, 0.6745 * dev / mad[:, None], 0.0)
    return np.where((n >= min_points)[:, None] & ~np.isnan(v), z, np.nan)


def volatile(change: np.ndarray, prev: np.ndarray, vol_abs: np.ndarray, z: np.ndarray, cfg: AssessConfig):
    limit = np.where(np.isnan(vol_abs), cfg.volatile_rel * np.abs(prev), vol_abs)
    with np.errstate(invalid="ignore"):
        return ((np.abs(change) > limit) & (limit > 0)) | (z > cfg.outlier_z)


def widening(v: np.ndarray, partner_v: np.ndarray, sign: np.ndarray, cfg: AssessConfig):
    """Gap (group − other group, sign-aligned so both rows of a pair show female − male / rural − urban),
    the previous year's gap and whether it widened by more than ``gap_tolerance`` of the level."""
    gap = (v - partner_v) * sign
    prev = np.concatenate([np.full((gap.shape[0], 1), np.nan), gap[:, :-1]], axis=1)
    level = np.fmax(np.abs(v), np.abs(partner_v))
    with np.errstate(invalid="ignore"):
        wid = (np.abs(gap) - np.abs(prev)) > cfg.gap_tolerance * level
    return gap, prev, wid


def gap_flags(v: np.ndarray, partners: list[tuple[np.ndarray, np.ndarray]], cfg: AssessConfig):
    """Gap, previous gap and widening flag for every cell that has a partner series (female/male,
    rural/urban); ``partners`` holds (partner row or −1, sign) per pairing."""
    gap = np.full_like(v, np.nan)
    gap_prev = np.full_like(v, np.nan)
    wid_any = np.zeros(v.shape, dtype=bool)
    for partner, sign in partners:
        has = partner >= 0
        if not has.any():
            continue
        pv = np.where(has[:, None], v[np.clip(partner, 0, None)], np.nan)
        g, gp, wid = widening(v, pv, sign[:, None], cfg)
        gap = np.where(np.isnan(gap), g, gap)
        gap_prev = np.where(np.isnan(gap_prev), gp, gap_prev)
        wid_any |= wid
    return gap, gap_prev, wid_any & ~np.isnan(v)
