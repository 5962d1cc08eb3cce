"""Reporting endpoints: rounds with their progress, tasks, and observations (approved by default).

Session authentication (the web login); every answer is limited to what the user may see."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.reporting.models import Observation, Round, Task
from planwatch.apps.reporting.services import progress

from .params import MAX_ID, id_path, id_query, year_query

router = Router(auth=django_auth, tags=["年度数据报送"])


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


@router.get("/rounds", response=list[RoundOut], summary="报送轮次及各状态任务数")
def list_rounds(request):
    rounds = perm.visible_rounds(request.user, Round.objects.select_related("plan", "region"))
    return [_round_out(r) for r in rounds]


@router.get("/rounds/{round_id}/tasks", response=list[TaskOut], summary="轮次内的任务")
def round_tasks(request, round_id: int = id_path("报送轮次编号")):
    r = Round.objects.filter(pk=round_id).first() if 0 < round_id <= MAX_ID else None
    if r is None:
        raise HttpError(404, f"没有编号为 {round_id} 的报送轮次")
    tasks = perm.visible_tasks(request.user, r.tasks.select_related("department", "region", "round"))
    if not tasks.exists() and not perm.visible_rounds(request.user, Round.objects.filter(pk=r.pk)).exists():
        if not perm.in_scope(request.user, r.region_id):  # another region's round: do not confirm it exists
            raise HttpError(404, f"没有编号为 {round_id} 的报送轮次")
        raise HttpError(403, "无权查看该轮次")
    return [
        TaskOut(
            id=t.pk,
            unit=t.unit_name,
            region_code=t.region.code,
            status=t.status,
            status_label=t.get_status_display(),
            overdue=t.overdue,
            submitted_at=t.submitted_at,
            reviewed_at=t.reviewed_at,
        )  # fmt: skip
        for t in tasks
    ]


@router.get("/observations", response=list[ObservationOut], summary="监测数据（默认只含已审核数据）")
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
    return [
        ObservationOut(
            indicator_id=o.indicator_id,
            indicator=o.indicator.name,
            region_code=o.region.code,
            year=o.year,
            sex=o.sex,
            age_group=o.age_group,
            area_type=o.area_type,
            value=o.value,
            numerator=o.numerator,
            denominator=o.denominator,
            status=o.status,
        )  # fmt: skip
        for o in qs.order_by("indicator_id", "region__code", "year", "sex", "age_group", "area_type")[:20000]
    ]
