"""What the evaluation pages show, built from stored results: the 达标率 sentence, status counts per area split
by 约束性/预期性 (via the pure ``planwatch.assessment.aggregate``), indicator rows, chart series and rankings.
Views stay thin; everything here is plain data for templates and ECharts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import polars as pl
from django.db.models import Max

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.web.templatetags.statuses import CSS_CLASS
from planwatch.assessment.aggregate import rank_regions, status_shares
from planwatch.assessment.spec import IndicatorSpec
from planwatch.assessment.warnings import WARNING_LABELS
from planwatch.domain import statuses
from planwatch.domain.cells import breakdown_label
from planwatch.domain.units import change_form, change_word, display_unit

from .models import AssessmentResult, AssessmentRun
from .services import latest_run  # the pages and the re-assessment after approval read the same run

__all__ = ["latest_run"]

STATUSES = [s.code for s in statuses.JUDGED]  # stored values; pages print statuses.label(code)
STATUS_CLASS = CSS_CLASS  # badge CSS classes by status code
STATUS_COLORS = statuses.COLORS
ATTRIBUTES = {"binding": "约束性", "expected": "预期性", "": "未标注"}


def plan_region_ids(plan: Plan) -> list[int]:
    return [plan.region_id, *plan.region.descendant_ids()]


def fmt_number(x: float | None, digits: int = 2) -> str:
    if x is None:
        return ""
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def value_text(value: float | None, unit: str) -> str:
    return "" if value is None else f"{fmt_number(value)}{display_unit(unit)}"


def change_text(change: float | None, change_pct: float | None, unit: str, since: int | None = None) -> str:
    """Year-on-year change as the monitoring report words it: the domain's change form, as the explanation
    sentences: points for %/‰, counts and 岁/年 levels in their unit, relative % otherwise. ``since``: the year compared
    with when it is not the year before (a gap in the series) — the change then says so ("比2021年+3个百分点")."""
    if change is None:
        return ""
    head = f"比{since}年" if since is not None else ""
    if abs(change) < 1e-9:
        return f"与{since}年持平" if since is not None else "持平"
    sign = "+" if change > 0 else "−"
    form = change_form(unit)[0]
    if form == "points":
        return f"{head}{sign}{fmt_number(abs(change))}{change_word(unit)}"
    if form == "unit" or change_pct is None:
        return f"{head}{sign}{fmt_number(abs(change))}{display_unit(unit)}"
    return f"{head}{sign}{fmt_number(abs(change_pct), 1)}%"


def cell_label(region_name: str, sex: str, area_type: str, age_group: str) -> str:
    return "·".join(p for p in (region_name, breakdown_label(sex, area_type, age_group)) if p)


@dataclass
class Summary:
    indicators: int = 0
    met: int = 0
    near: int = 0
    not_met: int = 0
    no_data: int = 0
    not_assessable: int = 0
    by_attribute: list[dict] = field(default_factory=list)

    @property
    def assessable(self) -> int:
        return self.met + self.near + self.not_met

    @property
    def met_share(self) -> float | None:
        return round(self.met / self.assessable * 100, 1) if self.assessable else None

    @property
    def sentence(self) -> str:
        """The sentence of the NBS monitoring report: 在可监测的N项指标中，有M项达标，达标率X%。"""
        if not self.assessable:
            return f"{self.indicators}项指标中暂无可监测的指标（无数据{self.no_data}项，不可评估{self.not_assessable}项）。"
        text = (
            f"在可监测的{self.assessable}项指标中，有{self.met}项达标，达标率{fmt_number(self.met_share, 1)}%"
            f"；{self.near}项接近目标，{self.not_met}项未达标"
        )
        rest = []
        if self.not_assessable:
            rest.append(f"{self.not_assessable}项不可评估")
        if self.no_data:
            rest.append(f"{self.no_data}项无数据")
        return text + ("。另有" + "、".join(rest) + "。" if rest else "。")


def headline_frame(rows: list[dict]) -> pl.DataFrame:
    """Headline rows (one per indicator) as the frame ``aggregate.status_shares`` expects."""
    schema = {
        c: pl.String
        for c in ("plan", "area", "region", "attribute", "status", "sex", "area_type", "age_group")
    }
    schema["year"] = pl.Int32
    return pl.DataFrame(
        [
            {"plan": "", "area": r["area"], "region": "", "attribute": r["attribute"], "status": r["status"],
             "sex": "total", "area_type": "total", "age_group": "", "year": 0}
            for r in rows
        ],
        schema=schema,
    )  # fmt: skip


def summarise(rows: list[dict]) -> Summary:
    if not rows:
        return Summary()
    frame = headline_frame(rows)
    total = status_shares(frame, by=["year"]).row(0, named=True)
    by_attr = sorted(
        status_shares(frame, by=["attribute"]).to_dicts(),
        key=lambda r: ATTRIBUTE_ORDER.get(r["attribute"], 9),
    )
    return Summary(
        indicators=total["indicators"], met=total["met"], near=total["near"], not_met=total["not_met"],
        no_data=total["no_data"], not_assessable=total["not_assessable"], by_attribute=by_attr,
    )  # fmt: skip


ATTRIBUTE_ORDER = {"约束性": 0, "预期性": 1, "未标注": 2}


def area_chart_option(table: list[dict]) -> dict:
    """Stacked horizontal bars, one per 领域·属性, one stack per status (ECharts option; ``height_px`` is for the
    page, drawn by static planwatch/charts.js). The overview and the dashboard draw it alike."""
    categories = [f"{r['area']}·{r['attribute']}" for r in table]
    series = [
        {
            "name": status.label,  # the chart shows the Chinese label
            "type": "bar",
            "stack": "all",
            "barMaxWidth": 22,
            "itemStyle": {"color": status.color},
            "label": {"show": True},
            # an empty segment has no label: null, not 0 (Summary's fields are the status codes)
            "data": [r[status.code] or None for r in table],
        }
        for status in statuses.JUDGED
    ]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0, "data": [s.label for s in statuses.JUDGED]},
        "grid": {"left": 8, "right": 16, "top": 32, "bottom": 4, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1, "name": "项"},
        "yAxis": {
            "type": "category",
            "data": categories,
            "inverse": True,
            "axisLabel": {"width": 150, "overflow": "truncate"},
        },
        "series": series,
        "height_px": 60 + 30 * len(categories),
    }


def area_table(rows: list[dict]) -> list[dict]:
    if not rows:
        return []
    shares = status_shares(headline_frame(rows), by=["area", "attribute"])
    order = {a: i for i, a in enumerate(dict.fromkeys(r["area"] for r in rows))}
    return sorted(shares.to_dicts(), key=lambda r: (order[r["area"]], ATTRIBUTE_ORDER.get(r["attribute"], 9)))


def indicator_rows(plan: Plan, run: AssessmentRun | None, year: int | None) -> list[dict]:
    """One row per plan indicator: the headline result of the plan's region in ``year`` (无数据 when the run
    has none — e.g. a rate reported by counties without numerators cannot be rolled up)."""
    results = {}
    if run is not None and year is not None:
        qs = AssessmentResult.objects.filter(
            run=run, region_id=plan.region_id, year=year, sex="total", area_type="total", age_group=""
        )
        results = {r.indicator_id: r for r in qs}
    compared = _compared_years(run, plan, year, results)
    from planwatch.apps.reporting.services import restatements

    restated = restatements(plan.pk)
    out = []
    for ind in plan.indicators.select_related("area"):
        r = results.get(ind.pk)
        status = r.status if r else statuses.NO_DATA.code
        progress = r.progress if r else None
        out.append(
            {
                "indicator": ind,
                "result": r,
                "area": ind.area.name if ind.area_id else "（未分领域）",
                "attribute": ATTRIBUTES.get(ind.attribute, "未标注"),
                "status": status,
                "cls": STATUS_CLASS[status],
                "value": value_text(r.value, ind.unit) if r else "",
                "target": (r.target if r and r.target else ind.target_text),
                "progress": progress,
                **progress_cell(progress, r.progress_measure if r else ""),
                "change": change_text(r.change, r.change_pct, ind.unit, compared.get(ind.pk)) if r else "",
                "warnings": [WARNING_LABELS.get(w, w) for w in (r.warnings if r else [])],
                "explanation": r.explanation
                if r
                else "本年度没有该指标的评估结果（未报送，或下级数据无法汇总）。",
                "reason": r.reason if r else "",
                **milestone_cell(r),
                # a goal sentence restating a 专栏 indicator: shown, but counted once (on the table row)
                "restates": restated[ind.pk].name if ind.pk in restated else "",
                "measure": ind.is_measure,
            }
        )
    return out


def progress_cell(progress: float | None, measure: str) -> dict:
    """The share of the gap covered, shown only where it is one (0–100 %, the engine leaves it empty when the
    base already met the target); moving away from the target is said in words, not as a negative share."""
    if progress is not None and 0.0 <= progress <= 100.0:
        # rounded down: only a met target reads 100 %
        return {
            "progress_bar": progress,
            "progress_text": f"{fmt_number(math.floor(progress * 10) / 10, 1)}%",
        }
    if measure == "退步" or (progress is not None and progress < 0):
        return {"progress_bar": 0.0, "progress_text": "退步"}
    return {"progress_bar": None, "progress_text": ""}


def _compared_years(
    run: AssessmentRun | None, plan: Plan, year: int | None, results: dict[int, AssessmentResult]
) -> dict[int, int]:
    """Indicator → the earlier year its change was taken against, where that is not the year before (the
    stored change is against the previous *reported* value)."""
    with_change = [i for i, r in results.items() if r.change is not None]
    if run is None or year is None or not with_change:
        return {}
    earlier = (
        AssessmentResult.objects.filter(
            run=run,
            region_id=plan.region_id,
            indicator_id__in=with_change,
            year__lt=year,
            value__isnull=False,
            sex="total",
            area_type="total",
            age_group="",
        )  # fmt: skip
        .values("indicator_id")
        .annotate(last=Max("year"))
    )
    return {e["indicator_id"]: e["last"] for e in earlier if e["last"] != year - 1}


def counted(rows: list[dict]) -> list[dict]:
    """The rows that count in 达标率 and the charts: a quantity stated twice in a plan counts once, and 措施目标
    (targets of 策略措施 / 重点项目) only once review has promoted them to main indicators."""
    return [r for r in rows if not r["restates"] and not r["measure"]]


def milestone_cell(r: AssessmentResult | None) -> dict:
    """The mid-term column: the milestone the year is judged against (2025年≥80%) and its status; empty when the
    indicator has no milestone for that year."""
    if r is None or not r.milestone_status:
        return {"milestone": "", "milestone_status": "", "milestone_cls": ""}
    return {
        "milestone": f"{r.milestone_year}年{r.milestone_target}" if r.milestone_year else r.milestone_target,
        "milestone_status": r.milestone_status,
        "milestone_cls": STATUS_CLASS.get(r.milestone_status, "na"),
    }


def run_years(run: AssessmentRun | None, plan: Plan) -> list[int]:
    if run is None:
        return []
    qs = AssessmentResult.objects.filter(run=run, region_id=plan.region_id).values_list("year", flat=True)
    return sorted(set(qs))


def warning_rows(run: AssessmentRun, plan: Plan, kind: str | None, year: int | None) -> tuple[list, dict]:
    """Every warned result of the run in the plan's region and below; counts per kind (before ``kind``)."""
    qs = (
        AssessmentResult.objects.filter(run=run, region_id__in=plan_region_ids(plan))
        .select_related("indicator", "region")
        .order_by("-year", "indicator__area__order", "indicator__seq", "indicator_id", "region__code", "sex")
    )
    if year is not None:
        qs = qs.filter(year=year)
    kept, counts = warned(qs, kind)
    responsible = responsible_cells({r.indicator_id: r.indicator for r in kept}.values())
    rows = [
        {
            "result": r,
            "cell": cell_label(r.region.name, r.sex, r.area_type, r.age_group),
            "labels": [(w, WARNING_LABELS.get(w, w)) for w in r.warnings],
            "cls": STATUS_CLASS.get(r.status, "na"),
            "departments": responsible.get(r.indicator_id, ("", "")),
        }
        for r in kept
    ]
    return rows, counts


def responsible_cells(indicators) -> dict[int, tuple[str, str]]:
    """{indicator id: (responsible departments under their current names, the plan's printed 责任单位 text when
    it reads otherwise — e.g. a department renamed since)}."""
    from planwatch.apps.reporting.services import responsible_departments

    indicators = list(indicators)
    names = responsible_departments(indicators)
    out = {}
    for i in indicators:
        shown = "、".join(names.get(str(i.pk), []))
        printed = i.departments_text or ""
        out[i.pk] = (shown, printed if printed and printed != shown else "")
    return out


def warned_ids(results, kind: str | None) -> tuple[list[int], dict[str, int]]:
    """The ids of the results (in their order) that carry a warning (of ``kind`` when given) and the count per
    kind over all of them.

    ``warnings`` is a JSON list and SQLite has no JSON "contains": the database leaves out the results without
    any warning (most of them), the rest are sorted out here from their ids and codes only.
    """
    counts = dict.fromkeys(WARNING_LABELS, 0)
    kept = []
    for pk, codes in results.exclude(warnings=[]).values_list("pk", "warnings").iterator(chunk_size=5000):
        for w in codes or ():
            counts[w] = counts.get(w, 0) + 1
        if codes and (not kind or kind in codes):
            kept.append(pk)
    return kept, counts


def warned(results, kind: str | None) -> tuple[list[AssessmentResult], dict[str, int]]:
    """The results themselves of ``warned_ids``."""
    ids, counts = warned_ids(results, kind)
    return in_order(results, ids), counts


def in_order(results, ids: list[int]) -> list[AssessmentResult]:
    """The results with these ids, in the order of ``ids`` (read in chunks: a long IN list is slow)."""
    found: dict[int, AssessmentResult] = {}
    for start in range(0, len(ids), 2000):
        found |= {r.pk: r for r in results.filter(pk__in=ids[start : start + 2000])}
    return [found[pk] for pk in ids]


def explanations(indicator: Indicator, run: AssessmentRun, region: Region) -> list[AssessmentResult]:
    """The region's sentences, newest year first, headline before the groups."""
    qs = AssessmentResult.objects.filter(run=run, indicator=indicator, region=region)
    return sorted(qs, key=lambda r: (-r.year, r.sex != "total", r.area_type != "total", r.age_group, r.sex))


def region_ranking(
    indicator: Indicator, run: AssessmentRun, plan: Plan, region: Region | None = None
) -> tuple[int | None, list[dict]]:
    """Direct sub-regions (of ``region``, default the plan's) ranked on the indicator's headline value in the
    latest year any of them reported."""
    children = {r.code: r for r in Region.objects.filter(parent_id=(region or plan.region).pk)}
    rows = list(
        AssessmentResult.objects.filter(
            run=run, indicator=indicator, region__code__in=list(children), sex="total", area_type="total",
            age_group="", value__isnull=False,
        ).values("region__code", "year", "value", "status", "warnings")
    )  # fmt: skip
    if not rows:
        return None, []
    year = max(r["year"] for r in rows)
    frame = pl.DataFrame(
        [
            {"key": str(indicator.pk), "region": r["region__code"], "year": r["year"], "value": r["value"],
             "status": r["status"], "warnings": ";".join(r["warnings"] or []), "sex": "total",
             "area_type": "total", "age_group": ""}
            for r in rows
        ]
    )  # fmt: skip
    spec = IndicatorSpec(key=str(indicator.pk), name=indicator.name, unit=indicator.unit,
                         direction=indicator.direction)  # fmt: skip
    ranked = rank_regions(frame, spec, year)
    out = []
    for r in ranked.to_dicts():
        out.append(
            {
                "rank": r["rank"],
                "region": children[r["region"]],
                "raw": r["value"],
                "value": value_text(r["value"], indicator.unit),
                "status": r["status"],
                "cls": STATUS_CLASS.get(r["status"], "na"),
                "warnings": [WARNING_LABELS.get(w, w) for w in (r["warnings"] or "").split(";") if w],
            }
        )
    return year, out
