"""The baseline value printed in a plan ("2020年…孕产妇系统管理率达到92.55%") as an observation.

It belongs to the plan's own region and headline cell only, and is used only where that cell has no observation
for the baseline year; the row's ``source`` is ``baseline`` so the explanation can say where it came from.
"""

from __future__ import annotations

import polars as pl

from .spec import IndicatorSpec

CELL = ["key", "region", "year", "sex", "age_group", "area_type"]


def with_plan_baselines(
    obs: pl.DataFrame, specs: list[IndicatorSpec], regions: set[str] | None = None
) -> pl.DataFrame:
    """Add baseline rows for specs with a baseline year, value and region; ``regions`` (if given) limits them
    to regions known to the data or the region tree, so a plan region with no data at all adds nothing."""
    known = set(obs["region"].cast(pl.String).unique().to_list()) | (regions or set())
    rows = [
        {"key": s.key, "region": s.baseline_region, "year": s.baseline_year, "sex": "total", "age_group": "",
         "area_type": "total", "value": s.baseline_value, "source": "baseline"}
        for s in specs
        if s.baseline_year and s.baseline_value is not None and s.baseline_region in known
    ]  # fmt: skip
    base = obs.with_columns(
        *(
            pl.col(c).cast(pl.String)
            for c in ("key", "region", "sex", "age_group", "area_type")
            if c in obs.columns
        ),
        source=pl.col("source").cast(pl.String) if "source" in obs.columns else pl.lit("reported"),
    )
    if not rows:
        return base
    extra = pl.DataFrame(rows).with_columns(pl.col("year").cast(base.schema["year"]))
    for c in ("sex", "age_group", "area_type"):
        if c not in base.columns:
            base = base.with_columns(pl.lit({"age_group": ""}.get(c, "total")).alias(c))
    base = base.with_columns(pl.col("sex").fill_null("total"), pl.col("area_type").fill_null("total"),
                             pl.col("age_group").fill_null(""))  # fmt: skip
    extra = extra.join(base.select(CELL), on=CELL, how="anti")
    return pl.concat([base, extra], how="diagonal_relaxed")
