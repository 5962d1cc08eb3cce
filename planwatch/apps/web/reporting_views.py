"""Reporting pages: assignments, rounds and their progress board, task form, uploads, review, history."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.evaluation.models import ImportReassessment
from planwatch.apps.regions.models import Department
from planwatch.apps.reporting import bulk, excel, services
from planwatch.apps.reporting.models import (
    Assignment,
    ImplementationReport,
    Observation,
    Round,
    Task,
    TaskEvent,
)
from planwatch.reporting_rules import YOY_DEFAULTS_TEXT, Problem, parse_number
from planwatch.site.ids import parse_id
from planwatch.uploads import UploadRefused

from .access import round_for, task_for
from .task_form import HEADERS, build_rows, rows_from_post
from .uploads import uploaded_file

REPORT_TYPES = (".pdf", ".doc", ".docx", ".wps", ".odt", ".txt")


def _int(text: str | None) -> int:
    """A posted id; anything else (a huge number too) becomes 0, which matches nothing (a 404, not a 500)."""
    return parse_id(text) or 0


# ---------------------------------------------------------------- assignments (妇儿工委办)


@login_required
def assignments(request, plan_id: int):
    plan = get_object_or_404(perm.visible_plans(request.user), pk=plan_id)
    if not perm.can_edit_assignments(request.user, plan):
        raise PermissionDenied("只有本级妇儿工委办可以调整指标分工")
    services.ensure_assignments(plan)
    rows = list(
        Assignment.objects.filter(indicator__plan=plan)
        .select_related("indicator", "indicator__area", "lead")
        .prefetch_related("partners", "indicator__departments__former_names")
        .order_by("indicator__area__order", "indicator__seq", "indicator_id")
    )
    # A deactivated department keeps the indicators it already leads, but is not offered for new ones.
    in_use = {a.lead_id for a in rows} | {d.pk for a in rows for d in a.partners.all()}
    departments = [
        d
        for d in Department.objects.filter(region=plan.region).order_by("name")
        if d.active or d.pk in in_use
    ]
    if request.method == "POST":
        post, valid = request.POST, {d.pk: d for d in departments}
        problems, partners = [], {}
        for a in rows:  # read the whole form first: one bad cell saves nothing and keeps what was typed
            lead = post.get(f"lead-{a.pk}", "")
            a.lead = valid.get(parse_id(lead))
            a.by_sex, a.by_area = f"sex-{a.pk}" in post, f"area-{a.pk}" in post
            a.with_fraction = f"frac-{a.pk}" in post
            a.age_groups = post.get(f"age-{a.pk}", "").strip()[:120]
            a.data_source = post.get(f"src-{a.pk}", "").strip()[:200]
            a.yoy_entered = post.get(f"yoy-{a.pk}", "").strip()
            a.yoy_threshold, problem = _posted_threshold(a.yoy_entered, a)
            problems += [problem] if problem else []
            chosen = {parse_id(p) for p in post.getlist(f"partners-{a.pk}")}
            partners[a.pk] = [d for pk, d in valid.items() if pk in chosen and d != a.lead]
        if problems:
            for problem in problems:
                messages.error(request, problem)
            return render(
                request, "web/assignments.html", _assignments_context(plan, rows, departments), status=400
            )
        with transaction.atomic():
            for a in rows:
                a.save()
                a.partners.set(partners[a.pk])
        messages.success(request, f"已保存 {len(rows)} 项指标的分工")
        return redirect("web:assignments", plan_id=plan.pk)
    for a in rows:
        a.yoy_entered = "" if a.yoy_threshold is None else f"{a.yoy_threshold:g}"
    return render(request, "web/assignments.html", _assignments_context(plan, rows, departments))


def _assignments_context(plan, rows: list[Assignment], departments: list[Department]) -> dict:
    restated = services.restatements(plan.pk)
    for a in rows:
        a.restates = restated.get(a.indicator_id)
    return {"plan": plan, "rows": rows, "departments": departments, "yoy_defaults": YOY_DEFAULTS_TEXT}


def _posted_threshold(text: str, a: Assignment) -> tuple[float | None, str]:
    """The 同比波动阈值 cell: empty keeps the unit's default; anything else must be a positive number."""
    if not text:
        return None, ""
    try:
        value = parse_number(text.removesuffix("个百分点").removesuffix("个千分点").rstrip("%％‰ "))
    except ValueError:
        value = None
    if value is None or value <= 0:
        return None, f"「{a.indicator.name}」同比波动阈值：「{text}」不是正数，未保存任何分工"
    return value, ""


# ---------------------------------------------------------------- rounds (统计局监测组)


@login_required
def rounds(request):
    user = request.user
    plans = [p for p in perm.visible_plans(user).open_for_rounds() if perm.can_open_round(user, p.region)]
    if request.method == "POST":
        plan = get_object_or_404(perm.visible_plans(user), pk=_int(request.POST.get("plan")))
        if not perm.can_open_round(user, plan.region):
            raise PermissionDenied("只有本级统计局监测组可以开启报送轮次")
        try:
            year = int(request.POST.get("year", ""))
            deadline = dt.date.fromisoformat(request.POST.get("deadline", ""))
            r = services.open_round(
                plan, plan.region, year, deadline, user, include_subregions="subregions" in request.POST
            )
        except ValueError:
            messages.error(request, "请填写正确的数据年份和截止日期")
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已开启 {r}，向 {r.tasks.count()} 个单位下发了任务")
            return redirect("web:round_board", round_id=r.pk)
    visible = perm.visible_rounds(user, Round.objects.select_related("plan", "region"))
    today = dt.date.today()
    return render(
        request,
        "web/rounds.html",
        {"rounds": visible, "plans": plans, "default_year": today.year - 1,
         "default_deadline": dt.date(today.year, 12, 31).isoformat()},
    )  # fmt: skip


def _task_progress(task: Task, assignments_by_dept: dict, filled: dict) -> tuple[int, int]:
    wanted = assignments_by_dept.get(task.department_id, assignments_by_dept.get(None, []))
    need = sum(len(services.required_cells(a)) for a in wanted)
    return min(filled.get(task.pk, 0), need), need


@login_required
def round_board(request, round_id: int):
    round_ = round_for(request.user, round_id)
    tasks = list(
        perm.visible_tasks(
            request.user, round_.tasks.select_related("department", "region")
        ).prefetch_related("reports")
    )
    all_assignments = services.plan_assignments(round_.plan_id)
    by_dept: dict = {}
    for a in all_assignments:
        by_dept.setdefault(a.lead_id, []).append(a)
    by_dept[None] = all_assignments  # sub-region tasks report every indicator
    filled: dict[int, int] = {}
    for task_id in Observation.objects.filter(task__round=round_, value__isnull=False).values_list(
        "task_id", flat=True
    ):
        filled[task_id] = filled.get(task_id, 0) + 1
    rows = []
    for t in tasks:
        done, need = _task_progress(t, by_dept, filled)
        rows.append({"task": t, "done": done, "need": need, "pct": round(100 * done / need) if need else 0})
    counts = {s.label: sum(1 for t in tasks if t.status == s.value) for s in Task.Status}
    approved = sum(1 for t in tasks if t.status == Task.Status.APPROVED)
    context = {
        "round": round_,
        "rows": rows,
        "counts": counts,
        "overdue": sum(1 for t in tasks if t.overdue),
        "approved_pct": round(100 * approved / len(tasks)) if tasks else 0,
        "can_review": perm.can_review(request.user, round_),
        "can_open": perm.can_open_round(request.user, round_.region),
    }
    context["no_lead"], context["no_task"] = services.uncovered(round_)
    template = "web/_board_table.html" if request.headers.get("HX-Request") else "web/round_board.html"
    return render(request, template, context)


@login_required
@require_POST
def round_add_tasks(request, round_id: int):
    round_ = round_for(request.user, round_id)
    if not perm.can_open_round(request.user, round_.region):
        raise PermissionDenied("只有本级统计局监测组可以补发任务")
    try:
        added = services.add_missing_tasks(round_, request.user)
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        names = "、".join(t.unit_name for t in added)
        messages.success(request, f"已向 {names} 补发任务" if added else "没有需要补发任务的牵头单位")
    return redirect("web:round_board", round_id=round_.pk)


# ---------------------------------------------------------------- task page (部门填报)


def _task_context(request, task: Task, *, posted=None, problems=None, upload_failure=None) -> dict:
    return {
        "task": task,
        "round": task.round,
        "groups": build_rows(task, posted, problems),
        "headers": HEADERS,
        "problems": problems or [],
        "upload_problems": upload_failure.problems if upload_failure else [],
        "upload_failure": upload_failure,
        "can_edit": perm.can_edit_task(request.user, task) and task.editable,
        "is_owner": perm.can_edit_task(request.user, task),
        "can_review": perm.can_review(request.user, task),
        "reports": task.reports.select_related("uploaded_by"),
        "last_comment": task.events.filter(
            kind__in=[TaskEvent.Kind.RETURNED, TaskEvent.Kind.REOPENED]
        ).last(),
    }


@login_required
def task_page(request, task_id: int):
    task = task_for(request.user, task_id, edit=request.method == "POST")
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        rows = rows_from_post(request.POST)
        try:
            services.save_task_data(task, rows, request.user, source="form", submit=submit)
        except services.ValidationFailed as exc:
            messages.error(request, f"未保存：共 {exc.total} 处问题，请修改后重试")
            return render(
                request,
                "web/task.html",
                _task_context(request, task, posted=request.POST, problems=exc.problems),
            )
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已提交，等待监测组审核" if submit else "已暂存")
        return redirect("web:task", task_id=task.pk)
    return render(request, "web/task.html", _task_context(request, task))


@login_required
def task_template(request, task_id: int):
    task = task_for(request.user, task_id)
    response = HttpResponse(
        excel.build_template(task),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{task.round.year}年度-{task.unit_name}-填报模板.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
@require_POST
def task_upload(request, task_id: int):
    task = task_for(request.user, task_id, edit=True)
    failure, filename = None, ""
    try:
        upload = uploaded_file(request, "workbook")
    except UploadRefused as exc:
        upload, filename = None, exc.filename
        failure = services.ValidationFailed([Problem(exc.filename, "整个文件", exc.rule, exc.message)])
        services.record_rejection(task, request.user, failure, exc.filename)
    if upload is None and failure is None:
        messages.error(request, "请选择要上传的工作簿")
    elif upload is not None:
        filename = upload.name
        try:
            result = excel.import_task_workbook(
                task,
                upload.read(),
                request.user,
                filename=upload.name,
                submit=request.POST.get("submit") == "1",
            )
        except services.ValidationFailed as exc:
            services.record_rejection(task, request.user, exc, upload.name)
            failure = exc
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已导入 {upload.name}：修改 {result.changed} 个单元格")
    if request.headers.get("HX-Request"):
        response = render(request, "web/_upload_result.html", {"failure": failure, "filename": filename})
        if failure is None:
            response["HX-Redirect"] = reverse("web:task", args=[task.pk])
        return response
    if failure is not None:
        return render(request, "web/task.html", _task_context(request, task, upload_failure=failure))
    return redirect("web:task", task_id=task.pk)


@login_required
@require_POST
def task_review(request, task_id: int):
    task = task_for(request.user, task_id, review=True)
    action, comment = request.POST.get("action"), request.POST.get("comment", "")
    actions = {"approve": services.approve, "return": services.return_task, "reopen": services.reopen}
    if action not in actions:
        messages.error(request, "未知操作")
    else:
        try:
            actions[action](task, request.user, comment)
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                {"approve": "已审核通过，数据已锁定", "return": "已退回", "reopen": "已重新打开"}[action],
            )
    return redirect("web:task", task_id=task.pk)


@login_required
@require_POST
def task_submit(request, task_id: int):
    task = task_for(request.user, task_id, edit=True)
    try:
        services.submit_task(task, request.user)
    except services.ValidationFailed as exc:
        messages.error(request, f"不能提交：共 {exc.total} 处问题")
        return render(request, "web/task.html", _task_context(request, task, problems=exc.problems))
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已提交，等待监测组审核")
    return redirect("web:task", task_id=task.pk)


@login_required
def task_history(request, task_id: int):
    task = task_for(request.user, task_id)
    return render(request, "web/history.html", {"task": task, "items": services.task_history(task)})


# ---------------------------------------------------------------- implementation reports


@login_required
@require_POST
def report_upload(request, task_id: int):
    task = task_for(request.user, task_id, edit=True)
    try:
        upload = uploaded_file(request, "report")
    except UploadRefused as exc:
        messages.error(request, f"{exc}")
    else:
        _store_report(request, task, upload)
    return redirect("web:task", task_id=task.pk)


def _store_report(request, task: Task, upload) -> None:
    if upload is None or not upload.name.lower().endswith(REPORT_TYPES):
        messages.error(request, f"请上传报告文件（{'、'.join(REPORT_TYPES)}）")
    else:
        title = (
            request.POST.get("title", "").strip()
            or f"{task.round.year}年规划实施情况和{task.round.year + 1}年工作安排"
        )
        with transaction.atomic():
            report = ImplementationReport.objects.create(
                task=task, title=title[:200], file=upload, original_name=upload.name[:255], size=upload.size,
                uploaded_by=request.user,
            )  # fmt: skip
            TaskEvent.objects.create(
                task=task, kind=TaskEvent.Kind.REPORT, user=request.user, comment=report.title
            )
        messages.success(request, f"已上传实施情况报告：{upload.name}")


@login_required
def report_download(request, report_id: int):
    report = get_object_or_404(ImplementationReport, pk=report_id)
    task_for(request.user, report.task_id)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.original_name)


# ---------------------------------------------------------------- historical import


@login_required
def history_import(request):
    user = request.user
    if not perm.has_role(user, "admin", "monitor"):
        raise PermissionDenied("只有妇儿工委办和统计局监测组可以导入历史数据")
    # a draft plan's indicators are not final: no data against them
    plans = perm.visible_plans(user).monitored()
    context = {"plans": plans, "failure": None, "result": None}
    if request.method == "POST":
        try:
            upload = uploaded_file(request, "file")
        except UploadRefused as exc:
            upload = None
            context["failure"] = services.ValidationFailed(
                [Problem(exc.filename, "整个文件", exc.rule, exc.message)]
            )
            messages.error(request, f"{exc}；未导入任何数据")
        plan = plans.filter(pk=_int(request.POST.get("plan"))).first()
        if upload is None and context["failure"] is None:
            messages.error(request, "请选择文件")
        elif upload is not None:
            try:
                context["result"] = bulk.import_series(upload.read(), upload.name, user, plan=plan)
            except services.ValidationFailed as exc:
                context["failure"] = exc
                messages.error(request, f"{upload.name}：共 {exc.total} 处问题，未导入任何数据")
            else:
                messages.success(request, f"已导入 {upload.name}")
                if context["result"].reassessment is not None:
                    context["result"].reassessment.refresh_from_db()  # the immediate backend has run it
    # the user's own imports of the last days, whose re-assessment may still be running
    shown = {getattr(context["result"], "reassessment", None) and context["result"].reassessment.pk}
    context["recent"] = [
        item for item in ImportReassessment.objects.filter(requested_by=user).order_by("-created_at", "-id")[:5]
        if item.pk not in shown
    ]  # fmt: skip
    return render(request, "web/history_import.html", context)
