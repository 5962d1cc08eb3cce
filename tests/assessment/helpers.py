"""Small builders for assessment tests."""

from __future__ import annotations

import polars as pl

from planwatch.assessment import assess
from planwatch.assessment.spec import IndicatorSpec


def spec(key: str = "k", **kw) -> IndicatorSpec:
    kw.setdefault("name", f"指标{key}")
    kw.setdefault("target_year", 2030)
    return IndicatorSpec(key=key, **kw)


def series(key: str, values: dict[int, float | None], region: str = "R", **cell) -> list[dict]:
    return [{"key": key, "region": region, "year": y, "value": v, **cell} for y, v in values.items()]


def run(
    specs: list[IndicatorSpec], rows: list[dict], regions: pl.DataFrame | None = None, **kw
) -> pl.DataFrame:
    schema = {"key": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64, "sex": pl.String,
              "age_group": pl.String, "area_type": pl.String, "numerator": pl.Float64, "denominator": pl.Float64}  # fmt: skip
    cols = {c for r in rows for c in r}
    obs = pl.DataFrame(rows, schema={c: t for c, t in schema.items() if c in cols})
    return assess(specs, obs, regions, **kw)


def row(
    result: pl.DataFrame,
    year: int,
    key: str = "k",
    region: str = "R",
    sex: str = "total",
    area: str = "total",
):
    hit = result.filter(
        (pl.col("key").cast(pl.String) == key)
        & (pl.col("region").cast(pl.String) == region)
        & (pl.col("year") == year)
        & (pl.col("sex").cast(pl.String) == sex)
        & (pl.col("area_type").cast(pl.String) == area)
    )
    assert hit.height == 1, hit
    return hit.row(0, named=True)


def warnings_of(r: dict) -> set[str]:
    return {w for w in (r["warnings"] or "").split(";") if w}
