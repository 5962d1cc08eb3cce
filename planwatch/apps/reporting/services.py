"""The reporting workflow: assignments, rounds, saving a task's data, review. Views, the Excel upload and
the CLI all go through here, so the same data gives the same result whatever the channel."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.departments import current_names, in_printed_order
from planwatch.apps.regions.models import Department, Region
from planwatch.assessment.spec import IndicatorSpec as AssessedIndicator
from planwatch.assessment.subtotals import children_total
from planwatch.domain.cells import FEMALE, MALE, RURAL, TOTAL, URBAN, Cell, age_cell, cell_key
from planwatch.reporting_rules import (
    IndicatorSpec,
    Problem,
    RawCell,
    RowInput,
    check_row,
    number_text,
)

from .models import Assignment, Observation, ObservationHistory, Round, Task, TaskEvent

logger = logging.getLogger(__name__)


class WorkflowError(Exception):
    """The action is not allowed in the task's current state; the message says why in Chinese."""


MAX_PROBLEMS = 1000  # listed one by one; beyond that they are counted ("还有 N 条问题未列出")


class ValidationFailed(Exception):
    """Data rejected: nothing was stored. ``problems`` lists the problems found (at most MAX_PROBLEMS),
    ``omitted`` counts those found but not listed, ``total`` is both."""

    def __init__(self, problems: list[Problem], omitted: int = 0) -> None:
        listed = problems[:MAX_PROBLEMS]
        self.problems, self.omitted = listed, omitted + len(problems) - len(listed)
        self.total = len(listed) + self.omitted
        super().__init__(f"共 {self.total} 处问题，未保存任何数据")

    @property
    def omitted_text(self) -> str:
        return f"还有 {self.omitted} 条问题未列出" if self.omitted else ""


class ProblemLog:
    """Problems of one file, kept up to MAX_PROBLEMS and counted beyond: a file with two million bad rows
    yields a list a person can read and the true count."""

    def __init__(self) -> None:
        self.listed: list[Problem] = []
        self.omitted = 0

    def add(self, problem: Problem) -> None:
        if len(self.listed) < MAX_PROBLEMS:
            self.listed.append(problem)
        else:
            self.omitted += 1

    def extend(self, problems) -> None:
        for p in problems:
            self.add(p)

    def __len__(self) -> int:
        return len(self.listed) + self.omitted

    def failed(self) -> ValidationFailed:
        return ValidationFailed(self.listed, self.omitted)


# ---------------------------------------------------------------- assignments


def ensure_assignments(plan: Plan) -> int:
    """Give every indicator of the plan an assignment, taking the lead from the first department of its
    责任单位 column and the rest as partners. Existing (possibly edited) assignments are left alone."""
    created = 0
    have = set(Assignment.objects.filter(indicator__plan=plan).values_list("indicator_id", flat=True))
    local = list(Department.objects.filter(region_id=plan.region_id, active=True))
    for indicator in (
        plan.indicators.select_related("area")
        .prefetch_related("departments__former_names")
        .exclude(pk__in=have)
    ):
        departments = _in_text_order(indicator) or _suggest_lead(indicator, local)
        assignment = Assignment.objects.create(
            indicator=indicator,
            lead=departments[0] if departments else None,
            with_fraction=False,
        )
        if len(departments) > 1:
            assignment.partners.set(departments[1:])
        created += 1
    return created


# When a plan has no 责任单位 column, the area suggests the usual lead department; the office checks it.
AREA_HINTS = [
    ("健康", ("卫生健康", "卫健")),
    ("教育", ("教委", "教育")),
    ("经济", ("人力资源", "人社")),
    ("社会保障", ("医疗保障", "医保", "民政")),
    ("福利", ("民政",)),
    ("家庭", ("妇联",)),
    ("环境", ("生态环境", "住房")),
    ("法律", ("司法", "公安")),
    ("保护", ("公安", "民政")),
    ("决策", ("组织部", "妇联")),
    ("参与", ("团", "妇联")),
]


def _suggest_lead(indicator: Indicator, local: list[Department]) -> list[Department]:
    area = indicator.area.name if indicator.area else ""
    for word, hints in AREA_HINTS:
        if word in area:
            for hint in hints:
                for dept in local:
                    if hint in dept.name:
                        return [dept]
    return []


def _in_text_order(indicator: Indicator) -> list[Department]:
    """Departments in the order the plan prints them (under their names then, if renamed): the first leads."""
    return in_printed_order(indicator.departments_text, indicator.departments.all())


def responsible_departments(indicators: list[Indicator]) -> dict[str, list[str]]:
    """{str(indicator id): responsible departments} as reports and warning lists print them, under their current
    names: the assignment's lead and partners, else the departments the plan's 责任单位 names (in printed
    order), else the printed text itself (it names no known department)."""
    ids = [i.pk for i in indicators]
    out: dict[str, list[str]] = {}
    for a in (
        Assignment.objects.filter(indicator_id__in=ids).select_related("lead").prefetch_related("partners")
    ):
        names = ([a.lead.name] if a.lead_id else []) + [p.name for p in a.partners.all()]
        if names:
            out[str(a.indicator_id)] = names
    stated = (
        Indicator.departments.through.objects.filter(indicator_id__in=ids)
        .select_related("department")
        .prefetch_related("department__former_names")
    )
    linked: dict[int, list] = {}
    for link in stated:
        linked.setdefault(link.indicator_id, []).append(link.department)
    for i in indicators:
        # the assignment (分工) wins over the plan's list; that list is shown under today's names, in printed
        # order; the printed text itself only when it names no known department
        names = current_names(i.departments_text, linked.get(i.pk, []))
        if names:
            out.setdefault(str(i.pk), names)
    return out


def restatements(plan_id: int) -> dict[int, Indicator]:
    """Goal sentences that restate a 专栏 table indicator of the same plan (same accepted dictionary code), each
    mapped to that table indicator: the quantity is reported once, on the table row, not twice."""
    from planwatch.apps.dictionary.models import IndicatorLink

    links = IndicatorLink.objects.filter(
        indicator__plan_id=plan_id, accepted=True, entry__isnull=False
    ).select_related("indicator")
    carriers: dict[int, Indicator] = {}  # the first table row of each code, in the plan's order
    for link in links.order_by("indicator__area__order", "indicator__seq", "indicator_id"):
        if link.indicator.origin == "table":
            carriers.setdefault(link.entry_id, link.indicator)
    return {
        link.indicator_id: carriers[link.entry_id]
        for link in links
        if link.indicator.origin != "table" and link.entry_id in carriers
    }


def plan_assignments(plan_id: int) -> list[Assignment]:
    """The assignments that are reported (restating goal sentences left out), in the plan's order."""
    skip = restatements(plan_id)
    qs = Assignment.objects.filter(indicator__plan_id=plan_id).select_related(
        "indicator", "indicator__area", "lead"
    )
    ordered = qs.order_by("indicator__area__order", "indicator__seq", "indicator_id")
    return [a for a in ordered if a.indicator_id not in skip]


def indicator_name(iid: int) -> str:
    """For messages about an id that came from a form or a file (it may name no indicator at all)."""
    return Indicator.objects.filter(pk=iid).values_list("name", flat=True).first() or f"指标 {iid}"


def required_cells(assignment: Assignment) -> tuple[Cell, ...]:
    """Cells that must be filled on submit. A qualitative target (定性) may have no figure: none."""
    if assignment.indicator.target_kind == Indicator.TargetKind.QUALITATIVE:
        return ()
    cells = [TOTAL]
    if assignment.by_sex:
        cells += [FEMALE, MALE]
    if assignment.by_area:
        cells += [URBAN, RURAL]
    cells += [age_cell(g) for g in assignment.age_group_list()]
    return tuple(cells)


def spec_for(assignment: Assignment) -> IndicatorSpec:
    indicator = assignment.indicator
    return IndicatorSpec(
        name=indicator.name,
        unit=indicator.unit,
        required=required_cells(assignment),
        with_fraction=assignment.with_fraction,
        yoy_override=assignment.yoy_threshold,
    )


# ---------------------------------------------------------------- rounds and tasks


@transaction.atomic
def open_round(
    plan: Plan, region: Region, year: int, deadline: dt.date, user, *, include_subregions: bool = False
) -> Round:
    """Open a round and give each lead department (and, if asked, each sub-region) its task."""
    if plan.status != Plan.Status.ACTIVE:
        # a draft is not reviewed yet and an archived plan is closed: neither collects data
        raise WorkflowError(
            f"规划「{plan.title}」{plan.get_status_display()}，不能开启报送轮次；只有生效的规划可以报送数据"
        )
    if region.pk != plan.region_id and region.pk not in plan.region.descendant_ids():
        raise WorkflowError(f"{region.name}不在规划「{plan.title}」的地区范围内")
    if not plan.period_start - 15 <= year <= plan.period_end:
        raise WorkflowError(f"数据年份 {year} 不在规划期 {plan.period_start}—{plan.period_end} 内")
    if Round.objects.filter(plan=plan, region=region, year=year).exists():
        # Rounds are per plan: the women's and the children's plan of one year each have their own.
        raise WorkflowError(f"{region.name} {year} 年度「{plan.title}」的报送轮次已开启，不能重复开启")
    ensure_assignments(plan)
    round_ = Round.objects.create(plan=plan, region=region, year=year, deadline=deadline, opened_by=user)
    leads = {a.lead for a in plan_assignments(plan.pk) if a.lead_id is not None}
    tasks = [Task(round=round_, department=d, region=d.region) for d in sorted(leads, key=lambda d: d.pk)]
    if include_subregions:
        tasks += [Task(round=round_, department=None, region=r) for r in region.children.all()]
    if not tasks:
        raise WorkflowError("该规划的指标尚未指定牵头单位，无法下发任务；请先在「指标分工」中指定")
    Task.objects.bulk_create(tasks)
    TaskEvent.objects.bulk_create(
        TaskEvent(task=t, kind=TaskEvent.Kind.OPENED, user=user, comment=f"截止 {deadline:%Y-%m-%d}")
        for t in round_.tasks.all()
    )
    return round_


def uncovered(round_: Round) -> tuple[list[Assignment], list[Department]]:
    """What a round does not yet cover: indicators without a lead department, and lead departments (named
    after the round was opened) that have no task in it."""
    found = plan_assignments(round_.plan_id)
    have = set(round_.tasks.exclude(department=None).values_list("department_id", flat=True))
    leads = {a.lead_id: a.lead for a in found if a.lead_id is not None and a.lead_id not in have}
    return [a for a in found if a.lead_id is None], sorted(leads.values(), key=lambda d: d.pk)


@transaction.atomic
def add_missing_tasks(round_: Round, user) -> list[Task]:
    """Give each lead department named since the round was opened its task (补发任务)."""
    if round_.closed:
        raise WorkflowError("轮次已关闭，不能补发任务")
    _, missing = uncovered(round_)
    tasks = Task.objects.bulk_create(Task(round=round_, department=d, region=d.region) for d in missing)
    TaskEvent.objects.bulk_create(
        TaskEvent(
            task=t, kind=TaskEvent.Kind.OPENED, user=user, comment=f"补发，截止 {round_.deadline:%Y-%m-%d}"
        )
        for t in round_.tasks.filter(department__in=missing)
    )
    return tasks


@dataclass
class PartnerRow:
    """One indicator a department supports (配合) in a round: what the lead department has reported so far."""

    round: Round
    assignment: Assignment
    lead_status: str  # the lead's task status label, or 未下发
    total: float | None


def partner_rows(department: Department) -> list[PartnerRow]:
    """Read-only view for a partner department: the indicators it supports in the open rounds of its region,
    with the lead's current total. Partners never write: one value per cell, reported by the lead."""
    rounds = list(Round.objects.filter(region_id=department.region_id, closed=False).select_related("plan"))
    found = Assignment.objects.filter(
        partners=department, indicator__plan_id__in={r.plan_id for r in rounds}
    ).select_related("indicator", "lead")
    by_plan: dict[int, list[Assignment]] = {}
    for a in found.order_by("indicator__area__order", "indicator__seq", "indicator_id"):
        by_plan.setdefault(a.indicator.plan_id, []).append(a)
    rows = []
    for r in rounds:
        wanted = by_plan.get(r.plan_id, [])
        if not wanted:
            continue
        status = {t.department_id: t.get_status_display() for t in r.tasks.exclude(department=None)}
        totals = dict(
            Observation.objects.filter(
                indicator__in=[a.indicator_id for a in wanted], region_id=r.region_id, year=r.year,
                sex="total", age_group="", area_type="total",
            ).values_list("indicator_id", "value")
        )  # fmt: skip
        rows += [
            PartnerRow(r, a, status.get(a.lead_id, "未下发"), totals.get(a.indicator_id)) for a in wanted
        ]
    return rows


def task_assignments(task: Task) -> list[Assignment]:
    """The indicators a task reports: its department's lead indicators, or all of them for a sub-region."""
    found = plan_assignments(task.round.plan_id)
    if task.department_id is None:
        return found
    return [a for a in found if a.lead_id == task.department_id]


def stored_cells(task: Task, indicator_ids: list[int], year: int) -> dict[int, dict[Cell, Observation]]:
    found: dict[int, dict[Cell, Observation]] = {}
    for obs in Observation.objects.filter(
        indicator_id__in=indicator_ids, region_id=task.region_id, year=year
    ):
        found.setdefault(obs.indicator_id, {})[Cell(obs.sex, obs.age_group, obs.area_type)] = obs
    return found


def previous_values(task: Task, indicator_ids: list[int]) -> dict[int, dict[Cell, float]]:
    """Last year's approved values of the same cells: the reference for the year-on-year check."""
    found: dict[int, dict[Cell, float]] = {}
    rows = Observation.objects.approved().filter(
        indicator_id__in=indicator_ids,
        region_id=task.region_id,
        year=task.round.year - 1,
        value__isnull=False,
    )
    for obs in rows:
        found.setdefault(obs.indicator_id, {})[Cell(obs.sex, obs.age_group, obs.area_type)] = obs.value
    return found


def rollup_values(task: Task, indicator_ids: list[int]) -> dict[int, dict[Cell, float]]:
    """下级合计 shown next to a county's cells, from the approved data of the regions directly below. It is the
    assessment's roll-up (``planwatch.assessment.subtotals``): counts summed, rates and per-capita values as
    Σ分子 / Σ分母 on their scale (or weighted by the denominator), never a sum of rates."""
    children = [
        str(pk) for pk in Region.objects.filter(parent_id=task.region_id).values_list("pk", flat=True)
    ]
    if not children:
        return {}
    specs = [
        AssessedIndicator(key=str(pk), name=name, unit=unit)
        for pk, unit, name in Indicator.objects.filter(pk__in=indicator_ids).values_list("pk", "unit", "name")
    ]
    rows = Observation.objects.approved().filter(
        indicator_id__in=indicator_ids, region_id__in=children, year=task.round.year
    )
    fields = (
        "indicator_id",
        "region_id",
        "year",
        "sex",
        "age_group",
        "area_type",
        "value",
        "numerator",
        "denominator",
    )
    obs = pl.DataFrame(
        [dict(zip(fields, r, strict=True)) for r in rows.values_list(*fields)],
        schema={"indicator_id": pl.Int64, "region_id": pl.Int64, "year": pl.Int32, "sex": pl.String,
                "age_group": pl.String, "area_type": pl.String, "value": pl.Float64, "numerator": pl.Float64,
                "denominator": pl.Float64},
        orient="row",
    ).select(pl.col("indicator_id").cast(pl.String).alias("key"), pl.col("region_id").cast(pl.String).alias("region"),
             pl.exclude("indicator_id", "region_id"))  # fmt: skip
    sums: dict[int, dict[Cell, float]] = {}
    for r in children_total(specs, obs, str(task.region_id), children).iter_rows(named=True):
        sums.setdefault(int(r["key"]), {})[Cell(r["sex"], r["age_group"], r["area_type"])] = r["value"]
    return sums


@dataclass
class SaveResult:
    changed: int
    submitted: bool


def save_task_data(
    task: Task,
    rows: dict[int, RowInput],
    user,
    *,
    source: str,
    submit: bool = False,
    reason: str = "",
) -> SaveResult:
    """Validate every row, then store all of them or none. Rows not given keep their stored values."""
    task.refresh_from_db()
    if not task.editable:
        raise WorkflowError(
            f"任务状态为「{task.get_status_display()}」，不能修改；如需修改请联系监测组重新打开"
        )
    assignments = {a.indicator_id: a for a in task_assignments(task)}
    problems = ProblemLog()
    for iid in rows:
        if iid not in assignments:
            problems.add(Problem(indicator_name(iid), "整行", "无权填报", "该指标不属于本任务，不能填报"))
    ids = list(assignments)
    stored = stored_cells(task, ids, task.round.year)
    previous = previous_values(task, ids)
    checked = {}
    for iid, assignment in assignments.items():
        row = rows.get(iid)
        if row is None:
            if not submit:
                continue
            row = _row_from_stored(stored.get(iid, {}))
        result = check_row(spec_for(assignment), row, previous.get(iid), submitting=submit)
        problems.extend(result.problems)
        checked[iid] = (row, result)
    if problems:
        raise problems.failed()

    now = timezone.now()
    obs_status = Observation.Status.SUBMITTED if submit else Observation.Status.DRAFT
    changed = 0
    with transaction.atomic():
        # Lock the task row: a review landing between the check above and this write must win.
        if not Task.objects.select_for_update().get(pk=task.pk).editable:
            raise WorkflowError("任务状态已改变，不能修改；请刷新页面")
        history: list[ObservationHistory] = []
        for iid, (row, result) in checked.items():
            cells = dict(result.values)
            for cell, value in cells.items():
                fields = {"value": value, "explanation": row.explanation.strip()}
                if cell == TOTAL:
                    fields["numerator"], fields["denominator"] = result.numerator, result.denominator
                obs = stored.get(iid, {}).get(cell)
                if obs is None:
                    if all(v in (None, "") for v in fields.values()):
                        continue
                    obs = Observation(
                        indicator_id=iid, region_id=task.region_id, year=task.round.year,
                        sex=cell.sex, age_group=cell.age_group, area_type=cell.area_type,
                    )  # fmt: skip
                    olds = {}
                else:
                    olds = {f: getattr(obs, f) for f in fields}
                diffs = [
                    (f, olds.get(f), v)
                    for f, v in fields.items()
                    if olds.get(f) != v and not (olds.get(f) in (None, "") and v in (None, ""))
                ]
                if not diffs and obs.pk and obs.task_id == task.pk:
                    continue
                for f, v in fields.items():
                    setattr(obs, f, v)
                obs.status, obs.task, obs.source, obs.updated_by = (
                    Observation.Status.DRAFT,
                    task,
                    source,
                    user,
                )
                obs.save()
                changed += bool(diffs)
                history += [
                    ObservationHistory(
                        observation=obs,
                        indicator_id=iid,
                        region_id=task.region_id,
                        year=task.round.year,
                        cell=cell_key(cell),
                        field=f,
                        old=number_text(old),
                        new=number_text(new),
                        reason=reason,
                        source=source,
                        task=task,
                        user=user,
                        at=now,
                    )  # fmt: skip
                    for f, old, new in diffs
                ]
        ObservationHistory.objects.bulk_create(history)
        Observation.objects.filter(task=task, region_id=task.region_id, year=task.round.year).update(
            status=obs_status
        )
        kind = TaskEvent.Kind.UPLOADED if source in ("excel", "cli") else TaskEvent.Kind.SAVED
        if changed or not submit or kind == TaskEvent.Kind.UPLOADED:  # a bare "submit" is one step, not two
            details = {"changed": changed, "source": source}
            TaskEvent.objects.create(task=task, kind=kind, user=user, at=now, comment=reason, details=details)
        task.status = Task.Status.SUBMITTED if submit else Task.Status.DRAFT
        if submit:
            task.submitted_at = now
            TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.SUBMITTED, user=user, at=now)
        task.save()
    return SaveResult(changed=changed, submitted=submit)


def _row_from_stored(cells: dict[Cell, Observation]) -> RowInput:
    total = cells.get(TOTAL)
    return RowInput(
        cells={c: RawCell(o.value) for c, o in cells.items()},
        numerator=RawCell(total.numerator) if total else None,
        denominator=RawCell(total.denominator) if total else None,
        explanation=next((o.explanation for o in cells.values() if o.explanation), ""),
    )


def submit_task(task: Task, user) -> SaveResult:
    """Submit what is stored (checked as on submit: required cells must be filled)."""
    return save_task_data(task, {}, user, source="form", submit=True)


def record_rejection(task: Task, user, failure: ValidationFailed, filename: str) -> None:
    """A rejected upload stores no data but is part of the task's history."""
    listed = [str(p) for p in failure.problems[:500]]
    if failure.total > len(listed):
        listed.append(f"还有 {failure.total - len(listed)} 条问题未列出")
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.REJECTED,
        user=user,
        comment=f"{filename}：{failure.total} 处问题，未保存任何数据",
        details={"problems": listed},
    )


# ---------------------------------------------------------------- review


def _set_status(task: Task, status: str, kind: str, user, comment: str, obs_status: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        task.status = status
        if status == Task.Status.APPROVED:
            task.reviewed_at = now
        task.save()
        Observation.objects.filter(task=task, region_id=task.region_id, year=task.round.year).update(
            status=obs_status
        )
        TaskEvent.objects.create(task=task, kind=kind, user=user, at=now, comment=comment)


def approve(task: Task, user, comment: str = "") -> None:
    task.refresh_from_db()
    if task.status != Task.Status.SUBMITTED:
        raise WorkflowError(f"只有已提交的任务才能审核通过（当前：{task.get_status_display()}）")
    _set_status(
        task, Task.Status.APPROVED, TaskEvent.Kind.APPROVED, user, comment, Observation.Status.APPROVED
    )
    _reassess(task, "审核通过")


def _reassess(task: Task, cause: str) -> None:
    """The assessment follows the approved data at once (no nightly batch): the affected indicators of every
    plan counting this task's data are re-assessed. A plan the engine refuses (a broken milestone) keeps its
    previous results; the approval itself stands and the problem is logged."""
    from planwatch.apps.evaluation.services import reassess_after_review

    try:
        reassess_after_review(task, cause)
    except ValueError as exc:
        logger.warning("任务 %s %s后重新评估未完成：%s", task.pk, cause, exc)


def return_task(task: Task, user, comment: str) -> None:
    task.refresh_from_db()
    if task.status != Task.Status.SUBMITTED:
        raise WorkflowError(f"只有已提交的任务才能退回（当前：{task.get_status_display()}）")
    if not comment.strip():
        raise WorkflowError("退回时必须填写退回意见")
    _set_status(
        task, Task.Status.RETURNED, TaskEvent.Kind.RETURNED, user, comment.strip(), Observation.Status.DRAFT
    )


def reopen(task: Task, user, reason: str) -> None:
    """Unlock approved data for correction; the data stops counting as approved until approved again."""
    task.refresh_from_db()
    if task.status != Task.Status.APPROVED:
        raise WorkflowError(f"只有已审核的任务才能重新打开（当前：{task.get_status_display()}）")
    if not reason.strip():
        raise WorkflowError("重新打开已审核数据必须说明原因")
    _set_status(
        task, Task.Status.RETURNED, TaskEvent.Kind.REOPENED, user, reason.strip(), Observation.Status.DRAFT
    )
    _reassess(task, "重新打开")  # the data stop counting: the figures go back to what is still approved


def progress(round_: Round) -> dict[str, int]:
    """Count of tasks per status (for the progress board)."""
    counts = {s.value: 0 for s in Task.Status}
    for status in round_.tasks.values_list("status", flat=True):
        counts[status] += 1
    return counts


def task_history(task: Task) -> list[dict]:
    """Workflow steps and value changes of a task, oldest first, for the history page."""
    items = [
        {"at": e.at, "user": e.user, "kind": e.get_kind_display(), "comment": e.comment, "details": e.details}
        for e in task.events.select_related("user")
    ]
    for h in ObservationHistory.objects.filter(Q(task=task)).select_related("indicator", "user"):
        items.append(
            {
                "at": h.at,
                "user": h.user,
                "kind": "数据修改",
                "comment": h.reason,
                "change": h,
            }
        )
    items.sort(key=lambda i: (i["at"], 0 if "change" in i else 1))
    return items
