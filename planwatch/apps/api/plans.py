"""Plans and their indicator system: list, one plan in full (areas, goals, indicators with typed targets,
milestones, baselines, departments and the dictionary link), the indicators alone, and the alignment of the
plan's targets with a parent's (the national outline or another stored plan)."""

import datetime as dt

from django.db.models import Count
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from planwatch.apps.dictionary.alignment import targets_from_plan
from planwatch.apps.dictionary.models import DictionaryEntry
from planwatch.apps.dictionary.services import database_dictionary, sync_entries
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.dictionary.alignment import align, load_outlines
from planwatch.dictionary.errors import AlignmentInputError

from . import access
from .errors import bad_parameter
from .pages import Mapped, Pages
from .params import described, plan_id_path

router = Router(tags=["规划与指标"])


class PlanOut(Schema):
    id: int
    title: str
    population: str
    region: str
    region_code: str
    period_start: int
    period_end: int
    status: str
    indicator_count: int


class TargetOut(Schema):
    text: str
    kind: str
    kind_label: str
    comparator: str | None
    value: float | None
    year: int | None
    detail: dict


class MilestoneOut(Schema):
    year: int | None
    text: str = ""
    kind: str = ""
    comparator: str | None = None
    value: float | None = None
    unit: str = ""


class BaselineOut(Schema):
    year: int | None
    value: float | None


class DictionaryLinkOut(Schema):
    code: str | None
    name: str | None
    confidence: float
    method: str
    accepted: bool


class IndicatorOut(Schema):
    id: int
    seq: int | None
    name: str
    unit: str
    area_id: int | None
    area: str
    direction: str
    attribute: str
    origin: str  # table | goal | strategy | project
    origin_label: str  # 专栏指标表 / 主要目标 / 策略措施（措施目标） / 重点项目（措施目标）
    promoted: bool  # a 措施目标 promoted to a main indicator in review
    in_rate: bool  # counts in the 达标率 (main indicators and promoted 措施目标)
    target: TargetOut
    milestones: list[MilestoneOut]
    baseline: BaselineOut | None
    departments: list[str]
    departments_text: str
    dictionary: DictionaryLinkOut | None
    source_line: int | None


class GoalOut(Schema):
    seq: int
    text: str
    line: int | None


class AreaOut(Schema):
    id: int
    name: str
    order: int
    goals: list[GoalOut]
    indicator_ids: list[int]


class PlanDetailOut(PlanOut):
    issuer: str
    issued_date: dt.date | None
    doc_number: str
    areas: list[AreaOut]
    indicators: list[IndicatorOut]


class AlignRowOut(Schema):
    code: str
    standard_name: str
    status: str
    status_label: str
    reason: str
    child_name: str
    child_target: str
    child_value: float | None
    parent_name: str
    parent_target: str
    parent_value: float | None
    unit: str
    child_source: str
    other_statements: list[str]


class AlignmentOut(Schema):
    plan_id: int
    parent: str
    parent_label: str
    counts: dict[str, int]
    rows: list[AlignRowOut]
    unlinked: list[str]
    needs_review: list[str]


def plan_out(p: Plan, indicator_count: int) -> dict:
    return {
        "id": p.pk, "title": p.title, "population": p.population, "region": p.region.name,
        "region_code": p.region.code, "period_start": p.period_start, "period_end": p.period_end,
        "status": p.status, "indicator_count": indicator_count,
    }  # fmt: skip


def milestone_out(m: dict) -> MilestoneOut:
    return MilestoneOut(
        year=m.get("year"), text=m.get("text") or "", kind=m.get("kind") or "", comparator=m.get("comparator"),
        value=m.get("value"), unit=m.get("unit") or "",
    )  # fmt: skip


def indicator_out(i: Indicator) -> IndicatorOut:
    link = getattr(i, "dictionary_link", None)
    has_baseline = i.baseline_year is not None or i.baseline_value is not None
    return IndicatorOut(
        id=i.pk, seq=i.seq, name=i.name, unit=i.unit, area_id=i.area_id, area=i.area.name if i.area_id else "",
        direction=i.direction, attribute=i.attribute, origin=i.origin, origin_label=i.get_origin_display(),
        promoted=i.promoted, in_rate=not i.is_measure,
        target=TargetOut(
            text=i.target_text, kind=i.target_kind, kind_label=i.get_target_kind_display(),
            comparator=i.target_comparator or None, value=i.target_value,
            year=i.target_year or i.plan.period_end, detail=dict(i.target_detail or {}),
        ),
        milestones=[milestone_out(m) for m in (i.milestones or []) if isinstance(m, dict)],
        baseline=BaselineOut(year=i.baseline_year, value=i.baseline_value) if has_baseline else None,
        departments=[d.name for d in i.departments.all()], departments_text=i.departments_text,
        dictionary=DictionaryLinkOut(
            code=link.entry.code if link.entry_id else None, name=link.entry.name if link.entry_id else None,
            confidence=link.confidence, method=link.method, accepted=link.accepted,
        ) if link is not None else None,
        source_line=i.source_line,
    )  # fmt: skip


def indicators_of(plan: Plan) -> list[Indicator]:
    qs = plan.indicators.select_related("plan", "area", "dictionary_link__entry")
    return list(qs.prefetch_related("departments"))


@router.get("/plans", response=list[PlanOut], summary="规划列表（当前用户地区范围内，分页）")
@paginate(Pages)
def list_plans(request):
    plans = (
        access.plans_of(request.user).annotate(n=Count("indicators")).order_by("region__code", "population")
    )
    return Mapped(plans, lambda p: plan_out(p, p.n))


@router.get("/plans/{plan_id}", response=PlanDetailOut, summary="规划详情：领域、主要目标与监测指标")
def plan_detail(request, plan_id: int = plan_id_path()):
    plan = access.plan_for(request.user, plan_id)
    indicators = indicators_of(plan)
    areas = []
    for a in plan.areas.prefetch_related("goals"):
        areas.append(
            AreaOut(
                id=a.pk, name=a.name, order=a.order,
                goals=[GoalOut(seq=g.seq, text=g.text, line=g.line) for g in a.goals.all()],
                indicator_ids=[i.pk for i in indicators if i.area_id == a.pk],
            )
        )  # fmt: skip
    return {
        **plan_out(plan, len(indicators)),
        "issuer": plan.issuer,
        "issued_date": plan.issued_date,
        "doc_number": plan.doc_number,
        "areas": areas,
        "indicators": [indicator_out(i) for i in indicators],
    }


@router.get(
    "/plans/{plan_id}/indicators",
    response=list[IndicatorOut],
    summary="规划的监测指标（含目标、阶段目标、基期值、责任单位、字典编码；分页）",
)
@paginate(Pages)
def plan_indicators(request, plan_id: int = plan_id_path()):
    plan = access.plan_for(request.user, plan_id)
    return [indicator_out(i) for i in indicators_of(plan)]


@router.get(
    "/plans/{plan_id}/alignment",
    response=AlignmentOut,
    summary="规划衔接：本规划目标与上级规划（国家纲要或另一规划）逐项比较",
    description="parent=national（按规划对象取国家纲要）、national-women / national-children，或上级规划编号。",
)
def plan_alignment(
    request,
    plan_id: int = plan_id_path(),
    parent: str = described("national", "national、national-women、national-children 或上级规划编号"),
):
    plan = access.plan_for(request.user, plan_id, readers_only=True)
    child_targets, unsure = targets_from_plan(plan)  # links the plan first, which syncs the dictionary
    if not DictionaryEntry.objects.exists():
        sync_entries()  # a fresh database: the national outline's codes must be known
    dictionary = database_dictionary()
    try:
        outlines = load_outlines(dictionary=dictionary)
    except AlignmentInputError as exc:
        raise HttpError(500, f"国家纲要目标文件有错误：{exc}") from exc
    key = f"national-{plan.population}" if parent == "national" else parent
    if key in outlines:
        parent_targets, parent_label = outlines[key].targets, outlines[key].title
    elif key.isdigit():
        other = access.plan_for(request.user, int(key), readers_only=True)
        if other.pk == plan.pk:
            raise bad_parameter("parent", "上级规划不能是本规划自身", parent)
        parent_targets, _ = targets_from_plan(other)
        parent_label = f"{other.region.name} {other.title}"
    else:
        choices = "、".join(["national", *outlines, "上级规划编号"])
        raise bad_parameter("parent", f"应为 {choices}", parent)
    report = align(
        child_targets, parent_targets, dictionary, child_label=plan.title, parent_label=parent_label
    )
    data = report.to_json()
    return AlignmentOut(
        plan_id=plan.pk, parent=key, parent_label=parent_label, counts=data["counts"], rows=data["rows"],
        unlinked=data["unlinked"], needs_review=unsure,
    )  # fmt: skip
