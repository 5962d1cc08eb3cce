"""Report data from the database: the plan's structure, the assessment engine's judgement of the approved
observations (``evaluation.services.run_assessment``, not stored), the responsible departments and the
departments' implementation reports. Returns the pure ``planwatch.reports`` dataclasses; the builders do
the rest. Bad requests (a year without data, a region with no sub-regions) raise ``ReportInputError``
(a ValueError) with a Chinese message."""

from __future__ import annotations

import datetime as dt

from planwatch.apps.evaluation.services import indicator_specs, run_assessment
from planwatch.apps.plans.models import Indicator, Plan, Strategy
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.models import Assignment, ImplementationReport
from planwatch.apps.reporting.services import responsible_departments
from planwatch.reports import inputs
from planwatch.reports.inputs import ReportInputError
from planwatch.reports.model import (
    LEVEL_LABELS,
    AnnualReportData,
    ComparisonReportData,
    EvaluationReportData,
    ImplementationItem,
    StrategyItem,
)

EXCERPT_CHARS = 400
EXCERPT_MAX_BYTES = 5 * 2**20  # larger files are named, not read
DRAFT_KEYS = ("problems", "recommendations", "experience")


def issued_text(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year}年{today.month}月"


def _indicators(plan: Plan) -> list[Indicator]:
    return list(plan.indicators.select_related("plan", "plan__region", "area"))


def _restated(plan: Plan) -> set[str]:
    from planwatch.apps.reporting.services import restatements

    return {str(pk) for pk in restatements(plan.pk)}


def _assessed(plan: Plan, region: Region):
    if not plan.monitored:
        raise ReportInputError(f"《{plan.title}》尚未生效（草稿），不能生成报告；请先在规划审核中核对后生效")
    indicators = _indicators(plan)
    if not indicators:
        raise ReportInputError(f"《{plan.title}》没有监测指标，无法生成报告")
    _, result = run_assessment(plan=plan, region=region, store=False)
    return indicators, indicator_specs(indicators), result


def uses_sample_data(indicators: list[Indicator], region: Region) -> bool:
    """True when any observation the report is built from is 示例数据 (``reporting.sample``: source "sample"):
    the indicators' shared series (``evaluation.services.shared_series``) in ``region`` and below."""
    from planwatch.apps.evaluation.services import shared_series
    from planwatch.apps.reporting.models import Observation
    from planwatch.apps.reporting.sample import SAMPLE_SOURCE

    members = {m for group in shared_series([i.pk for i in indicators]).values() for m in group}
    regions = [region.pk, *region.descendant_ids()]
    return Observation.objects.filter(
        source=SAMPLE_SOURCE, indicator_id__in=members, region_id__in=regions
    ).exists()


def annual_data(plan: Plan, region: Region, year: int, *, cls=AnnualReportData, **extra) -> AnnualReportData:
    """年度统计监测报告 / 数据报表 data of ``region`` in ``year``."""
    from .services import current_judgements

    indicators, specs, result = _assessed(plan, region)
    data = inputs.annual_data(
        specs, result, region=region.code, region_name=region.name, year=year, plan_title=plan.title,
        period=(plan.period_start, plan.period_end), population=plan.population,
        areas=list(plan.areas.order_by("order").values_list("name", flat=True)),
        departments=responsible_departments(indicators), restates=_restated(plan),
        author=f"{region.name}妇女儿童工作委员会办公室", issued=issued_text(), cls=cls,
        sample=uses_sample_data(indicators, region), **extra,
    )  # fmt: skip
    judged = current_judgements(plan, region, year)
    for item in data.indicators:
        if item.key.isdigit() and int(item.key) in judged:
            item.judgement, item.evidence = judged[int(item.key)]
    return data


def evaluation_data(
    plan: Plan, region: Region, year: int, drafts: dict[str, str] | None = None
) -> EvaluationReportData:
    """中期/终期评估报告 data; ``drafts`` holds the evaluation group's texts (problems, recommendations,
    experience)."""
    drafts = drafts or {}
    unknown = set(drafts) - set(DRAFT_KEYS)
    if unknown:
        raise ReportInputError(f"未知的评估报告章节：{'、'.join(sorted(unknown))}")
    from .services import current_strategy_judgements

    judged = current_strategy_judgements(plan, region, year)
    strategies = [
        StrategyItem(
            area=s.area.name,
            text=s.text,
            judgement=judged.get(s.pk, ("", ""))[0],
            evidence=judged.get(s.pk, ("", ""))[1],
        )  # fmt: skip
        for s in Strategy.objects.filter(area__plan=plan)
        .select_related("area")
        .order_by("area__order", "seq")
    ]
    return annual_data(
        plan, region, year, cls=EvaluationReportData, strategies=strategies,
        implementation=implementation_items(plan, region, year),
        **{k: drafts.get(k) or "" for k in DRAFT_KEYS},
    )  # fmt: skip


def implementation_items(plan: Plan, region: Region, year: int) -> list[ImplementationItem]:
    """The departments' 实施情况报告 of the plan's rounds in ``region`` up to ``year``, newest first, each
    with the areas of the indicators its department leads."""
    areas_of: dict[int, list[str]] = {}
    for dept_id, area in (
        Assignment.objects.filter(indicator__plan=plan, lead__isnull=False)
        .order_by("indicator__area__order")
        .values_list("lead_id", "indicator__area__name")
    ):
        if area and area not in areas_of.setdefault(dept_id, []):
            areas_of[dept_id].append(area)
    qs = (
        ImplementationReport.objects.filter(task__round__plan=plan, task__round__region=region,
                                            task__round__year__lte=year)
        .select_related("task__department", "task__region", "task__round")
        .order_by("-task__round__year", "task__department__name", "-uploaded_at")
    )  # fmt: skip
    items, seen = [], set()
    for r in qs:
        key = (r.task_id, r.task.round.year)
        if key in seen:  # every upload is kept; the report uses the latest of each task
            continue
        seen.add(key)
        items.append(
            ImplementationItem(
                department=r.task.unit_name, title=r.title, year=r.task.round.year,
                areas=areas_of.get(r.task.department_id, []), file_name=r.original_name, excerpt=_excerpt(r),
            )
        )  # fmt: skip
    return items


def _excerpt(report: ImplementationReport) -> str:
    """The opening of the report's text (docx/pdf/txt), or '' when it cannot be read."""
    from planwatch.parsing.ingest import read_lines

    if not report.file or report.size > EXCERPT_MAX_BYTES:
        return ""
    try:
        with report.file.open("rb") as fh:
            data = fh.read(EXCERPT_MAX_BYTES + 1)
        lines = read_lines(data, report.original_name)
    except Exception:  # an unreadable upload is named in the report instead of quoted
        return ""
    text = "".join(line.strip() for line in lines if line.strip())
    return text[:EXCERPT_CHARS] + ("……" if len(text) > EXCERPT_CHARS else "")


def comparison_data(
    plan: Plan, parent_region: Region, level: str, year: int, indicator_ids: list[int]
) -> ComparisonReportData:
    """The direct sub-regions of ``parent_region`` at ``level`` compared on the chosen indicators of ``plan``."""
    children = list(Region.objects.filter(parent=parent_region, level=level).order_by("code"))
    if not children:
        label = LEVEL_LABELS.get(level, level)
        raise ReportInputError(f"{parent_region.name}没有层级为「{label}」的下级地区")
    indicators = [i for i in _indicators(plan) if i.pk in set(indicator_ids)]
    missing = set(indicator_ids) - {i.pk for i in indicators}
    if missing:
        raise ReportInputError(f"《{plan.title}》中没有编号为 {'、'.join(map(str, sorted(missing)))} 的指标")
    if not indicators:
        raise ReportInputError("请至少选择一项指标")
    _, result = run_assessment(plan=plan, region=parent_region, store=False)
    order = {pk: k for k, pk in enumerate(indicator_ids)}
    indicators.sort(key=lambda i: order[i.pk])
    return inputs.comparison_data(
        indicator_specs(indicators), result, regions=[(r.code, r.name) for r in children], year=year,
        plan_title=plan.title, parent_region=parent_region.name, level=LEVEL_LABELS.get(level, level),
        author=f"{parent_region.name}妇女儿童工作委员会办公室", issued=issued_text(),
        sample=uses_sample_data(indicators, parent_region),
    )  # fmt: skip
