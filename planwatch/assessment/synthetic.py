"""A reproducible synthetic monitoring database for benchmarks and scale tests.

Nation scale mirrors China's administrative structure: 2,844 counties in 333 cities in 31 provinces, 150
indicators, 10 years, total/female/male — about 12.8 million county observations. Values follow an
indicator-level trend with region and sex effects and noise; rates carry numerator and denominator (so they
roll up as Σnum/Σden), levels such as life expectancy carry a population weight, and about 0.5 % of county
cells are left unreported so that missing data and incomplete roll-ups occur.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from planwatch.domain import units as du

from .spec import IndicatorSpec, Milestone

SCALES: dict[str, tuple[int, int, int]] = {
    # (provinces, cities, counties); "county" is one county's towns (乡镇) under the county
    "county": (0, 0, 0),
    "province": (1, 14, 120),
    "nation": (31, 333, 2844),
}
COUNTY_TOWNS = 20


@dataclass
class Synthetic:
    specs: list[IndicatorSpec]
    observations: pl.DataFrame
    regions: pl.DataFrame
    leaves: int


def _split(total: int, parts: int, rng: np.random.Generator) -> np.ndarray:
    """Split ``total`` children over ``parts`` parents, each at least one."""
    weights = rng.uniform(0.5, 1.5, parts)
    counts = np.maximum(1, np.floor(weights / weights.sum() * total).astype(int))
    counts[np.argmax(counts)] += total - counts.sum()
    return counts


def region_tree(scale: str, seed: int = 0) -> tuple[pl.DataFrame, list[str]]:
    rng = np.random.default_rng(seed)
    codes, parents, levels = [], [], []
    if scale == "county":
        codes.append("500116")
        parents.append(None)
        levels.append("county")
        leaves = [f"500116{100 + i:03d}" for i in range(COUNTY_TOWNS)]
        codes += leaves
        parents += ["500116"] * len(leaves)
        levels += ["town"] * len(leaves)
        return pl.DataFrame({"code": codes, "parent": parents, "level": levels}), leaves
    n_prov, n_city, n_county = SCALES[scale]
    root = "000000" if n_prov > 1 else "500000"
    codes.append(root)
    parents.append(None)
    levels.append("nation" if n_prov > 1 else "province")
    prov_codes = [f"{11 + i:02d}0000" for i in range(n_prov)] if n_prov > 1 else [root]
    if n_prov > 1:
        codes += prov_codes
        parents += [root] * n_prov
        levels += ["province"] * n_prov
    cities_per = _split(n_city, len(prov_codes), rng)
    city_codes: list[str] = []
    for p, k in zip(prov_codes, cities_per, strict=True):
        for j in range(k):
            c = f"{p[:2]}{j + 1:02d}{len(city_codes) % 100:02d}"
            c = f"{p[:2]}{j + 1:02d}00" if j < 99 else c
            city_codes.append(c)
            codes.append(c)
            parents.append(p)
            levels.append("city")
    counties_per = _split(n_county, len(city_codes), rng)
    leaves = []
    for c, k in zip(city_codes, counties_per, strict=True):
        for j in range(k):
            code = f"{c[:4]}{j + 1:02d}" if j < 99 else f"{c}{j:03d}"
            leaves.append(code)
    codes += leaves
    parents += [c for c, k in zip(city_codes, counties_per, strict=True) for _ in range(k)]
    levels += ["county"] * len(leaves)
    return pl.DataFrame({"code": codes, "parent": parents, "level": levels}), leaves


_UNITS = ["%"] * 90 + ["‰"] * 10 + ["1/10万"] * 8 + ["万人"] * 17 + ["人"] * 10 + ["岁"] * 8 + ["年"] * 7


def indicator_specs(n: int = 150, seed: int = 0) -> list[IndicatorSpec]:
    rng = np.random.default_rng(seed + 1)
    specs = []
    for i in range(n):
        unit = _UNITS[i % len(_UNITS)]
        lower = unit in ("‰", "1/10万") or (unit == "%" and i % 9 == 0)
        direction = "lower_is_better" if lower else "higher_is_better"
        kinds = (
            ["numeric_min", "numeric_max"][lower],
            "direction_down" if lower else "direction_up",
            "maintain",
        )
        r = rng.random()
        if unit == "%" and not lower and r < 0.08:
            kind, comp, val = "numeric_exact", "=", 100.0
        elif unit == "%" and r < 0.14:
            kind, comp, val = "approx", "~", 45.0
        elif r < 0.75:
            kind, comp = kinds[0], "<=" if lower else ">="
            val = None
        elif r < 0.9:
            kind, comp, val = kinds[1], None, None
        elif r < 0.96:
            kind, comp, val = "maintain", None, None
        else:
            kind, comp, val = "qualitative", None, None
        specs.append(
            IndicatorSpec(
                key=f"I{i:03d}", name=f"监测指标{i:03d}", unit=unit, direction=direction,
                attribute="binding" if i % 4 == 0 else "expected", area=f"领域{i % 8 + 1}", plan="合成规划",
                kind=kind, comparator=comp, target_value=val, target_year=2030, target_text="",
                baseline_year=2020,
            )
        )  # fmt: skip
    return specs


_LEVEL = {"%": 85.0, "‰": 6.0, "1/10万": 15.0, "万人": 20.0, "人": 800.0, "岁": 78.0, "年": 10.5}


def generate(scale: str = "nation", n_indicators: int = 150, years: int = 10, seed: int = 0) -> Synthetic:
    """Synthetic county (or town) observations for ``scale`` (see SCALES)."""
    regions, leaves = region_tree(scale, seed)
    specs = indicator_specs(n_indicators, seed)
    rng = np.random.default_rng(seed + 2)
    n_r, n_i, n_y = len(leaves), len(specs), years
    y0 = 2015
    units = [s.unit for s in specs]
    level = np.array([_LEVEL[u] for u in units]) * rng.uniform(0.8, 1.1, n_i)
    trend = np.array([-0.03 if s.direction == "lower_is_better" else 0.01 for s in specs]) * rng.uniform(
        -0.5, 2, n_i
    )
    # numeric targets near where the trend leads, so every status occurs
    for s, lv, tr in zip(specs, level, trend, strict=True):
        if s.kind in ("numeric_min", "numeric_max") and s.target_value is None:
            tv = lv * (1 + tr * 12) * rng.uniform(0.97, 1.03)
            s.target_value = round(min(tv, 99.0) if s.unit == "%" else tv, 1)
            s.target_text = f"{'≤' if s.kind == 'numeric_max' else '≥'}{s.target_value}"
            s.milestones = [Milestone(2025, s.kind, s.comparator, round(lv * (1 + tr * 8), 1))]
    region_eff = rng.normal(0, 0.05, (n_r, n_i))
    t = np.arange(n_y)
    base = level[None, :, None] * (1 + region_eff[:, :, None]) * (1 + trend[None, :, None] * t[None, None, :])
    pop = rng.uniform(2e4, 1.5e5, n_r)  # population of the group the indicator counts (per sex)
    out_v, out_n, out_d = [], [], []
    for sex_eff in (1.02, 0.98):  # female, male
        v = base * sex_eff * (1 + rng.normal(0, 0.01, base.shape))
        out_v.append(v)
    info = [du.UNITS[u] for u in units]
    is_rate = np.array([i.family == du.RATE for i in info])
    is_count = np.array([i.family == du.COUNT for i in info])
    factor = np.array([i.scale or 1.0 for i in info])
    vf, vm = out_v
    vf = np.where(is_rate[None, :, None] & (np.array(units) == "%")[None, :, None], np.clip(vf, 0, 100), vf)
    vm = np.where(is_rate[None, :, None] & (np.array(units) == "%")[None, :, None], np.clip(vm, 0, 100), vm)
    den = np.broadcast_to(pop[:, None, None], base.shape) * rng.uniform(0.95, 1.05, (1, n_i, n_y))
    den_f, den_m = den * 0.97, den * 1.03
    num_f = np.where(is_rate[None, :, None], vf / factor[None, :, None] * den_f, np.nan)
    num_m = np.where(is_rate[None, :, None], vm / factor[None, :, None] * den_m, np.nan)
    vt = np.where(
        is_rate[None, :, None],
        (num_f + num_m) / (den_f + den_m) * factor[None, :, None],
        np.where(is_count[None, :, None], vf + vm, (vf * den_f + vm * den_m) / (den_f + den_m)),
    )
    vf = np.where(is_count[None, :, None], vf / 2, vf)
    vm = np.where(is_count[None, :, None], vm / 2, vm)
    vt = np.where(is_count[None, :, None], vf + vm, vt)
    num_t = np.where(is_rate[None, :, None], num_f + num_m, np.nan)
    den_t = den_f + den_m
    no_den = is_count[None, :, None]
    for arr_n, arr_d in ((num_t, den_t), (num_f, den_f), (num_m, den_m)):
        out_n.append(arr_n)
        out_d.append(np.where(no_den, np.nan, arr_d))
    values = np.stack([vt, vf, vm], axis=-1)  # (r, i, y, sex)
    nums = np.stack(out_n, axis=-1)
    dens = np.stack(out_d, axis=-1)
    values = np.round(values, 3)
    drop = rng.random(values.shape[:3]) < 0.005  # unreported cells (all sexes)
    mask = ~np.broadcast_to(drop[..., None], values.shape).ravel()
    shape = values.shape
    ri, ii, yi, si = (a.ravel()[mask] for a in np.indices(shape, dtype=np.int32))
    region_s = pl.Series("region", leaves, dtype=pl.Enum(regions["code"].to_list()))
    key_s = pl.Series("key", [s.key for s in specs], dtype=pl.Enum([s.key for s in specs]))
    sex_s = pl.Series("sex", ["total", "female", "male"], dtype=pl.Enum(["total", "female", "male"]))
    obs = pl.DataFrame(
        {
            "key": key_s.gather(ii),
            "region": region_s.gather(ri),
            "year": (yi + y0).astype(np.int32),
            "sex": sex_s.gather(si),
            "value": values.ravel()[mask],
            "numerator": nums.ravel()[mask],
            "denominator": dens.ravel()[mask],
        }
    ).with_columns(pl.col("numerator").fill_nan(None), pl.col("denominator").fill_nan(None))
    return Synthetic(specs, obs, regions, n_r)
