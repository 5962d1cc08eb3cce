"""Report data from the assessment engine's result (pure): ``engine.assess`` rows of one region, all years,
become ``IndicatorResult`` objects. Used by the batch CLI (PLAN.json + OBS.csv) and by the Django collector,
so a report says the same thing whichever way it was made."""

from __future__ import annotations

import json

import polars as pl

from planwatch.assessment.spec import IndicatorSpec
from planwatch.assessment.targets import target_label
from planwatch.domain import statuses
from planwatch.domain.targets import KIND_LABELS

from .model import (
    AnnualReportData,
    CellSeries,
    ComparisonIndicator,
    ComparisonReportData,
    IndicatorResult,
    Milestone,
    RegionValue,
    StrategyItem,
)

CELL = ["sex", "area_type", "age_group"]


class ReportInputError(ValueError):
    """The report cannot be built from this input (message in Chinese)."""


def _s(x) -> str:
    return "" if x is None else str(x)


def label_of(s: IndicatorSpec) -> str:
    """The target as a short label (≥95%, 逐年提高); a numeric kind without a value says so instead of
    printing the kind's code."""
    label = target_label(s.kind, s.comparator, s.target_value, s.unit, s.target_text, s.target_detail or {})
    if label == s.kind:
        return f"{KIND_LABELS.get(s.kind, '目标')}（未给出目标值）"
    return label


def region_rows(result: pl.DataFrame, region: str) -> pl.DataFrame:
    if result.height == 0:
        return result
    return result.filter(pl.col("region").cast(pl.String) == region).with_columns(
        *(pl.col(c).cast(pl.String) for c in ("key", "region", "sex", "area_type", "age_group", "status",
                                               "source", "milestone_status", "anticipated", "projection_method")
          if c in result.columns)
    )  # fmt: skip


def indicator_results(
    specs: list[IndicatorSpec],
    result: pl.DataFrame,
    region: str,
    year: int,
    *,
    departments: dict[str, list[str]] | None = None,
    restates: set[str] | None = None,
) -> list[IndicatorResult]:
    """One ``IndicatorResult`` per spec (in spec order), the headline of ``region`` in ``year``."""
    rows = region_rows(result, region)
    by_key: dict[str, list[dict]] = {}
    for r in rows.iter_rows(named=True) if rows.height else []:
        by_key.setdefault(r["key"], []).append(r)
    out = []
    for s in specs:
        out.append(_indicator(s, by_key.get(s.key, []), year, (departments or {}).get(s.key, []),
                              s.key in (restates or set())))  # fmt: skip
    return out


def _indicator(s: IndicatorSpec, rows: list[dict], year: int, departments: list[str], restates: bool):
    cells: dict[tuple, CellSeries] = {}
    head = None
    for r in sorted(rows, key=lambda r: r["year"]):
        if r["year"] > year:
            continue
        k = (r["sex"] or "total", r["area_type"] or "total", r["age_group"] or "")
        cell = cells.setdefault(k, CellSeries(sex=k[0], area_type=k[1], age_group=k[2]))
        cell.values[r["year"]] = r["value"]
        cell.statuses[r["year"]] = r["status"]
        if r["year"] == year:
            cell.warnings = [w for w in _s(r.get("warnings")).split(";") if w]
            if k == ("total", "total", ""):
                head = r
    ordered = sorted(cells.values(), key=lambda c: (not c.is_headline, c.sex, c.area_type, c.age_group))
    label = label_of(s)
    ind = IndicatorResult(
        key=s.key, name=s.name, area=s.area or "其他", unit=s.unit or "", attribute=s.attribute or "",
        direction=s.direction or "neutral", kind=s.kind, target=label, target_text=s.target_text or label,
        target_value=s.target_value, comparator=s.comparator, target_year=s.target_year,
        baseline_year=s.baseline_year, baseline_value=s.baseline_value, departments=list(departments),
        milestones=[Milestone(year=m.year, value=m.value, label=target_label(m.kind, m.comparator, m.value, s.unit, "", {}))
                    for m in s.milestones],
        cells=ordered, restates=restates, in_rate=s.in_rate,
    )  # fmt: skip
    if s.kind == "qualitative":
        ind.status = statuses.NOT_ASSESSABLE.code
    if head is None:
        return ind
    ind.status = head["status"] or statuses.NO_DATA.code
    ind.reason = _s(head.get("reason"))
    ind.value = head["value"]
    ind.source = _s(head.get("source"))
    ind.prev_year = head.get("prev_year")
    ind.change = head.get("change")
    ind.change_pct = head.get("change_pct")
    ind.base_year = head.get("base_year")
    ind.base_value = head.get("base_value")
    ind.progress = head.get("progress")
    ind.milestone_year = head.get("milestone_year")
    ind.milestone_target = _s(head.get("milestone_target"))
    ind.milestone_status = _s(head.get("milestone_status"))
    ind.projected_final = head.get("projected_final")
    ind.projection_method = _s(head.get("projection_method"))
    ind.anticipated = _s(head.get("anticipated"))
    if head.get("projections"):
        ind.projections = {int(y): v for y, v in json.loads(head["projections"]).items() if v is not None}
    ind.warnings = [w for w in _s(head.get("warnings")).split(";") if w]
    if head.get("target") and head["target"] != s.kind:  # the engine labels a value-less target by its code
        ind.target = head["target"]
    return ind


def years_with_data(result: pl.DataFrame, region: str) -> list[int]:
    rows = region_rows(result, region)
    if rows.height == 0:
        return []
    have = rows.filter(pl.col("value").is_not_null() & (pl.col("source") != "baseline"))
    return sorted(set(have["year"].to_list()))


def require_year(result: pl.DataFrame, region: str, region_name: str, year: int) -> None:
    """A report of a year without any reported value would be empty: refuse it, naming the years that have data."""
    years = years_with_data(result, region)
    if year not in years:
        have = "、".join(str(y) for y in years) if years else "无"
        raise ReportInputError(f"{region_name}{year}年没有任何监测数据（有数据的年份：{have}）")


def annual_data(
    specs: list[IndicatorSpec],
    result: pl.DataFrame,
    *,
    region: str,
    region_name: str,
    year: int,
    plan_title: str,
    period: tuple[int, int],
    population: str = "",
    areas: list[str] | None = None,
    strategies: list[StrategyItem] | None = None,
    departments: dict[str, list[str]] | None = None,
    restates: set[str] | None = None,
    author: str = "",
    issued: str = "",
    cls=AnnualReportData,
    **extra,
) -> AnnualReportData:
    require_year(result, region, region_name, year)
    return cls(
        plan_title=plan_title, region=region_name, year=year, period=period, population=population,
        indicators=indicator_results(specs, result, region, year, departments=departments, restates=restates),
        areas=list(areas or []), strategies=list(strategies or []), author=author, issued=issued, **extra,
    )  # fmt: skip


def comparison_data(
    specs: list[IndicatorSpec],
    result: pl.DataFrame,
    *,
    regions: list[tuple[str, str]],
    year: int,
    plan_title: str,
    parent_region: str,
    level: str,
    author: str = "",
    issued: str = "",
    sample: bool = False,
) -> ComparisonReportData:
    """Headline value, status and female/male values of every region for every spec in ``year``."""
    if not regions:
        raise ReportInputError(f"{parent_region}没有可比较的下级地区")
    codes = [c for c, _ in regions]
    rows = (
        result.filter((pl.col("year") == year) & pl.col("region").cast(pl.String).is_in(codes))
        if result.height
        else result
    )
    if rows.height == 0 or rows.filter(pl.col("value").is_not_null()).height == 0:
        raise ReportInputError(f"{parent_region}所属{level}{year}年没有任何监测数据")
    rows = rows.with_columns(
        *(pl.col(c).cast(pl.String) for c in ("key", "region", "sex", "area_type", "age_group", "status"))
    )
    cells: dict[tuple[str, str, str], dict] = {}
    for r in rows.filter((pl.col("area_type") == "total") & (pl.col("age_group") == "")).iter_rows(
        named=True
    ):
        cells[(r["key"], r["region"], r["sex"])] = r
    out = []
    for s in specs:
        values = []
        for code, name in regions:
            head = cells.get((s.key, code, "total"))
            f, m = cells.get((s.key, code, "female")), cells.get((s.key, code, "male"))
            values.append(RegionValue(
                code=code, name=name, value=head["value"] if head else None,
                status=(head["status"] if head else None) or statuses.NO_DATA.code,
                female=f["value"] if f else None, male=m["value"] if m else None,
                change=head.get("change") if head else None, change_pct=head.get("change_pct") if head else None,
            ))  # fmt: skip
        out.append(ComparisonIndicator(
            key=s.key, name=s.name, unit=s.unit or "", direction=s.direction or "neutral", kind=s.kind,
            target=label_of(s),
            target_value=s.target_value, comparator=s.comparator, area=s.area or "", values=values,
        ))  # fmt: skip
    return ComparisonReportData(plan_title=plan_title, parent_region=parent_region, level=level, year=year,
                                indicators=out, author=author, issued=issued, sample=sample)  # fmt: skip
