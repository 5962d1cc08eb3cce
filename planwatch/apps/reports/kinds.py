"""The four kinds of report: which formats each offers, which years it is made for, how its data is collected
from the database and which pure builder (planwatch.reports) renders it. Requests are checked here, so the
web pages and the CLI refuse the same things with the same Chinese messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region
from planwatch.site.ids import parse_id

from .models import Format, Kind

MAX_COMPARISON_INDICATORS = 30


class ReportRequestError(ValueError):
    """A request that cannot be generated; the message is shown to the user as it is."""


@dataclass(frozen=True)
class KindSpec:
    kind: str
    formats: tuple[str, ...]
    builder: str  # dotted path of the pure builder in planwatch.reports
    takes_format: bool = True


SPECS = {
    Kind.ANNUAL: KindSpec(Kind.ANNUAL, (Format.DOCX, Format.PDF), "planwatch.reports.build_annual_report"),
    Kind.TABLES: KindSpec(
        Kind.TABLES, (Format.XLSX,), "planwatch.reports.build_data_tables", takes_format=False
    ),
    Kind.EVALUATION: KindSpec(
        Kind.EVALUATION, (Format.DOCX, Format.PDF), "planwatch.reports.build_evaluation_report"
    ),
    Kind.COMPARISON: KindSpec(
        Kind.COMPARISON, (Format.DOCX, Format.PDF), "planwatch.reports.build_comparison_report"
    ),
}


def stage_years(plan: Plan) -> dict[int, str]:
    """The evaluation years of a plan: mid-term halfway through the period (2025 for 2021—2030), final at its end."""
    midterm = plan.period_start + (plan.period_end - plan.period_start) // 2
    return {midterm: "中期评估", plan.period_end: "终期评估"}


def annual_years(plan: Plan, today: dt.date | None = None) -> list[int]:
    """Years an annual report can be made for: the base year before the period up to the last year that has
    begun (there is nothing to monitor for a year that has not started)."""
    last = min(plan.period_end, (today or dt.date.today()).year)
    return list(range(plan.period_start - 1, last + 1))


def comparison_levels(region: Region) -> list[tuple[str, str]]:
    """Levels of the regions directly under this one, as (code, label): a comparison report compares the
    direct sub-regions (all counties of a city, all towns of a county)."""
    below = set(Region.objects.filter(parent=region).values_list("level", flat=True))
    return [(code, label) for code, label in Region.Level.choices if code in below]


def parse_year(text: str | int | None) -> int:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        raise ReportRequestError(f"年份“{text}”不是数字，请填写四位年份，如 2024") from None


def check_request(kind: str, fmt: str, plan: Plan, region: Region, year, options: dict) -> tuple[int, dict]:
    """The year and options of a valid request, or a ReportRequestError naming what is wrong."""
    if not plan.monitored:
        raise ReportRequestError(
            f"《{plan.title}》尚未生效（草稿），不能生成报告；请先在规划审核中核对后生效"
        )
    spec = SPECS.get(kind)
    if spec is None:
        raise ReportRequestError(f"没有“{kind}”这种报告")
    label = Kind(kind).label
    if fmt not in spec.formats:
        offered = "、".join(Format(f).label for f in spec.formats)
        raise ReportRequestError(f"{label}只提供 {offered} 格式，不能生成“{fmt}”")
    year = parse_year(year)
    if kind == Kind.EVALUATION:
        stages = stage_years(plan)
        if year not in stages:
            wanted = "、".join(f"{y}年（{s}）" for y, s in stages.items())
            raise ReportRequestError(f"评估报告只在 {wanted} 编写，不能选 {year} 年")
    else:
        years = annual_years(plan)
        if year not in years:
            raise ReportRequestError(
                f"{year}年不在可生成的范围内：{plan.title}可生成 {years[0]}—{years[-1]} 年的{label}"
            )
    cleaned: dict = {}
    if kind == Kind.COMPARISON:
        cleaned = _comparison_options(plan, region, options)
    return year, cleaned


def _comparison_options(plan: Plan, region: Region, options: dict) -> dict:
    levels = dict(comparison_levels(region))
    level = options.get("level") or ""
    if not levels:
        raise ReportRequestError(f"{region.name}下面没有登记下级地区，无法生成比较报告")
    if level not in levels:
        raise ReportRequestError(f"请选择比较的地区级别（{region.name}下有：{'、'.join(levels.values())}）")
    raw = options.get("indicator_ids") or []
    parsed = [parse_id(i) for i in raw]
    if None in parsed:
        raise ReportRequestError("所选指标编号无效，请重新勾选指标")
    ids = sorted(set(parsed))
    if not ids:
        raise ReportRequestError("请至少勾选一项要比较的指标")
    if len(ids) > MAX_COMPARISON_INDICATORS:
        raise ReportRequestError(
            f"一份比较报告最多比较 {MAX_COMPARISON_INDICATORS} 项指标，已选 {len(ids)} 项"
        )
    known = set(plan.indicators.filter(pk__in=ids).values_list("pk", flat=True))
    if missing := [i for i in ids if i not in known]:
        raise ReportRequestError(f"所选指标不属于{plan.title}（编号 {'、'.join(map(str, missing))}）")
    return {"level": level, "indicator_ids": ids}
