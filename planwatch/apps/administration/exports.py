"""数据导出 for the committee office: the plain Excel copy of everything a region owns (the workbook of
``planwatch export --region``, planwatch/apps/backup/workbook.py), for its own region or one below it.

A province takes a minute or more (``planwatch bench export``), so the workbook is written by the background
worker (``planwatch worker``; exporting.py): the office requests it, the page shows the job's step and polls
until it is done, then the file is downloaded. Every download is in the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.audit.models import Action
from planwatch.apps.audit.services import record
from planwatch.apps.backup.workbook import SHEETS
from planwatch.apps.regions.models import Region

from .exporting import job_path, mark_abandoned, request_export
from .models import ExportJob

WHAT = "地区数据 Excel 导出"
MAX_LISTED = 300  # regions listed with a button; any other one in scope is asked for by its code
NOT_FOUND = "没有找到该地区（或不在您的地区范围内）"


def _exporter(request) -> None:
    if not perm.can_export_regions(request.user):
        raise PermissionDenied("地区数据导出只对妇儿工委办开放")


def _listed(user) -> list[Region]:
    """The user's own region and its direct sub-regions (a superuser: the top regions and theirs)."""
    profile = perm.profile_of(user)
    tops = [profile.region] if profile is not None else list(Region.objects.filter(parent__isnull=True))
    children = Region.objects.filter(parent__in=tops).order_by("code")[:MAX_LISTED]
    return [*tops, *children]


def _jobs(user):
    scope = perm.region_scope(user)
    qs = ExportJob.objects.select_related("region", "requested_by")
    return qs if scope is None else qs.filter(region_id__in=scope)


def _job(request, export_id: int) -> ExportJob:
    _exporter(request)
    job = _jobs(request.user).filter(pk=export_id).first()
    if job is None:
        raise Http404("没有该导出任务（或不在您的地区范围内）")
    return job


@login_required
@require_safe
def export_index(request):
    _exporter(request)
    jobs = list(_jobs(request.user)[:20])
    mark_abandoned(jobs)
    profile = perm.profile_of(request.user)
    return render(request, "administration/export.html", {
        "regions": _listed(request.user), "region": profile.region if profile else None, "jobs": jobs,
        "sheets": [s[0] for s in SHEETS],
    })  # fmt: skip


@login_required
@require_POST
def export_request(request):
    _exporter(request)
    code = request.POST.get("code", "").strip()[:12]
    region = Region.objects.filter(code=code).first() if code else None
    if region is None or not perm.can_export_region(request.user, region.pk):
        raise Http404(f"行政区划代码「{code}」：{NOT_FOUND}")
    job = request_export(region, request.user)
    messages.success(request, f"已提交导出：{region.name}（{region.code}）及下级地区；生成完成后点「下载」")
    return redirect(reverse("administration:export") + f"#export-{job.pk}")


@login_required
@require_safe
def export_job(request, export_id: int):
    """One row of the job list; the page polls it (htmx) until the job has finished."""
    job = _job(request, export_id)
    mark_abandoned([job])
    return render(request, "administration/_export_job.html", {"job": job})


@login_required
@require_safe
def export_job_download(request, export_id: int):
    job = _job(request, export_id)
    path = job_path(job) if job.state == ExportJob.State.DONE else None
    if path is None:
        raise Http404("导出文件不存在（尚未生成完成或已被清理），请重新导出")
    record(Action.DOWNLOAD, user=request.user, region_id=job.region_id, target=WHAT,
           summary=f"{job.region.name}（{job.region.code}）及下级地区：{job.size} 字节（导出任务 {job.pk}）")  # fmt: skip
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.filename)
