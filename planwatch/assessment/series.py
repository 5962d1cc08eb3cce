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
from . import status as st
from . import targets as tg
from . import warnings as wn
from .config import AssessConfig


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
    due_from: np.ndarray  # float, NaN when none
    lo: np.ndarray
    hi: np.ndarray
    is_pct: np.ndarray
    vol_abs: np.ndarray
    binding: np.ndarray
    yearly: np.ndarray  # bool: 逐年 direction (see targets.Rule)
    nt_year: np.ndarray  # (n, Y) next static target year after each year, NaN when none
    nt_cmp: np.ndarray
    nt_tv: np.ndarray
    nt_tol: np.ndarray
    # (n, Y) the milestone each year is judged against (see targets.milestone_for); ms_year NaN: none
    ms_year: np.ndarray
    ms_cmp: np.ndarray
    ms_mode: np.ndarray
    ms_anchor: np.ndarray
    ms_shift: np.ndarray
    ms_tol: np.ndarray
    ms_band: np.ndarray
    ms_d: np.ndarray
    # (n, K) every target year of the series (milestones, then the final year) with its rule; NaN: unused slot
    pt_year: np.ndarray
    pt_cmp: np.ndarray
    pt_mode: np.ndarray
    pt_anchor: np.ndarray
    pt_shift: np.ndarray
    pt_tol: np.ndarray


def _col(a: np.ndarray) -> np.ndarray:
    return a[:, None]


def _ffill_index(valid: np.ndarray) -> np.ndarray:
    """For each cell the column of the last valid cell strictly before it (−1 if none)."""
    n, y = valid.shape
    idx = np.where(valid, np.arange(y)[None, :], -1)
    last = np.maximum.accumulate(idx, axis=1)
    return np.concatenate([np.full((n, 1), -1), last[:, :-1]], axis=1)


@dataclass
class History:
    """As-of-year facts of each cell: base, previous value, weighted trend."""

    base_year: np.ndarray
    base: np.ndarray
    prev: np.ndarray
    prev_year: np.ndarray
    n_points: np.ndarray  # values since the base year, up to this year
    two_years: np.ndarray  # this year is after the base year
    nonpos: np.ndarray  # a value ≤ 0 occurred so far
    slope: np.ndarray
    intercept: np.ndarray  # of the fit, at the base year


def history(v: np.ndarray, years: np.ndarray, baseline_year: np.ndarray) -> History:
    n = v.shape[0]
    yr = years[None, :].astype(np.float64)
    valid = ~np.isnan(v)
    with np.errstate(invalid="ignore"):
        elig = valid & (yr >= np.nan_to_num(_col(baseline_year), nan=-1e9))
    ce = np.cumsum(elig, axis=1, dtype=np.int32)
    has_base = elig.any(axis=1)
    fcol = np.argmax(elig, axis=1)
    s_base_year = np.where(has_base, years[fcol], np.nan)
    started = ce >= 1
    base_year = np.where(started, _col(s_base_year), np.nan)
    base = np.where(started, _col(np.where(has_base, v[np.arange(n), fcol], np.nan)), np.nan)
    pidx = _ffill_index(valid)
    prev = np.where(pidx >= 0, np.take_along_axis(v, np.clip(pidx, 0, None), axis=1), np.nan)
    prev_year = np.where(pidx >= 0, years[np.clip(pidx, 0, None)], np.nan)
    with np.errstate(invalid="ignore"):
        nonpos = np.cumsum(valid & (v <= 0), axis=1) > 0
        two_years = yr > base_year
    # time-weighted least squares as of each year (w = x + 1, x = year − base year): cumulative sums
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
    return History(base_year, base, prev, prev_year, ce, two_years, nonpos, slope, intercept)


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
    yr = years[None, :].astype(np.float64)
    valid = ~np.isnan(v)
    h = history(v, years, p.baseline_year)
    refm = ref if ref is not None else np.full_like(v, np.nan)
    j = st.judge(v, h.base, refm, h.two_years, _col(p.cmp), _col(p.mode), _col(p.anchor), _col(p.shift),
                 _col(p.tol), _col(p.band), _col(p.d), _col(p.yearly), h.prev)  # fmt: skip
    assessable = j.assessable

    # progress: ESCAP current status and the StatCan CAGR measure, measured from the base value towards the
    # target — or the near edge of a band — and only with the base on the near side (see progress.py)
    dt_obs, dt_req = yr - h.base_year, _col(p.t_year) - h.base_year
    band = _col(p.cmp) == 5
    edge = pg.band_edge(j.tv, j.tol, h.base, band)
    with np.errstate(invalid="ignore"):
        base_met = tg.meets(h.base, _col(p.cmp), j.tv, j.tol) & ~np.isnan(h.base)
        at_edge = j.has_level & ~base_met & (np.abs(edge - h.base) <= 1e-9 * np.fmax(1.0, np.abs(edge)))
        near_side = j.has_level & ~base_met & ~at_edge & ~np.isnan(h.base)
        overshoot = band & near_side & ((v - j.tv) * np.sign(h.base - j.tv) < -j.tol - 1e-9)
        wrong_way = (v - h.base) * j.dsign < 0
    g_obs = pg.cagr(v, h.base, dt_obs)
    ratio = pg.level_ratio(v, h.base, edge, dt_obs, dt_req, ~band)
    with np.errstate(all="ignore"):
        change = v - h.prev
        change_pct = np.where(np.abs(h.prev) > 0, (v / h.prev - 1.0) * 100.0, np.nan)
    growth = np.where(h.two_years, g_obs, np.nan)
    progress = np.where(
        assessable & j.has_level,
        np.where(
            j.met, 100.0, np.where(near_side & ~overshoot, pg.current_status(v, h.base, edge, j.met), np.nan)
        ),
        np.nan,
    )
    judged = assessable & h.two_years
    pratio = np.where(
        judged,
        np.where(j.has_level, np.where(near_side & ~overshoot, ratio, np.nan), g_obs * j.dsign),
        np.nan,
    )
    away = ~j.met & (base_met | overshoot | (at_edge & wrong_way))
    measure = pg.measure_codes(
        pratio, met=j.met, away=away, at_edge=at_edge, has_level=j.has_level, judged=judged,
        directional=j.dsign != 0, is_met_status=j.status == st.MET, cfg=cfg,
    )  # fmt: skip

    # projection to the final target year and to the next milestone
    linear = pj.use_linear(v, h.base, h.nonpos, _col(p.is_pct), cfg) | np.isnan(growth)
    can_project = (h.n_points >= 2) & h.two_years & assessable
    lo, hi = np.nan_to_num(_col(p.lo), nan=-np.inf), np.nan_to_num(_col(p.hi), nan=np.inf)

    def proj(t: np.ndarray) -> np.ndarray:
        out = pj.project(v, yr, t, growth, h.intercept, h.slope, h.base_year, linear, lo, hi)
        return np.where(can_project, out, np.nan)

    proj_final = proj(_col(p.t_year))
    proj_next = proj(p.nt_year)
    projected = ~np.isnan(proj_final) | ~np.isnan(proj_next)
    method = np.where(projected, linear.astype(np.int8), -1).astype(np.int8)
    misses_final = ~np.isnan(proj_final) & ~tg.meets(proj_final, _col(p.cmp), j.tv, j.tol)
    slots, misses_milestone, risk_year = _milestone_projections(v, h, p, proj)
    risk_year = np.where(misses_final, np.fmin(risk_year, _col(p.t_year)), risk_year)
    # the milestone of the row's year (or the latest one passed), judged with the same rule semantics
    mj = st.judge(v, h.base, refm, h.two_years, np.nan_to_num(p.ms_cmp).astype(np.int8),
                  np.nan_to_num(p.ms_mode).astype(np.int8), p.ms_anchor, np.nan_to_num(p.ms_shift),
                  np.nan_to_num(p.ms_tol), np.nan_to_num(p.ms_band), np.nan_to_num(p.ms_d))  # fmt: skip
    ms_status = np.where(np.isnan(p.ms_year), -1, mj.status).astype(np.int8)
    at_risk = assessable & ~j.met & (misses_final | misses_milestone)
    anticipated = pj.anticipated_codes(proj_final, j.tv, h.base, j.dsign, j.met, misses_final,
                                       assessable & j.has_level)  # fmt: skip

    # early warnings
    span = np.fmax(yr - h.base_year, 1.0)
    with np.errstate(invalid="ignore"):
        regressing = valid & (j.dsign != 0) & (h.n_points >= 2) & (
            h.slope * j.dsign * span < -cfg.flat_tolerance * np.abs(h.base)
        )  # fmt: skip
    # year-on-year figures per year elapsed: a change over a gap of five years is not five years' volatility
    with np.errstate(invalid="ignore"):
        per_year = change / np.fmax(yr - h.prev_year, 1.0)
    z = wn.modified_z(per_year, cfg.outlier_min_points - 1)
    gap, gap_prev, gap_wid = wn.gap_flags(v, partners, cfg)
    return {
        "status": j.status,
        "reason_code": j.reason,
        "base_year": h.base_year,
        "base_value": h.base,
        "progress": progress,
        "change": change,
        "prev_year": h.prev_year,
        "change_pct": change_pct,
        "trend": np.where(h.n_points >= 2, h.slope, np.nan),
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
        "milestone_year": np.where(np.isnan(p.ms_year), np.nan, p.ms_year),
        "milestone_status": ms_status,
        "at_risk_year": np.where(at_risk, risk_year, np.nan),
        **{f"proj_{k}": slot for k, slot in enumerate(slots)},
        "w_at_risk": at_risk,
        "w_volatile": valid & wn.volatile(per_year, h.prev, _col(p.vol_abs), z, cfg),
        "w_regressing": regressing,
        # a binding (约束性) target is a commitment: short of it is a warning even when 接近
        "w_binding_missed": _col(p.binding) & ((j.status == st.NOT_MET) | (j.status == st.NEAR)),
        "w_missing": ~valid,
        "w_gap_widening": gap_wid,
    }


def _milestone_projections(
    v: np.ndarray, h: History, p: SeriesParams, proj
) -> tuple[list, np.ndarray, np.ndarray]:
    """The projection to every target year of the schedule (one (n, Y) array per slot, NaN where the slot's year
    is not after the row's year), whether a milestone before the final year is projected to be missed, and the
    earliest such milestone year (inf where none). A milestone anchored on the series' own base (提高/保持) is
    checked against the level the base gives; one relative to another series has no known future level."""
    missed = np.zeros(v.shape, dtype=bool)
    first = np.full(v.shape, np.inf)
    slots = []
    for k in range(p.pt_year.shape[1]):
        ty = _col(p.pt_year[:, k])
        pk = proj(ty)
        slots.append(pk)
        mode = _col(p.pt_mode[:, k])
        level = np.where(mode == 1, h.base, np.where(mode == 0, _col(p.pt_anchor[:, k]), np.nan))
        tv = level + np.nan_to_num(_col(p.pt_shift[:, k])) * np.abs(level)
        tol = np.nan_to_num(_col(p.pt_tol[:, k])) * np.abs(level)
        cmp = np.nan_to_num(_col(p.pt_cmp[:, k])).astype(np.int8)
        with np.errstate(invalid="ignore"):
            milestone = ty < _col(p.t_year)
        miss = milestone & (cmp > 0) & ~np.isnan(pk) & ~np.isnan(tv) & ~tg.meets(pk, cmp, tv, tol)
        missed |= miss
        first = np.where(miss, np.fmin(first, ty), first)
    return slots, missed, first
