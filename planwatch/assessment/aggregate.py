"""Summaries of assessment results: 达标率 per plan/area/region split by 约束性/预期性, gender gaps, and
region rankings for one indicator.

All take the presented result of ``engine.assess`` (or ``present``). Shares count one row per indicator ×
region × year on the headline cell (sex total, no age group, area total), as monitoring reports do
("在可监测的54项指标中，有44项…达标率81.5%"): the denominator is the assessable indicators (达标 + 接近 +
未达标); 不可评估, 无数据 and 无效 (batch mode: an impossible value) are counted separately. A goal sentence
restating a table indicator (``restates``) is left out: a quantity stated twice in a plan counts once.
"""

from __future__ import annotations

import polars as pl

from planwatch.domain import statuses

from .spec import IndicatorSpec

ATTRIBUTE_LABELS = {"binding": "约束性", "expected": "预期性", "": "未标注"}


def headline(results: pl.DataFrame) -> pl.DataFrame:
    return results.filter(
        (pl.col("sex").cast(pl.String) == "total")
        & (pl.col("area_type").cast(pl.String) == "total")
        & (pl.col("age_group").cast(pl.String) == "")
    )


def counted(results: pl.DataFrame) -> pl.DataFrame:
    """The rows that count in 达标率: without the goal-sentence restatements of table indicators."""
    return results.filter(pl.col("restates").is_null()) if "restates" in results.columns else results


def status_shares(
    results: pl.DataFrame, by: list[str] | None = None, *, specs: list[IndicatorSpec] | None = None
) -> pl.DataFrame:
    """Counts of each status and the 达标率 per group (default: plan, area, region, year, attribute).

    With ``specs``, 措施目标 (``in_rate`` False: strategy and project targets not promoted) are left out.
    """
    by = by or ["plan", "area", "region", "year", "attribute"]
    st = pl.col("status").cast(pl.String)
    measures = [s.key for s in specs or [] if not s.in_rate]
    if measures:
        results = results.filter(~pl.col("key").cast(pl.String).is_in(measures))
    out = (
        headline(counted(results))
        .with_columns(pl.col("attribute").replace_strict(ATTRIBUTE_LABELS, default=pl.col("attribute")))
        .group_by(by)
        .agg(
            indicators=pl.len(),
            met=(st == statuses.MET.code).sum(),
            near=(st == statuses.NEAR.code).sum(),
            not_met=(st == statuses.NOT_MET.code).sum(),
            not_assessable=(st == statuses.NOT_ASSESSABLE.code).sum(),
            no_data=(st == statuses.NO_DATA.code).sum(),
            invalid=(st == statuses.INVALID.code).sum(),
        )
        .with_columns(assessable=pl.col("met") + pl.col("near") + pl.col("not_met"))
        .with_columns(
            met_share=pl.when(pl.col("assessable") > 0)
            .then(pl.col("met") / pl.col("assessable") * 100)
            .round(1),
            near_share=pl.when(pl.col("assessable") > 0)
            .then(pl.col("near") / pl.col("assessable") * 100)
            .round(1),
            not_met_share=pl.when(pl.col("assessable") > 0)
            .then(pl.col("not_met") / pl.col("assessable") * 100)
            .round(1),
            not_assessable_share=(pl.col("not_assessable") / pl.col("indicators") * 100).round(1),
            no_data_share=(pl.col("no_data") / pl.col("indicators") * 100).round(1),
        )
    )
    return out.sort(by)


def gender_gap(results: pl.DataFrame) -> pl.DataFrame:
    """Female and male values side by side with the gap (female − male) and the ratio female/male."""
    cell = ["key", "name", "unit", "region", "year", "age_group", "area_type"]
    cell = [c for c in cell if c in results.columns]
    f = results.filter(pl.col("sex").cast(pl.String) == "female").select(*cell, female="value")
    m = results.filter(pl.col("sex").cast(pl.String) == "male").select(*cell, male="value")
    return (
        f.join(m, on=cell, how="inner")
        .filter(pl.col("female").is_not_null() & pl.col("male").is_not_null())
        .with_columns(
            gap=pl.col("female") - pl.col("male"),
            ratio=pl.when(pl.col("male") != 0).then(pl.col("female") / pl.col("male")),
        )
        .sort(cell)
    )


def rank_regions(
    results: pl.DataFrame,
    spec: IndicatorSpec,
    year: int,
    regions: list[str] | None = None,
) -> pl.DataFrame:
    """Regions ranked on one indicator's headline value in ``year`` (1 = best given the direction)."""
    rows = headline(results).filter(
        (pl.col("key").cast(pl.String) == spec.key) & (pl.col("year") == year) & pl.col("value").is_not_null()
    )
    if regions is not None:
        rows = rows.filter(pl.col("region").cast(pl.String).is_in(regions))
    descending = spec.direction != "lower_is_better"
    return (
        rows.select("region", "value", "status", "warnings")
        .with_columns(rank=pl.col("value").rank("min", descending=descending).cast(pl.Int32))
        .sort("rank", "region")
    )
