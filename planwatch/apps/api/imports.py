"""Imports for machine clients: an SDMX-CSV file (the export's format) through the same checks as the web
page (planwatch/apps/web/exchange_views.py): the upload limits, the caller's scope for every row, all or
nothing, audited. Meant for a token (Authorization: Bearer pw_…) of 妇儿工委办 or 统计局监测组."""

from __future__ import annotations

from django.conf import settings
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.reporting.services import ValidationFailed
from planwatch.uploads import TooLarge, UploadRefused, check_size
from planwatch.uploads.limits import size_text

from .sdmx_import import import_sdmx_upload

router = Router(tags=["数据交换"])


class ImportedOut(Schema):
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    reassessment_id: int | None = Field(
        None,
        description="重新评估的后台任务编号（数据有变化时排队，状态见网页 /evaluation/reassessments/<编号>/）",
    )


class ImportProblemOut(Schema):
    where: str
    place: str
    rule: str
    message: str
    text: str


class ImportRefusedOut(Schema):
    detail: str
    problems: list[ImportProblemOut]
    omitted: int


def refused(exc: ValidationFailed) -> Status:
    return Status(422, ImportRefusedOut(
        detail=f"{exc}" + (f"（{exc.omitted_text}）" if exc.omitted else ""),
        problems=[ImportProblemOut(where=p.indicator, place=p.cell, rule=p.rule, message=p.message, text=str(p))
                  for p in exc.problems],
        omitted=exc.omitted,
    ))  # fmt: skip


@router.post(
    "/imports/sdmx",
    response={200: ImportedOut, 422: ImportRefusedOut},
    summary="导入 SDMX-CSV 数据（与导出格式相同；仅妇儿工委办、统计局监测组）",
    description="multipart/form-data，字段 file。按历史数据导入的规则校验，每一行都须在调用者的地区范围内；全部通过才保存"
    "（视为已审核，记入修改记录与审计日志），否则 422 列出问题（行号与列名）。同一文件再次导入：未变，不重复保存。",
)
def import_sdmx_file(request, file: File[UploadedFile] = None):
    if not perm.can_import_sdmx(request.user):
        raise HttpError(403, "只有妇儿工委办和统计局监测组可以导入 SDMX-CSV 数据")
    limits = settings.PLANWATCH_UPLOAD_LIMITS
    upload = file
    try:
        # the upload handler (planwatch.apps.web.uploads) stopped storing a file beyond the limit
        skipped = getattr(request, "refused_uploads", {}).get("file")
        if skipped is not None:
            raise TooLarge(skipped, f"文件超过上传上限 {size_text(limits.max_bytes)}，未保存")
        if upload is not None:
            check_size(upload.size, upload.name or "upload.csv", limits)
    except UploadRefused as exc:
        raise HttpError(413 if isinstance(exc, TooLarge) else 422, f"{exc}；未导入任何数据") from None
    if upload is None:
        raise HttpError(422, "请求体字段「file」无效：请以 multipart/form-data 上传 SDMX-CSV 文件")
    try:
        result = import_sdmx_upload(
            upload.read(), upload.name or "upload.csv", request.user, source="sdmx-api"
        )
    except ValidationFailed as exc:
        return refused(exc)
    queued = result.reassessment
    return ImportedOut(file=upload.name or "", rows=result.rows, created=result.created, updated=result.updated,
                       unchanged=result.unchanged, reassessment_id=queued.pk if queued else None)  # fmt: skip
