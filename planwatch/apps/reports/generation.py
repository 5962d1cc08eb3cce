"""Carry out one ReportJob: collect its data from the database, render it with the pure builder in a bounded
child process, store the file under the data directory. Every outcome is written on the job: progress while it
runs, the file when done, a Chinese reason (and the traceback for the administrator) when it fails."""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .isolation import BuildFailed, BuildTimeout, build_isolated
from .kinds import SPECS
from .models import Kind, ReportJob

log = logging.getLogger(__name__)
State = ReportJob.State

COLLECT_SHARE = 0.15  # of the progress bar: gathering the data; the builder reports the rest
CJK = re.compile(r"[\u4e00-\u9fff]")
STALE_MARGIN = 120  # seconds past the time limit after which a 生成中 job is taken as abandoned


def reports_dir() -> Path:
    return Path(settings.DATA_DIR) / "reports"


def time_limit() -> float:
    return float(settings.PLANWATCH_REPORT_TIME_LIMIT)


class _Progress:
    """Writes the job's progress, at most a few times a second (the page polls every second)."""

    def __init__(self, job_id: int, start: float, share: float):
        self.job_id, self.start, self.share = job_id, start, share
        self.last = 0.0

    def __call__(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.25 and fraction < 1:
            return
        self.last = now
        percent = int(round(100 * (self.start + self.share * max(0.0, min(1.0, fraction)))))
        ReportJob.objects.filter(pk=self.job_id, state=State.RUNNING).update(
            progress=min(percent, 99), message=str(message)[:200]
        )


def collect_data(job: ReportJob):
    from . import collect
    from .services import current_drafts

    if job.kind in (Kind.ANNUAL, Kind.TABLES):
        return collect.annual_data(job.plan, job.region, job.year)
    if job.kind == Kind.EVALUATION:
        return collect.evaluation_data(
            job.plan, job.region, job.year, drafts=current_drafts(job.plan, job.region, job.year)
        )
    return collect.comparison_data(
        job.plan, job.region, job.options["level"], job.year, job.options["indicator_ids"]
    )


def _reason(exc: BaseException, text: str) -> str:
    """The builders raise Chinese messages for bad data; anything else is an internal error."""
    if text and CJK.search(text):
        return f"生成失败：{text}"
    return f"生成失败（内部错误 {type(exc).__name__}），请重试；仍然失败请联系系统管理员"


def run_job(job_id: int) -> str:
    """Run the job if it is still queued (a retried or duplicate delivery finds it taken and does nothing)."""
    claimed = ReportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING,
        started_at=timezone.now(),
        progress=0,
        message="正在汇总数据",
        error="",
        detail="",
    )
    if not claimed:
        return "skipped"
    job = ReportJob.objects.select_related("plan", "region").get(pk=job_id)
    ReportJob.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    started = time.monotonic()
    limit = time_limit()
    try:
        data = collect_data(job)
        spent = time.monotonic() - started
        if spent >= limit:
            raise BuildTimeout()
        _Progress(job_id, 0, 1)(COLLECT_SHARE, "数据汇总完成，正在生成文档")
        spec = SPECS[job.kind]
        kwargs = {"fmt": job.format} if spec.takes_format else {}
        content = build_isolated(
            spec.builder, data, kwargs, time_limit=limit - spent,
            progress=_Progress(job_id, COLLECT_SHARE, 1 - COLLECT_SHARE),
        )  # fmt: skip
        _store(job, content, sample=bool(getattr(data, "sample", False)))
    except BuildTimeout:
        _fail(job_id, f"生成超过时限（{limit:g} 秒）已中止；数据量大时请稍后重试或联系系统管理员调整时限", "")
        return "timeout"
    except BuildFailed as exc:
        _fail(job_id, _reason(exc, str(exc)), exc.detail or exc.exc_type)
        return "failed"
    except Exception as exc:  # collecting or storing: reported on the job instead of lost in a worker log
        if CJK.search(str(exc)):  # the collectors' refusal of the request (no data for the year, …)
            log.info("report job %s refused: %s", job_id, exc)
        else:
            log.exception("report job %s failed", job_id)
        _fail(job_id, _reason(exc, str(exc)), traceback.format_exc())
        return "failed"
    return "done"


class StorageError(Exception):
    pass


def _store(job: ReportJob, content: bytes, sample: bool = False) -> None:
    folder = reports_dir() / str(job.pk)
    # a file of 示例数据 says so in its name too, wherever it is copied to
    filename = f"{job.region.name}{job.title}{'（示例数据）' if sample else ''}.{job.format}"
    path = folder / f"report-{job.attempts + 1}.{job.format}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as exc:
        raise StorageError(
            f"报告已生成，但无法保存到数据目录 {folder}（{type(exc).__name__}），请检查目录权限和磁盘空间后重试"
        ) from exc
    ReportJob.objects.filter(pk=job.pk).update(
        state=State.DONE, progress=100, message="已完成", finished_at=timezone.now(),
        file=str(path.relative_to(settings.DATA_DIR)), filename=filename, size=len(content), sample=sample,
    )  # fmt: skip


def _fail(job_id: int, reason: str, detail: str) -> None:
    ReportJob.objects.filter(pk=job_id).update(
        state=State.FAILED, message="失败", error=reason, detail=detail[-20000:], finished_at=timezone.now()
    )


def mark_abandoned(jobs) -> None:
    """A 生成中 job far past the time limit lost its worker (stopped or killed): say so, so it can be retried."""
    cutoff = timezone.now() - dt.timedelta(seconds=time_limit() + STALE_MARGIN)
    for job in jobs:
        if job.state == State.RUNNING and job.started_at and job.started_at < cutoff:
            _fail(job.pk, "生成中断：后台任务进程已停止，请重试", "")
            job.refresh_from_db()
