"""Stored results as the shared chart module's data: one indicator's rows of one region become the report
model's ``IndicatorResult`` (through ``planwatch.reports.inputs``, the same path a report takes), drawn by
``planwatch.reports.charts`` — so the indicator page, its PNG download and the reports show the same lines,
target, milestones and projection. Also the breakdowns, the sub-region ranking and the download tables."""

from __future__ import annotations

import csv
import io
import json

import polars as pl

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.domain import statuses
from planwatch.domain.cells import AREA_LABELS, SEX_LABELS
from planwatch.domain.units import display_unit
from planwatch.reports import charts
from planwatch.reports.inputs import indicator_results
from planwatch.reports.model import IndicatorResult

from .models import AssessmentResult, AssessmentRun
from .services import indicator_specs

STORED = ["year", "sex", "area_type", "age_group", "value", "status", "reason", "source", "change", "change_pct",
          "progress", "milestone_year", "milestone_target", "milestone_status", "projected_final", "anticipated",
          "projections", "warnings", "target", "explanation"]  # fmt: skip
GROUP_LABELS = {("female", "total"): "女性", ("male", "total"): "男性", ("total", "urban"): "城镇",
                ("total", "rural"): "农村"}  # fmt: skip


def stored_frame(run: AssessmentRun, indicator: Indicator, region: Region) -> pl.DataFrame:
    """The run's rows of one indicator and region, shaped like the engine's result."""
    rows = list(AssessmentResult.objects.filter(run=run, indicator=indicator, region=region).values(*STORED))
    for r in rows:
        r["projections"] = json.dumps(r["projections"] or {})
        r["warnings"] = ";".join(r["warnings"] or [])
        r["key"], r["region"] = str(indicator.pk), region.code
    return pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()


def indicator_result(run: AssessmentRun, indicator: Indicator, region: Region, year: int) -> IndicatorResult:
    spec = indicator_specs([indicator])[0]
    return indicator_results([spec], stored_frame(run, indicator, region), region.code, year)[0]


def trend_option(result: IndicatorResult, year: int) -> tuple[charts.ChartSpec, dict]:
    spec = charts.trend_chart(result, year)
    spec.title = ""  # the page's heading names the indicator
    return spec, charts.echarts_option(spec)


def breakdown(result: IndicatorResult, pair: tuple[str, str], year: int) -> dict | None:
    """Female/male (``pair`` = ("sex", …)) or urban/rural series of the region as a chart and a table:
    values per year and the gap (女 − 男, 农村 − 城镇). None when the pair was not reported."""
    first, second = (("female", "total"), ("male", "total")) if pair[0] == "sex" else (
        ("total", "rural"), ("total", "urban"))  # fmt: skip
    a, b = result.cell(first[0], first[1]), result.cell(second[0], second[1])
    if a is None or b is None:
        return None
    years = sorted({y for c in (a, b) for y, v in c.values.items() if v is not None and y <= year})
    if not years:
        return None
    la, lb = GROUP_LABELS[first], GROUP_LABELS[second]
    spec = charts.ChartSpec(
        title="", unit=display_unit(result.unit), categories=[str(y) for y in years],
        lines=[charts.Line(name=la, values=[a.values.get(y) for y in years], main=True),
               charts.Line(name=lb, values=[b.values.get(y) for y in years])],
    )  # fmt: skip
    rows = []
    for y in years:
        va, vb = a.values.get(y), b.values.get(y)
        rows.append({"year": y, "a": va, "b": vb, "gap": None if va is None or vb is None else va - vb})
    return {"labels": (la, lb), "option": charts.echarts_option(spec), "rows": rows}


def ranking_option(indicator: Indicator, ranking: list[dict], values: list[float]) -> dict:
    """The sub-regions ranked best first as bars coloured by status, the target as a line."""
    target = indicator.target_value if indicator.target_kind in charts.NUMERIC_TARGET_KINDS else None
    spec = charts.ChartSpec(
        title="", unit=display_unit(indicator.unit), kind="bar", categories=[r["region"].name for r in ranking],
        lines=[charts.Line(name=indicator.name, values=values, main=True)],
        bar_colors=[statuses.COLORS.get(r["status"], charts.PALETTE[0]) for r in ranking],
        target=target, target_label=f"目标 {indicator.target_text}" if target is not None else "",
    )  # fmt: skip
    return charts.echarts_option(spec)


def download_rows(run: AssessmentRun, indicator: Indicator, plan: Plan, region_ids: list[int]) -> list[list]:
    """Every stored cell of the indicator in the plan's region tree: the table behind the CSV and XLSX."""
    header = ["地区代码", "地区", "年份", "性别", "城乡", "年龄组", f"数值（{indicator.unit or '无单位'}）", "来源",
              "状态", "目标", "目标完成进度(%)", "比上年变化", "预警", "说明"]  # fmt: skip
    out = [header]
    qs = (
        AssessmentResult.objects.filter(run=run, indicator=indicator, region_id__in=region_ids)
        .select_related("region")
        .order_by("region__code", "year", "sex", "area_type", "age_group")
    )
    from planwatch.assessment.warnings import WARNING_LABELS

    for r in qs.iterator(chunk_size=2000):
        out.append([
            r.region.code, r.region.name, r.year, SEX_LABELS.get(r.sex, r.sex), AREA_LABELS.get(r.area_type, r.area_type),
            r.age_group, r.value, {"reported": "报送", "rollup": "汇总", "missing": "缺报"}.get(r.source, r.source),
            r.get_status_display(), r.target, None if r.progress is None else round(r.progress, 1), r.change,
            "、".join(WARNING_LABELS.get(w, w) for w in r.warnings or []), r.explanation,
        ])  # fmt: skip
    return out


def csv_bytes(rows: list[list]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(["" if v is None else v for v in row] for row in rows)
    return buf.getvalue().encode("utf-8-sig")  # with BOM: Excel on Windows opens it as UTF-8


def xlsx_bytes(rows: list[list], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "监测数据"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=12)
    for row in rows:
        ws.append(row)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A3"
    for col, width in zip("ABCDEFGHIJKLMN", (10, 12, 6, 6, 6, 8, 12, 6, 8, 14, 10, 10, 20, 60), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
