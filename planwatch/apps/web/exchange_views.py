"""SDMX-CSV 数据导入 in the web pages: the file format of the export (/api/observations.csv), read back through
the history import's checks (planwatch/apps/api/sdmx_import.py): the upload limits, the user's scope for every
row, all or nothing with the problems listed by line and column; a file imported twice changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.api.sdmx_import import import_sdmx_upload
from planwatch.apps.reporting import services
from planwatch.reporting_rules import Problem
from planwatch.uploads import UploadRefused

from .uploads import uploaded_file


@login_required
def sdmx_import(request):
    user = request.user
    if not perm.can_import_sdmx(user):
        raise PermissionDenied("只有妇儿工委办和统计局监测组可以导入 SDMX-CSV 数据")
    context = {"failure": None, "result": None, "filename": ""}
    if request.method == "POST":
        try:
            upload = uploaded_file(request, "file")
        except UploadRefused as exc:
            upload = None
            context["failure"] = services.ValidationFailed(
                [Problem(exc.filename, "整个文件", exc.rule, exc.message)]
            )
            messages.error(request, f"{exc}；未导入任何数据")
        if upload is None and context["failure"] is None:
            messages.error(request, "请选择 SDMX-CSV 文件")
        elif upload is not None:
            context["filename"] = upload.name
            try:
                context["result"] = import_sdmx_upload(upload.read(), upload.name, user, source="sdmx")
            except services.ValidationFailed as exc:
                context["failure"] = exc
                messages.error(request, f"{upload.name}：共 {exc.total} 处问题，未导入任何数据")
            else:
                if context["result"].reassessment is not None:
                    context["result"].reassessment.refresh_from_db()  # the immediate backend has run it
                messages.success(request, f"已导入 {upload.name}")
    return render(request, "web/sdmx_import.html", context)
