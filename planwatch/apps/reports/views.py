"""报告 pages: per plan and region, request the annual monitoring report, the data tables, the mid-term/final
evaluation report and the comparison report; watch the jobs progress (htmx polling), download, retry a failed
one; the evaluation group's draft sections with their history; publication by the committee office.

Access (planwatch.apps.accounts.permissions): the reading roles of the region or a region above it read and
download (403 for other roles, 404 for another region); 妇儿工委办 and both groups generate; 评估组 writes the
drafts; 妇儿工委办 publishes and withdraws."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.models import Observation

from . import services
from .generation import mark_abandoned
from .kinds import ReportRequestError, annual_years, comparison_levels, stage_years
from .models import EvaluationDraft, Format, Kind, Publication, QualitativeJudgement, ReportJob

READ_DENIED = "监测评估报告只对妇儿工委办、统计局监测组、评估组和领导开放"


def _readable_plan(user, plan_id: int) -> Plan:
    return perm.plan_or_refuse(
        user, plan_id, readers_only=True, denied=READ_DENIED, plans=Plan.objects.monitored()
    )


def _plan_region(user, plan_id: int, region_id: int) -> tuple[Plan, Region]:
    """The plan and one region it covers (its own or one below), both inside the user's scope."""
    plan = _readable_plan(user, plan_id)
    region = get_object_or_404(Region, pk=region_id)
    covered = region.pk == plan.region_id or region.pk in plan.region.descendant_ids()
    if not covered or not perm.in_scope(user, region.pk):
        raise Http404("该规划不覆盖这个地区")
    return plan, region


def _readable_job(user, job_id: int) -> ReportJob:
    if not perm.has_role(user, *perm.READERS):
        raise PermissionDenied(READ_DENIED)
    job = get_object_or_404(ReportJob.objects.select_related("plan", "region", "requested_by"), pk=job_id)
    if not perm.can_read_reports(user, job.region_id):
        raise Http404("没有该报告")
    return job


def _page_url(plan: Plan, region: Region) -> str:
    return reverse("reports:page", args=[plan.pk, region.pk])


def _can(user, region: Region) -> dict:
    return {
        "generate": perm.can_generate_reports(user, region.pk),
        "drafts": perm.can_write_evaluation_drafts(user, region.pk),
        "publish": perm.can_publish_reports(user, region.pk),
    }


def _latest_data_year(plan: Plan, region: Region) -> int | None:
    """The year the forms preselect: the latest with approved data for the region (or a region below it)."""
    regions = [region.pk, *region.descendant_ids()]
    found = Observation.objects.approved().filter(indicator__plan=plan, region_id__in=regions)
    return found.aggregate(latest=Max("year"))["latest"]


@login_required
def index(request):
    if not perm.has_role(request.user, *perm.READERS):
        raise PermissionDenied(READ_DENIED)
    plans = (
        Plan.objects.monitored()
        .select_related("region")
        .visible_to(request.user)
        .order_by("region__code", "period_start", "title")
    )
    return render(request, "reports/index.html", {"plans": plans})


@login_required
def plan_page(request, plan_id: int):
    plan = _readable_plan(request.user, plan_id)
    return redirect(_page_url(plan, plan.region))


@login_required
def page(request, plan_id: int, region_id: int):
    plan, region = _plan_region(request.user, plan_id, region_id)
    jobs = list(services.jobs_for(plan, region)[:50])
    years = list(reversed(annual_years(plan)))
    latest = _latest_data_year(plan, region)
    mark_abandoned(jobs)
    subregions = Region.objects.filter(pk__in=plan.region.descendant_ids()).order_by("code")
    if perm.region_scope(request.user) is not None:
        subregions = subregions.filter(pk__in=perm.region_scope(request.user))
    context = {
        "plan": plan,
        "region": region,
        "jobs": jobs,
        "can": _can(request.user, region),
        "years": years,
        "no_data": latest is None,
        # without data yet, the last year that has ended (its data are reported in the year after)
        "latest_year": latest if latest is not None else min(dt.date.today().year - 1, plan.period_end),
        "stages": stage_years(plan),
        "first_stage": min(stage_years(plan)),
        "levels": comparison_levels(region),
        "indicators": plan.indicators.select_related("area").order_by("area__order", "seq"),
        "regions": [plan.region, *subregions[:500]],
        "publications": services.published_reports(plan=plan, region=region),
        "kinds": Kind,
        "formats": Format,
    }
    return render(request, "reports/page.html", context)


@login_required
@require_POST
def request_report(request, plan_id: int, region_id: int):
    plan, region = _plan_region(request.user, plan_id, region_id)
    if not perm.can_generate_reports(request.user, region.pk):
        raise PermissionDenied("只有妇儿工委办、统计局监测组和评估组可以生成报告")
    options = {"level": request.POST.get("level", ""), "indicator_ids": request.POST.getlist("indicators")}
    try:
        job = services.request_report(
            request.user, plan, region, request.POST.get("kind", ""), request.POST.get("format", ""),
            request.POST.get("year", ""), options,
        )  # fmt: skip
    except ReportRequestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"已提交生成：{job.title}（{job.get_format_display()}），完成后可在下方下载"
        )
    return redirect(_page_url(plan, region))


@login_required
def job_row(request, job_id: int):
    """One row of the job list; the page polls it (htmx) until the job has finished."""
    job = _readable_job(request.user, job_id)
    mark_abandoned([job])
    return render(request, "reports/_job.html", {"job": job, "can": _can(request.user, job.region)})


@login_required
@require_POST
def job_retry(request, job_id: int):
    job = _readable_job(request.user, job_id)
    if not perm.can_generate_reports(request.user, job.region_id):
        raise PermissionDenied("只有妇儿工委办、统计局监测组和评估组可以重新生成报告")
    try:
        services.retry_job(job)
    except ReportRequestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已重新提交生成：{job.title}")
    if request.headers.get("HX-Request"):
        job.refresh_from_db()
        return render(request, "reports/_job.html", {"job": job, "can": _can(request.user, job.region)})
    return redirect(_page_url(job.plan, job.region))


def _file_response(obj, path):
    if path is None:
        raise Http404("报告文件不存在（尚未生成完成或已被清理），请重新生成")
    return FileResponse(path.open("rb"), as_attachment=True, filename=obj.filename)


@login_required
def job_download(request, job_id: int):
    job = _readable_job(request.user, job_id)
    if job.state != ReportJob.State.DONE:
        raise Http404("报告尚未生成完成")
    return _file_response(job, services.job_path(job))


@login_required
@require_POST
def job_publish(request, job_id: int):
    job = _readable_job(request.user, job_id)
    if not perm.can_publish_reports(request.user, job.region_id):
        raise PermissionDenied("只有妇儿工委办可以发布报告")
    try:
        pub = services.publish(request.user, job)
    except services.PublishError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已发布：{pub.region.name}{pub.title}（{pub.get_format_display()}）")
    return redirect(_page_url(job.plan, job.region))


def _readable_publication(user, pub_id: int) -> Publication:
    if not perm.has_role(user, *perm.READERS):
        raise PermissionDenied(READ_DENIED)
    pub = get_object_or_404(Publication.objects.select_related("plan", "region"), pk=pub_id)
    if not perm.can_read_reports(user, pub.region_id):
        raise Http404("没有该报告")
    return pub


@login_required
def publication_download(request, pub_id: int):
    pub = _readable_publication(request.user, pub_id)
    return _file_response(pub, services.job_path(pub))


@login_required
@require_POST
def publication_withdraw(request, pub_id: int):
    pub = _readable_publication(request.user, pub_id)
    if not perm.can_publish_reports(request.user, pub.region_id):
        raise PermissionDenied("只有妇儿工委办可以撤回已发布的报告")
    try:
        services.withdraw(request.user, pub, request.POST.get("reason", ""))
    except services.PublishError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已撤回：{pub.title}")
    return redirect(_page_url(pub.plan, pub.region))


def _stage_year(plan: Plan, year: int) -> str:
    stages = stage_years(plan)
    if year not in stages:
        raise Http404(f"{year}年不是本规划的评估年份（{'、'.join(map(str, stages))}）")
    return stages[year]


@login_required
def drafts(request, plan_id: int, region_id: int, year: int):
    plan, region = _plan_region(request.user, plan_id, region_id)
    stage = _stage_year(plan, year)
    can_write = perm.can_write_evaluation_drafts(request.user, region.pk)
    texts = {s: d.text for s, d in services.latest_drafts(plan, region, year).items()}
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("只有评估组可以编写评估报告的问题、建议和经验部分")
        posted = {s: request.POST.get(s, "") for s in EvaluationDraft.Section.values if s in request.POST}
        try:
            saved = services.save_drafts(request.user, plan, region, year, posted)
        except services.DraftError as exc:
            messages.error(request, str(exc))
            texts.update(posted)  # keep what was typed, so nothing is lost
        else:
            messages.success(
                request, f"已保存：{'、'.join(saved)}" if saved else "内容没有改动，未保存新版本"
            )
            return redirect(reverse("reports:drafts", args=[plan.pk, region.pk, year]))
    latest = services.latest_drafts(plan, region, year)
    sections = [
        {"code": code, "label": label, "text": texts.get(code, ""), "latest": latest.get(code)}
        for code, label in EvaluationDraft.Section.choices
    ]
    context = {"plan": plan, "region": region, "year": year, "stage": stage, "sections": sections,
               "can_write": can_write, "limit": services.MAX_DRAFT_CHARS}  # fmt: skip
    return render(request, "reports/drafts.html", context, status=400 if request.method == "POST" else 200)


@login_required
def draft_history(request, plan_id: int, region_id: int, year: int):
    plan, region = _plan_region(request.user, plan_id, region_id)
    stage = _stage_year(plan, year)
    rows = services.draft_history(plan, region, year)
    return render(request, "reports/draft_history.html",
                  {"plan": plan, "region": region, "year": year, "stage": stage, "rows": rows})  # fmt: skip


@login_required
def judgements(request, plan_id: int, region_id: int, year: int):
    """The evaluation group's judgement (已实现 … 无法判断) and evidence for each qualitative target, 措施目标 and
    策略措施 of the plan; they fill the report's 定性目标和策略措施评价 table. The reading roles see them."""
    plan, region = _plan_region(request.user, plan_id, region_id)
    if year not in annual_years(plan):
        raise Http404(f"{year}年不是本规划可评价的年份")
    can_write = perm.can_write_evaluation_drafts(request.user, region.pk)
    # (form prefix, subject, save function) of every row the page offers
    subjects = [("", ind, services.save_judgement) for ind in services.judged_indicators(plan)]
    subjects += [("strategy-", s, services.save_strategy_judgement) for s in services.judged_strategies(plan)]
    posted: dict[str, tuple[str, str]] = {}
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("只有评估组可以评价定性目标、措施目标和策略措施")
        saved, errors = 0, []
        with transaction.atomic():  # all or nothing: one refused row saves none
            for prefix, subject, save in subjects:
                choice = request.POST.get(f"{prefix}judgement-{subject.pk}", "")
                if not choice:
                    continue
                evidence = request.POST.get(f"{prefix}evidence-{subject.pk}", "")
                posted[f"{prefix}{subject.pk}"] = (choice, evidence)
                try:
                    saved += save(request.user, subject, region, year, choice, evidence) is not None
                except services.JudgementError as exc:
                    errors.append(str(exc))
            if errors:
                transaction.set_rollback(True)
        if errors:
            for error in errors:
                messages.error(request, error)
        else:
            messages.success(request, f"已保存 {saved} 项评价" if saved else "评价没有改动，未保存新版本")
            return redirect(reverse("reports:judgements", args=[plan.pk, region.pk, year]))
    latest = {
        "": services.latest_judgements(plan, region, year),
        "strategy-": services.latest_strategy_judgements(plan, region, year),
    }
    rows: dict[str, list] = {"": [], "strategy-": []}
    for prefix, subject, _ in subjects:
        current = latest[prefix].get(subject.pk)
        choice, evidence = posted.get(f"{prefix}{subject.pk}") or (
            (current.judgement, current.evidence) if current else ("", "")
        )
        rows[prefix].append({"subject": subject, "latest": current, "choice": choice, "evidence": evidence,
                             "field": f"{prefix}judgement-{subject.pk}",
                             "evidence_field": f"{prefix}evidence-{subject.pk}"})  # fmt: skip
    context = {"plan": plan, "region": region, "year": year, "rows": rows[""], "strategy_rows": rows["strategy-"],
               "can_write": can_write, "choices": QualitativeJudgement.Judgement.choices,
               "limit": services.MAX_EVIDENCE_CHARS,
               "history": services.judgement_history(plan, region, year)[:100]}  # fmt: skip
    return render(
        request, "reports/judgements.html", context, status=400 if request.method == "POST" else 200
    )
