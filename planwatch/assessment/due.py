"""Indicators a plan sets but for which nothing at all was reported.

Without a row they would silently vanish from the results and from the 达标率 denominators; monitoring
reports count them ("4项指标未达标以及2项无数据指标"). Each such indicator gets one empty cell for the plan's
region in the latest year of the data, which the engine reports as 无数据 with the ``missing`` warning.
"""

from __future__ import annotations

import polars as pl

from .spec import IndicatorSpec


def with_unreported_indicators(
    obs: pl.DataFrame, specs: list[IndicatorSpec], year: int | None = None, regions: set[str] | None = None
) -> pl.DataFrame:
    """Add an empty cell (key, plan region, ``year``) for every spec without any observation.

    The plan region is the spec's ``baseline_region``; with a region tree (``regions``) it must be in it.
    ``year`` defaults to the latest year in ``obs``; with no observations at all nothing is added.
    """
    if obs.height == 0 and year is None:
        return obs
    year = year or int(obs["year"].max())
    seen = set(obs["key"].cast(pl.String).unique().to_list()) if obs.height else set()
    rows = [
        {"key": s.key, "region": s.baseline_region, "year": year, "value": None, "source": "missing"}
        for s in specs
        if s.key not in seen and s.baseline_region and (regions is None or s.baseline_region in regions)
    ]
    if not rows:
        return obs
    base = obs.with_columns(
        *(pl.col(c).cast(pl.String) for c in ("key", "region") if c in obs.columns),
        source=pl.col("source").cast(pl.String) if "source" in obs.columns else pl.lit("reported"),
    )
    extra = pl.DataFrame(rows, schema={"key": pl.String, "region": pl.String, "year": base.schema["year"],
                                       "value": pl.Float64, "source": pl.String})  # fmt: skip
    return pl.concat([base, extra], how="diagonal_relaxed")
