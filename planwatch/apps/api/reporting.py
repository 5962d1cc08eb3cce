"""Reporting endpoints: rounds with their progress, tasks, and observations (approved by default).

Session authentication (the web login); every answer is limited to what the user may see."""

import datetime as dt

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.reporting import services
from planwatch.apps.reporting.models import Observation, Round, Task
from planwatch.apps.reporting.services import progress
from planwatch.domain.cells import cell_from_key
from planwatch.reporting_rules import RawCell, RowInput

from .auth import API_AUTH
from .pages import Mapped, Pages
from .params import MAX_ID, id_path, id_query, year_query

router = Router(auth=API_AUTH, tags=["年度数据报送"])


class RoundOut(Schema):
    id: int
    plan_id: int
    plan: str
    region_code: str
    region: str
    year: int
    deadline: dt.date
    overdue: bool
    tasks_by_status: dict[str, int]


class TaskOut(Schema):
    id: int
    unit: str
    region_code: str
    status: str
    status_label: str
    overdue: bool
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None


class ObservationOut(Schema):
    indicator_id: int
    indicator: str
    region_code: str
    year: int
    sex: str
    age_group: str
    area_type: str
    value: float | None
    numerator: float | None
    denominator: float | None
    status: str


def _round_out(r: Round) -> RoundOut:
    return RoundOut(
        id=r.pk, plan_id=r.plan_id, plan=r.plan.title, region_code=r.region.code, region=r.region.name,
        year=r.year, deadline=r.deadline, overdue=r.overdue, tasks_by_status=progress(r),
    )  # fmt: skip


@router.get("/rounds", response=list[RoundOut], summary="报送轮次及各状态任务数（分页）")
@paginate(Pages)
def list_rounds(request):
    rounds = perm.visible_rounds(request.user, Round.objects.select_related("plan", "region"))
    return Mapped(rounds.order_by("-year", "region__code", "id"), _round_out)


@router.get("/rounds/{round_id}/tasks", response=list[TaskOut], summary="轮次内的任务（分页）")
@paginate(Pages)
def round_tasks(request, round_id: int = id_path("报送轮次编号")):
    r = Round.objects.filter(pk=round_id).first() if 0 < round_id <= MAX_ID else None
    if r is None:
        raise HttpError(404, f"没有编号为 {round_id} 的报送轮次")
    tasks = perm.visible_tasks(request.user, r.tasks.select_related("department", "region", "round"))
    if not tasks.exists() and not perm.visible_rounds(request.user, Round.objects.filter(pk=r.pk)).exists():
        if not perm.in_scope(request.user, r.region_id):  # another region's round: do not confirm it exists
            raise HttpError(404, f"没有编号为 {round_id} 的报送轮次")
        raise HttpError(403, "无权查看该轮次")
    return Mapped(tasks.order_by("id"), _task_out)


@router.get("/observations", response=list[ObservationOut], summary="监测数据（默认只含已审核数据；分页）")
@paginate(Pages)
def observations(
    request,
    year: int | None = year_query(),
    region_code: str | None = None,
    indicator_id: int | None = id_query("指标编号"),
    plan_id: int | None = id_query("规划编号"),
    include_unapproved: bool = False,
):
    qs = Observation.objects.select_related("indicator", "region")
    if not include_unapproved:
        qs = qs.approved()
    scope = perm.region_scope(request.user)
    if perm.role_of(request.user) in ("reporter", "subregion"):
        # Reporters see approved data of their own region only, and their own task's cells.
        profile = perm.profile_of(request.user)
        qs = qs.filter(region_id=profile.region_id)
        if include_unapproved:
            qs = qs.filter(task__in=perm.visible_tasks(request.user, Task.objects.all())) | qs.approved()
    elif scope is not None:
        qs = qs.filter(region_id__in=scope)
    if year is not None:
        qs = qs.filter(year=year)
    if region_code:
        qs = qs.filter(region__code=region_code)
    if indicator_id is not None:
        qs = qs.filter(indicator_id=indicator_id)
    if plan_id is not None:
        qs = qs.filter(indicator__plan_id=plan_id)
    order = ("indicator_id", "region__code", "year", "sex", "age_group", "area_type", "id")
    return Mapped(qs.order_by(*order), observation_out)


def _task_out(t: Task) -> TaskOut:
    return TaskOut(
        id=t.pk, unit=t.unit_name, region_code=t.region.code, status=t.status,
        status_label=t.get_status_display(), overdue=t.overdue, submitted_at=t.submitted_at,
        reviewed_at=t.reviewed_at,
    )  # fmt: skip


def observation_out(o: Observation) -> ObservationOut:
    return ObservationOut(
        indicator_id=o.indicator_id, indicator=o.indicator.name, region_code=o.region.code, year=o.year,
        sex=o.sex, age_group=o.age_group, area_type=o.area_type, value=o.value, numerator=o.numerator,
        denominator=o.denominator, status=o.status,
    )  # fmt: skip


# ---- writing observations: the form's validation and review path (services.save_task_data) -------------

MAX_ROWS = 2000  # a task has tens of indicators; the bound keeps one request small


class ObservationIn(Schema):
    indicator_id: int = Field(..., ge=1, le=MAX_ID, description="指标编号（须属于该任务）")
    cells: dict[str, str | float | None] = Field(
        ..., description="单元格 → 数值：total 合计、female 女、male 男、urban 城镇、rural 农村、age:<年龄组>"
    )
    numerator: str | float | None = Field(None, description="分子（指标要求分子分母时）")
    denominator: str | float | None = Field(None, description="分母")
    explanation: str = Field("", max_length=2000, description="情况说明（数值异常时须填写）")


class ObservationsIn(Schema):
    rows: list[ObservationIn] = Field(..., min_length=1, max_length=MAX_ROWS)
    submit: bool = Field(False, description="true：校验全部指标后提交审核；false：暂存")
    reason: str = Field("", max_length=500, description="修改原因（记入修改记录）")


class SavedOut(Schema):
    task_id: int
    changed: int
    submitted: bool
    status: str
    status_label: str


class ProblemOut(Schema):
    indicator: str
    cell: str
    rule: str
    message: str


class RejectedOut(Schema):
    detail: str
    problems: list[ProblemOut]
    omitted: int


def _cell(key: str, indicator_id: int):
    try:
        return cell_from_key(key)
    except ValueError:
        raise HttpError(
            422,
            f"指标 {indicator_id} 的单元格「{key[:40]}」无效：应为 total、female、male、urban、rural 或 age:<年龄组>",
        ) from None


def _rows(body: ObservationsIn) -> dict[int, RowInput]:
    rows: dict[int, RowInput] = {}
    for r in body.rows:
        if r.indicator_id in rows:
            raise HttpError(422, f"指标 {r.indicator_id} 在 rows 中出现了两次：每个指标只能给一行")
        rows[r.indicator_id] = RowInput(
            cells={_cell(k, r.indicator_id): RawCell("" if v is None else v) for k, v in r.cells.items()},
            numerator=None if r.numerator is None else RawCell(r.numerator),
            denominator=None if r.denominator is None else RawCell(r.denominator),
            explanation=r.explanation,
        )
    return rows


@router.post(
    "/tasks/{task_id}/observations",
    response={200: SavedOut, 422: RejectedOut, 409: dict},
    summary="填报任务数据（与网页填报相同的校验与审核流程；仅本任务的填报员）",
    description="全部数据通过校验才保存（任何一处问题都不保存），并记入修改记录；submit=true 时提交统计局监测组审核。",
)
def write_observations(request, body: ObservationsIn, task_id: int = id_path("任务编号")):
    task = Task.objects.select_related("round", "region", "department").filter(pk=task_id).first()
    if task is None or not perm.can_view_task(request.user, task):
        if task is None or not perm.in_scope(request.user, task.region_id):
            raise HttpError(404, f"没有编号为 {task_id} 的任务（或不在您的地区范围内）")
        raise HttpError(403, "无权查看该任务")
    if not perm.can_edit_task(request.user, task):
        raise HttpError(403, "只有本部门填报员可以填报该任务")
    rows = _rows(body)
    try:
        result = services.save_task_data(
            task, rows, request.user, source="api", submit=body.submit, reason=body.reason.strip()
        )
    except services.ValidationFailed as exc:
        return Status(422, RejectedOut(
            detail=f"{exc}" + (f"（{exc.omitted_text}）" if exc.omitted else ""),
            problems=[ProblemOut(indicator=p.indicator, cell=p.cell, rule=p.rule, message=p.message)
                      for p in exc.problems],
            omitted=exc.omitted,
        ))  # fmt: skip
    except services.WorkflowError as exc:
        return Status(409, {"detail": str(exc)})
    task.refresh_from_db()
    return SavedOut(task_id=task.pk, changed=result.changed, submitted=result.submitted, status=task.status,
                    status_label=task.get_status_display())  # fmt: skip
