"""The straightforward pandas version a user would write (group-by + apply, one series at a time).

Used only by ``planwatch bench assess`` as the yardstick for the vectorised engine: same inputs, same
rules (target rules from ``targets.rule_for``), same measures — status, progress, CAGR ratio, projection,
warnings and the roll-up — written the obvious way. pandas is a development dependency, imported lazily.
"""

from __future__ import annotations

import math

import numpy as np

from planwatch.domain import statuses
from planwatch.domain.units import measure

from .config import AssessConfig
from .spec import IndicatorSpec
from .targets import rule_for


def _rollup_pandas(obs, regions, specs: list[IndicatorSpec]):
    import pandas as pd

    parent = dict(zip(regions["code"], regions["parent"], strict=True))  # dict of lists or DataFrame
    depth = {}
    for code in parent:
        d, node = 0, parent[code]
        while node is not None and isinstance(node, str):
            d, node = d + 1, parent.get(node)
        depth[code] = d
    agg = {
        s.key: (s.aggregation or m.aggregation, m.factor) for s in specs for m in [measure(s.unit, s.name)]
    }
    level = obs.copy()
    level["depth"] = level["region"].map(depth)
    out = [level]
    for dep in range(max(depth.values()), 0, -1):
        children = level[level["depth"] == dep].copy()
        if children.empty:
            continue
        children["parent"] = children["region"].map(parent)

        def combine(g: pd.DataFrame) -> pd.Series:
            how, factor = agg[g.name[1]]
            g = g[g["value"].notna()]
            if how == "sum":
                value = g["value"].sum()
            elif how == "ratio" and g["numerator"].notna().all() and g["denominator"].notna().all():
                value = g["numerator"].sum() / g["denominator"].sum() * factor
            elif g["denominator"].notna().all():
                value = (g["value"] * g["denominator"]).sum() / g["denominator"].sum()
            else:
                value = np.nan
            return pd.Series(
                {"value": value, "numerator": g["numerator"].sum(min_count=1),
                 "denominator": g["denominator"].sum(min_count=1), "n_reported": len(g)}
            )  # fmt: skip

        rolled = (
            children.groupby(["parent", "key", "year", "sex", "age_group", "area_type"], observed=True)
            .apply(combine, include_groups=False)
            .reset_index()
            .rename(columns={"parent": "region"})
        )
        rolled = rolled[rolled["value"].notna()]
        rolled["depth"] = dep - 1
        out.append(rolled)
        level = pd.concat([level[level["depth"] == dep - 1], rolled])
    return pd.concat(out, ignore_index=True)


def _median_mad(values: list[float]) -> tuple[float, float]:
    med = float(np.median(values))
    return med, float(np.median([abs(v - med) for v in values]))


def _meets(v: float, cmp: str, tv: float, tol: float) -> bool:
    return {">=": v >= tv, ">": v > tv, "<=": v <= tv, "<": v < tv, "~": abs(v - tv) <= tol + 1e-9}[cmp]


def assess_pandas(specs: list[IndicatorSpec], obs, regions=None, cfg: AssessConfig | None = None):
    """Assess with pandas group-by/apply; returns one row per observation with status and warnings."""
    import pandas as pd

    cfg = cfg or AssessConfig()
    by_key = {s.key: s for s in specs}
    if regions is not None:
        obs = _rollup_pandas(obs, regions, specs)

    def one_series(g: pd.DataFrame) -> pd.DataFrame:
        spec = by_key[g.name[0]]
        rule = rule_for(spec.kind, spec.comparator, spec.target_value, spec.direction, cfg)
        g = g.sort_values("year")
        vals = g["value"].tolist()
        years = g["year"].tolist()
        valid = [v for v in vals if v == v]
        med, mad = _median_mad(valid) if valid else (math.nan, math.nan)
        rows = []
        base_y = base_v = prev = None
        xs, ys = [], []
        for y, v in zip(years, vals, strict=True):
            row = {"year": y, "value": v, "status": statuses.NO_DATA.code, "warnings": []}
            if v != v:
                row["warnings"].append("missing")
                rows.append(row)
                continue
            base_from = spec.baseline_year or (
                spec.due_from - 1 if spec.due_from else None
            )  # the plan's base year
            if base_y is None and (base_from is None or y >= base_from):
                base_y, base_v = y, v
            if base_y is not None:
                xs.append(y - base_y)
                ys.append(v)
            anchor = base_v if rule.mode == "base" else rule.anchor
            if rule.cmp is None or anchor is None or (rule.mode == "base" and y == base_y):
                row["status"] = statuses.NOT_ASSESSABLE.code
            else:
                tv = anchor + rule.shift * abs(anchor)
                met = _meets(v, rule.cmp, tv, rule.tol * abs(anchor))
                band = rule.band * abs(anchor)
                near = (
                    v >= tv - band
                    if rule.cmp in (">=", ">")
                    else v <= tv + band
                    if rule.cmp in ("<=", "<")
                    else abs(v - tv) <= band
                )
                row["status"] = (
                    statuses.MET.code if met else statuses.NEAR.code if near else statuses.NOT_MET.code
                )
                if base_y is not None and y > base_y and base_v > 0 and v > 0:
                    cagr = (v / base_v) ** (1 / (y - base_y)) - 1
                    row["cagr"] = cagr
                    if spec.target_year and tv > 0 and spec.target_year > base_y:
                        need = (tv / base_v) ** (1 / (spec.target_year - base_y)) - 1
                        row["progress_ratio"] = cagr / need if need else None
                        proj = v * (1 + cagr) ** (spec.target_year - y)
                        if len(xs) >= 2:
                            w = [x + 1 for x in xs]
                            slope, icpt = np.polyfit(xs, ys, 1, w=np.sqrt(w))
                            if v >= 95 or v <= 5:
                                proj = icpt + slope * (spec.target_year - base_y)
                        row["projected_final"] = proj
                        if not met and not _meets(proj, rule.cmp, tv, rule.tol * abs(anchor)):
                            row["warnings"].append("at_risk")
                if rule.mode != "base" and base_v is not None and abs(tv - base_v) > 1e-12:
                    row["progress"] = 100.0 if met else (v - base_v) / (tv - base_v) * 100
                if spec.attribute == "binding" and row["status"] in (
                    statuses.NOT_MET.code,
                    statuses.NEAR.code,
                ):
                    row["warnings"].append("binding_missed")
            if prev is not None:
                row["change"] = v - prev
                if abs(v - prev) > cfg.volatile_rel * abs(prev):
                    row["warnings"].append("volatile")
            if (
                len(valid) >= cfg.outlier_min_points
                and mad > 0
                and 0.6745 * abs(v - med) / mad > cfg.outlier_z
            ):
                row["warnings"].append("volatile")
            prev = v
            rows.append(row)
        out = pd.DataFrame(rows)
        out["warnings"] = out["warnings"].map(";".join)
        return out

    return (
        obs.groupby(["key", "region", "sex", "age_group", "area_type"], observed=True)
        .apply(one_series, include_groups=False)
        .reset_index()
    )
