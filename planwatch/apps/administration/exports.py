"""数据导出 for the committee office: the plain Excel copy of everything a region owns (the workbook of
``planwatch export --region``, planwatch/apps/backup/workbook.py), for its own region or one below it.

The workbook is written in openpyxl's streaming mode to a temporary file and handed out as a streamed file
response, so a province-sized region never sits in memory as one piece (``planwatch bench export`` times it).
Every download is in the audit log with the region, the size and the time it took."""

from __future__ import annotations

import tempfile
import time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.audit.models import Action
from planwatch.apps.audit.services import record
from planwatch.apps.backup.workbook import SHEETS, region_workbook
from planwatch.apps.regions.models import Region

WHAT = "地区数据 Excel 导出"
MAX_LISTED = 300  # regions listed with a button; any other one in scope is asked for by its code


def _exporter(request) -> None:
    if not perm.can_export_regions(request.user):
        raise PermissionDenied("地区数据导出只对妇儿工委办开放")


def _listed(user) -> list[Region]:
    """The user's own region and its direct sub-regions (a superuser: the top regions and theirs)."""
    profile = perm.profile_of(user)
    if profile is None:  # a superuser without a profile
        tops = list(Region.objects.filter(parent__isnull=True).order_by("code"))
    else:
        tops = [profile.region]
    children = Region.objects.filter(parent__in=tops).order_by("code")[:MAX_LISTED]
    return [*tops, *children]


@login_required
@require_safe
def export_index(request):
    _exporter(request)
    code = request.GET.get("code", "").strip()
    if code:  # the form for a region deeper down: its code
        region = Region.objects.filter(code=code[:12]).first()
        if region is not None and perm.can_export_region(request.user, region.pk):
            return redirect("administration:export_download", code=region.code)
    profile = perm.profile_of(request.user)
    return render(request, "administration/export.html", {
        "regions": _listed(request.user), "region": profile.region if profile else None, "code": code,
        "unknown": code and "没有找到该地区（或不在您的地区范围内）", "sheets": [s[0] for s in SHEETS],
    })  # fmt: skip


@login_required
@require_safe
def export_download(request, code: str):
    _exporter(request)
    region = Region.objects.filter(code=code[:12]).first()
    if region is None or not perm.can_export_region(request.user, region.pk):
        raise Http404("没有找到该地区（或不在您的地区范围内）")
    started = time.perf_counter()
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  (the response closes it, which removes it)
    try:
        region_workbook(region, out)
    except BaseException:
        out.close()
        raise
    size = out.tell()
    out.seek(0)
    record(Action.DOWNLOAD, user=request.user, region_id=region.pk, target=WHAT,
           summary=f"{region.name}（{region.code}）及下级地区：{size} 字节，"
                   f"生成用时 {time.perf_counter() - started:.1f} 秒")  # fmt: skip
    name = f"planwatch-{region.code}-{region.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)
