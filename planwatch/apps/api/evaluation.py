"""Stored assessment results of a plan (the latest run), its warnings, and running a new assessment.

Reading: 妇儿工委办, 统计局监测组, 评估组, 领导 of the plan's region or a region above it (as the 监测评估 pages).
Running: 妇儿工委办 and 统计局监测组 only."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from django.core.cache import cache
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.evaluation.models import AssessmentResult, AssessmentRun
from planwatch.apps.evaluation.presenting import in_order, latest_run, plan_region_ids, warned_ids
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Plan
from planwatch.assessment.warnings import WARNING_CODES, WARNING_LABELS
from planwatch.domain import statuses

from . import access
from .pages import Mapped, Paged, page_of, page_query, page_size_query
from .params import described, plan_id_path, year_query

router = Router(tags=["监测评估"])

KIND_QUERY = described(None, "预警类型")
RUN_CACHE_SECONDS = 300
WarningKind = Literal[WARNING_CODES]  # type: ignore[valid-type]  (the codes of the assessment engine)


class RunOut(Schema):
    id: int
    created_at: dt.datetime
    plan_id: int | None
    region_code: str | None
    year: int | None
    rows: int
    summary: dict[str, int]


class ResultOut(Schema):
    indicator_id: int
    indicator: str
    region_code: str
    region: str
    year: int
    sex: str
    age_group: str
    area_type: str
    value: float | None
    source: str
    complete: bool | None
    status: str = Field(description="状态代码：met / near / not_met / no_data / not_assessable")
    status_label: str = Field(description="状态的中文名称（达标、接近、未达标、无数据、不可评估）")
    reason: str
    target: str
    progress: float | None
    change: float | None
    change_pct: float | None
    cagr: float | None
    progress_measure: str
    anticipated: str
    projected_value: float | None
    projection_year: int | None
    projected_final: float | None
    projections: dict[str, float]
    milestone_year: int | None
    milestone_target: str
    milestone_status: str = Field(description="阶段目标状态代码；无阶段目标为空")
    milestone_status_label: str
    at_risk_year: int | None
    warnings: list[str]
    explanation: str


class AssessmentOut(Paged):
    run: RunOut
    years: list[int] = Field(description="有结果的年份（全部页）")
    items: list[ResultOut]


class WarningOut(ResultOut):
    warning_labels: list[str]


class WarningsOut(Paged):
    run: RunOut
    kind: str | None
    counts: dict[str, int] = Field(description="各类预警的条数（全部页，不受 kind 筛选）")
    items: list[WarningOut]


def run_out(run: AssessmentRun) -> RunOut:
    return RunOut(
        id=run.pk, created_at=run.created_at, plan_id=run.plan_id,
        region_code=run.region.code if run.region_id else None, year=run.year, rows=run.rows,
        summary={str(k): int(v) for k, v in (run.summary or {}).items()},
    )  # fmt: skip


def result_out(r: AssessmentResult) -> dict:
    return {
        "indicator_id": r.indicator_id, "indicator": r.indicator.name, "region_code": r.region.code,
        "region": r.region.name, "year": r.year, "sex": r.sex, "age_group": r.age_group,
        "area_type": r.area_type, "value": r.value, "source": r.source, "complete": r.complete,
        "status": r.status, "status_label": statuses.label(r.status), "reason": r.reason, "target": r.target, "progress": r.progress,
        "change": r.change, "change_pct": r.change_pct, "cagr": r.cagr,
        "progress_measure": r.progress_measure, "anticipated": r.anticipated,
        "projected_value": r.projected_value, "projection_year": r.projection_year,
        "projected_final": r.projected_final, "projections": {str(k): v for k, v in (r.projections or {}).items()},
        "milestone_year": r.milestone_year, "milestone_target": r.milestone_target,
        "milestone_status": r.milestone_status,
        "milestone_status_label": statuses.label(r.milestone_status) if r.milestone_status else "",
        "at_risk_year": r.at_risk_year, "warnings": list(r.warnings or []),
        "explanation": r.explanation,
    }  # fmt: skip


def stored_run(plan: Plan) -> AssessmentRun:
    run = latest_run(plan)
    if run is None:
        raise HttpError(404, f"规划「{plan.title}」还没有监测评估结果，请先开展评估（POST 本地址）")
    return run


def results_of(request, plan: Plan, run: AssessmentRun):
    qs = AssessmentResult.objects.filter(run=run, region_id__in=scoped_regions(request, plan))
    if run.plan_id != plan.pk:  # a run over several plans: only this plan's rows
        qs = qs.filter(indicator__plan=plan)
    return qs.select_related("indicator", "region").order_by(
        "indicator__area__order", "indicator__seq", "indicator_id", "region__code", "year", "sex", "area_type",
        "age_group",
    )  # fmt: skip


def scoped_regions(request, plan: Plan) -> list[int]:
    regions = set(plan_region_ids(plan))
    scope = perm.region_scope(request.user)
    if scope is not None:
        regions &= scope
    return sorted(regions)


def per_run(run: AssessmentRun, request, plan: Plan, what: str, compute):
    """``compute()`` once per state of the run (a re-assessment after an approval revises it) and reader scope,
    then from the server's cache: clients page through thousands of rows, and counting them or finding the
    warned ones again for every page would read all of them each time."""
    stamp = f"{run.pk}:{run.created_at.timestamp()}:{run.revised_at and run.revised_at.timestamp()}"
    scope = hashlib.sha256(repr(scoped_regions(request, plan)).encode()).hexdigest()[:16]
    key = f"api-run:{stamp}:{scope}:{what}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, RUN_CACHE_SECONDS)
    return found


@router.get(
    "/plans/{plan_id}/assessment",
    response=AssessmentOut,
    summary="最近一次监测评估的结果（可按年份筛选；分页）",
)
def assessment(
    request,
    plan_id: int = plan_id_path(),
    year: int | None = year_query(),
    page: int = page_query(),
    page_size: int = page_size_query(),
):
    plan = access.plan_for(request.user, plan_id, readers_only=True)
    run = stored_run(plan)
    qs = results_of(request, plan, run)
    years = per_run(run, request, plan, "years",
                    lambda: list(qs.order_by("year").values_list("year", flat=True).distinct()))  # fmt: skip
    if year is not None:
        if year not in years:
            have = "、".join(map(str, years)) or "无"
            raise HttpError(404, f"最近一次评估没有 {year} 年的结果（有结果的年份：{have}）")
        qs = qs.filter(year=year)
    count = per_run(run, request, plan, f"count:{year}", qs.count)
    return {"run": run_out(run), "years": years, **page_of(Mapped(qs, result_out), page, page_size, count)}


@router.get(
    "/plans/{plan_id}/warnings",
    response=WarningsOut,
    summary="最近一次监测评估的预警（可按预警类型、年份筛选；分页）",
    description="kind：" + "；".join(f"{k} {v}" for k, v in WARNING_LABELS.items()),
)
def warnings(
    request,
    plan_id: int = plan_id_path(),
    kind: WarningKind | None = KIND_QUERY,
    year: int | None = year_query(),
    page: int = page_query(),
    page_size: int = page_size_query(),
):
    plan = access.plan_for(request.user, plan_id, readers_only=True)
    run = stored_run(plan)
    qs = results_of(request, plan, run)
    if year is not None:
        qs = qs.filter(year=year)
    ids, counts = per_run(run, request, plan, f"warned:{year}:{kind}", lambda: warned_ids(qs, kind))
    rows = page_of(ids, page, page_size)
    rows["items"] = [
        {**result_out(r), "warning_labels": [WARNING_LABELS.get(w, w) for w in r.warnings]}
        for r in in_order(qs, rows["items"])
    ]
    return {"run": run_out(run), "kind": kind, "counts": counts, **rows}


@router.post(
    "/plans/{plan_id}/assessment",
    response={201: RunOut},
    summary="开展监测评估并保存结果（仅妇儿工委办、统计局监测组）",
)
def run_plan_assessment(request, plan_id: int = plan_id_path(), year: int | None = year_query()):
    plan = access.plan_for(request.user, plan_id, readers_only=True)
    if not access.can_run_assessment(request.user, plan):
        raise HttpError(403, "只有本地区妇儿工委办和统计局监测组可以开展监测评估")
    if not plan.indicators.exists():
        raise HttpError(409, f"「{plan.title}」还没有监测指标，无法评估")
    try:
        stored, _ = run_assessment(plan=plan, region=plan.region, year=year)
    except ValueError as exc:  # the engine's messages are Chinese and name the problem
        raise HttpError(400, f"监测评估未完成：{exc}") from exc
    return Status(201, run_out(stored))
