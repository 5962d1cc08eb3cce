"""Carry out one ExportJob: write the region's workbook (planwatch/apps/backup/workbook.py) to a file under
PLANWATCH_DATA_DIR/exports/, first as a temporary name then renamed, so a killed worker never leaves a
half-written file that looks done. Every outcome is on the job: the step while it runs, the file when done,
a Chinese reason when it fails."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from planwatch.apps.backup.workbook import region_workbook

from .models import ExportJob

log = logging.getLogger(__name__)
State = ExportJob.State
STALE_MARGIN = 120  # seconds past the time limit after which a 生成中 job is taken as abandoned


def exports_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def request_export(region, user) -> ExportJob:
    from .tasks import export_region

    job = ExportJob.objects.create(region=region, requested_by=user, message="排队等待后台任务进程")
    result = export_region.enqueue(job.pk)  # the immediate backend (tests) has run it when this returns
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def run_export(job_id: int) -> str:
    """Run the job if it is still queued (a duplicate delivery finds it taken and does nothing)."""
    claimed = ExportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=timezone.now(), message="开始导出"
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("region").get(pk=job_id)
    region = job.region
    exports_dir().mkdir(parents=True, exist_ok=True)
    relative = Path("exports") / f"{job.pk}-{region.code}.xlsx"
    final = Path(settings.DATA_DIR) / relative
    partial = final.with_suffix(".part")

    def progress(sheet: str, index: int, total: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(message=f"正在写入「{sheet}」（{index}/{total}）")

    try:
        with partial.open("wb") as out:
            region_workbook(region, out, progress=progress)
        os.replace(partial, final)
    except Exception as exc:
        log.exception("export job %s failed", job_id)
        partial.unlink(missing_ok=True)
        _fail(job_id, f"导出失败（内部错误 {type(exc).__name__}），请重新导出；仍然失败请联系系统管理员")
        return "failed"
    name = f"planwatch-{region.code}-{region.name}-{timezone.localdate():%Y%m%d}.xlsx"
    ExportJob.objects.filter(pk=job_id).update(
        state=State.DONE, file=str(relative), filename=name, size=final.stat().st_size, message="",
        finished_at=timezone.now(),
    )  # fmt: skip
    return "done"


def _fail(job_id: int, reason: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        state=State.FAILED, error=reason, message="", finished_at=timezone.now()
    )


def mark_abandoned(jobs) -> None:
    """A 生成中 job far past the time limit lost its worker (stopped or killed): say so, so it can be redone."""
    cutoff = timezone.now() - dt.timedelta(seconds=float(settings.PLANWATCH_REPORT_TIME_LIMIT) + STALE_MARGIN)
    for job in jobs:
        if job.state == State.RUNNING and job.started_at and job.started_at < cutoff:
            _fail(job.pk, "导出中断：后台任务进程已停止，请重新导出")
            job.refresh_from_db()


def job_path(job: ExportJob) -> Path | None:
    """The stored file, or None (not done yet, or removed from the data directory)."""
    if not job.file:
        return None
    path = (Path(settings.DATA_DIR) / job.file).resolve()
    if not path.is_relative_to(Path(settings.DATA_DIR).resolve()) or not path.is_file():
        return None
    return path
