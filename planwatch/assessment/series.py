"""Per-series computations on a dense series × year matrix.

Every series (key, region, sex, age group, urban/rural) becomes one row of a matrix with one column per
calendar year; cells with no value are NaN, and every year from a series' first one to the current year is a
result row (a NaN cell there is 无数据 / missing). Every "as of year Y" quantity is then a cumulative operation along the rows
and every rule an element-wise numpy operation — one pass over memory per quantity, no grouping.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import progress as pg
from . import projection as pj
from . import targets as tg
from . import warnings as wn
from .config import AssessConfig

# status codes index STATUSES in engine: 达标, 接近, 未达标, 无数据, 不可评估
MET, NEAR, NOT_MET, NO_DATA, NOT_ASSESSABLE = range(5)
ANTICIPATED = ("有望实现", "需加快进度", "需扭转趋势")


@dataclass
class SeriesParams:
    """Per-series (one entry per matrix row) rule and indicator parameters."""

    cmp: np.ndarray  # int8 CMP_CODES, 0 = none
    mode: np.ndarray  # int8 0 static, 1 base, 2 ref
    anchor: np.ndarray
    shift: np.ndarray
    tol: np.ndarray
    band: np.ndarray
    t_year: np.ndarray  # float, NaN when none
    d: np.ndarray  # int8
    baseline_year: np.ndarray  # float, NaN when none
    lo: np.ndarray
    hi: np.ndarray
    is_pct: np.ndarray
    vol_abs: np.ndarray
    binding: np.ndarray
    nt_year: np.ndarray  # (n, Y) next static target year after each year, NaN when none
    nt_cmp: np.ndarray
    nt_tv: np.ndarray
    nt_tol: np.ndarray


def _col(a: np.ndarray) -> np.ndarray:
    return a[:, None]


def _ffill_index(valid: np.ndarray) -> np.ndarray:
    """For each cell the column of the last valid cell strictly before it (−1 if none)."""
    n, y = valid.shape
    idx = np.where(valid, np.arange(y)[None, :], -1)
    last = np.maximum.accumulate(idx, axis=1)
    return np.concatenate([np.full((n, 1), -1), last[:, :-1]], axis=1)


def assess_matrix(
    v: np.ndarray,
    ref: np.ndarray | None,
    years: np.ndarray,
    p: SeriesParams,
    partners: list[tuple[np.ndarray, np.ndarray]],
    cfg: AssessConfig,
) -> dict[str, np.ndarray]:
    """All result quantities as (series × year) arrays. ``partners``: (partner row or −1, sign) pairs for
    the female/male and rural/urban gaps."""
    n, ny = v.shape
    rows = np.arange(n)
    yr = years[None, :].astype(np.float64)
    valid = ~np.isnan(v)
    with np.errstate(invalid="ignore"):
        elig = valid & (yr >= np.nan_to_num(_col(p.baseline_year), nan=-1e9))
    ce = np.cumsum(elig, axis=1, dtype=np.int32)
    has_base = elig.any(axis=1)
    fcol = np.argmax(elig, axis=1)
    s_base_year = np.where(has_base, years[fcol], np.nan)
    s_base_value = np.where(has_base, v[rows, fcol], np.nan)
    started = ce >= 1
    base_year = np.where(started, _col(s_base_year), np.nan)
    base = np.where(started, _col(s_base_value), np.nan)
    pidx = _ffill_index(valid)
    prev = np.where(pidx >= 0, np.take_along_axis(v, np.clip(pidx, 0, None), axis=1), np.nan)
    prev_year = np.where(pidx >= 0, years[np.clip(pidx, 0, None)], np.nan)
    with np.errstate(invalid="ignore"):
        nonpos = np.cumsum(valid & (v <= 0), axis=1) > 0
    # time-weighted least squares as of each year (w = x + 1, x = year − base year)
    x = np.nan_to_num(yr - _col(s_base_year))
    w = np.where(elig, x + 1.0, 0.0)
    vv = np.nan_to_num(v)
    s0 = np.cumsum(w, axis=1)
    s1 = np.cumsum(w * x, axis=1)
    s2 = np.cumsum(w * x * x, axis=1)
    sy = np.cumsum(w * vv, axis=1)
    sxy = np.cumsum(w * x * vv, axis=1)
    det = s0 * s2 - s1 * s1
    with np.errstate(all="ignore"):
        slope = np.where(np.abs(det) > 1e-9, (s0 * sxy - s1 * sy) / det, np.nan)
        intercept = np.where(s0 > 0, (sy - np.nan_to_num(slope) * s1) / s0, np.nan)
    z = wn.modified_z(v, cfg.outlier_min_points)

    # the rule's level for every cell
    mode = _col(p.mode)
    refm = ref if ref is not None else np.full_like(v, np.nan)
    anchor = np.where(mode == 1, base, np.where(mode == 2, refm, _col(p.anchor)))
    tv = anchor + _col(p.shift) * np.abs(anchor)
    tol = _col(p.tol) * np.abs(anchor)
    band = _col(p.band) * np.abs(anchor)
    cmp = _col(p.cmp)
    with np.errstate(invalid="ignore"):
        two = yr > base_year
    reason = np.select(
        [~valid, cmp == 0, (mode == 1) & ~two, (mode == 2) & np.isnan(refm)], [0, 1, 2, 3], 0
    ).astype(np.int8)
    met = tg.meets(v, cmp, tv, tol)
    near = tg.near(v, cmp, tv, band)
    status = np.select([~valid, reason > 0, met, near], [NO_DATA, NOT_ASSESSABLE, MET, NEAR], NOT_MET).astype(
        np.int8
    )
    assessable = status <= NOT_MET
    dsign = np.where((cmp == 1) | (cmp == 2), 1, np.where((cmp == 3) | (cmp == 4), -1, _col(p.d))).astype(
        np.int8
    )
    has_level = (mode != 1) & (cmp != 0)

    g_obs = pg.cagr(v, base, yr - base_year, cfg.zero_substitute)
    g_req = pg.cagr(tv, base, _col(p.t_year) - base_year, cfg.zero_substitute)
    with np.errstate(all="ignore"):
        ratio = np.where(has_level & (np.abs(g_req) > 1e-12), g_obs / g_req, np.nan)
        change = v - prev
        change_pct = np.where(np.abs(prev) > 0, (v / prev - 1.0) * 100.0, np.nan)
    growth = np.where(two, g_obs, np.nan)
    progress = np.where(assessable & has_level, pg.current_status(v, base, tv, met), np.nan)
    pratio = np.where(assessable & two, np.where(has_level, ratio, g_obs * dsign), np.nan)
    cat_level = np.where(met, 0, pg.category(pratio, cfg.ratio_high, cfg.ratio_med, cfg.ratio_low))
    cat_trend = pg.category(pratio, cfg.cagr_high, cfg.cagr_med, cfg.cagr_low)
    measure = np.where(
        assessable & two & (dsign != 0),
        np.where(has_level, cat_level, cat_trend),
        np.where(status == MET, 0, 5),
    ).astype(np.int8)

    linear = pj.use_linear(v, base, nonpos, _col(p.is_pct), cfg) | np.isnan(growth)
    can_project = (ce >= 2) & two & assessable
    lo, hi = np.nan_to_num(_col(p.lo), nan=-np.inf), np.nan_to_num(_col(p.hi), nan=np.inf)

    def proj(t: np.ndarray) -> np.ndarray:
        out = pj.project(v, yr, t, growth, intercept, slope, base_year, linear, lo, hi)
        return np.where(can_project, out, np.nan)

    proj_final = proj(_col(p.t_year))
    proj_next = proj(p.nt_year)
    method = np.where(~np.isnan(proj_final) | ~np.isnan(proj_next), linear.astype(np.int8), -1).astype(
        np.int8
    )
    misses_final = ~np.isnan(proj_final) & ~tg.meets(proj_final, cmp, tv, tol)
    with np.errstate(invalid="ignore"):
        misses_next = (p.nt_year < _col(p.t_year)) & ~np.isnan(proj_next)
    misses_next &= ~tg.meets(proj_next, p.nt_cmp, p.nt_tv, p.nt_tol)
    with np.errstate(invalid="ignore"):
        worse_than_base = (tv - proj_final) * dsign > (tv - base) * dsign
    anticipated = np.select(
        [~assessable | np.isnan(proj_final) | ~has_level, met | ~misses_final, worse_than_base], [-1, 0, 2], 1
    ).astype(np.int8)
    at_risk = assessable & ~met & (misses_final | misses_next)
    span = np.fmax(yr - base_year, 1.0)
    with np.errstate(invalid="ignore"):
        regressing = (
            valid & (dsign != 0) & (ce >= 2) & (slope * dsign * span < -cfg.flat_tolerance * np.abs(base))
        )
    vol = valid & wn.volatile(change, prev, _col(p.vol_abs), z, cfg)

    gap = np.full_like(v, np.nan)
    gap_prev = np.full_like(v, np.nan)
    gap_wid = np.zeros(v.shape, dtype=bool)
    for partner, sign in partners:
        has = partner >= 0
        if not has.any():
            continue
        pv = np.where(_col(has), v[np.clip(partner, 0, None)], np.nan)
        g, gp, wid = wn.widening(v, pv, _col(sign), cfg)
        gap = np.where(np.isnan(gap), g, gap)
        gap_prev = np.where(np.isnan(gap_prev), gp, gap_prev)
        gap_wid |= wid

    return {
        "status": status,
        "reason_code": reason,
        "base_year": base_year,
        "base_value": base,
        "progress": progress,
        "change": change,
        "prev_year": prev_year,
        "change_pct": change_pct,
        "trend": np.where(ce >= 2, slope, np.nan),
        "cagr": growth,
        "progress_ratio": pratio,
        "progress_measure": measure,
        "anticipated": anticipated,
        "projected_value": proj_next,
        "projection_year": np.where(np.isnan(proj_next), np.nan, p.nt_year),
        "projected_final": proj_final,
        "projection_method": method,
        "zscore": z,
        "gap": gap,
        "gap_prev": gap_prev,
        "w_at_risk": at_risk,
        "w_volatile": vol,
        "w_regressing": regressing,
        "w_binding_missed": _col(p.binding) & (status == NOT_MET),
        "w_missing": ~valid,
        "w_gap_widening": gap_wid & valid,
    }
