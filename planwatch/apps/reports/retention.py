"""Retention of generated report files: a job's file is deleted once the job finished more than
PLANWATCH_REPORT_RETENTION_DAYS days ago (default 30). The job row stays (who asked for what, and when) with
the file cleared and a note; the report can be generated again. Published reports are never touched: their
files are copies under ``published/`` (services.publish), and a job that was ever published keeps its own
file too. Each purge is written to the audit log, one event per region whose files went."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .generation import reports_dir
from .models import ReportJob

PURGE_INTERVAL = dt.timedelta(hours=6)  # how often the worker purges
MAX_TITLES_AUDITED = 20  # per region and purge: the audit summary names this many reports


class RetentionError(ValueError):
    pass


@dataclass
class PurgeResult:
    days: int
    cutoff: dt.datetime
    jobs: list[ReportJob] = field(default_factory=list)  # whose file went (or would go)
    missing: int = 0  # of those, files already gone from the disk
    bytes: int = 0
    orphans: list[Path] = field(default_factory=list)  # report folders of jobs that no longer exist
    dry_run: bool = False


def retention_days(days: int | None = None) -> int:
    value = settings.PLANWATCH_REPORT_RETENTION_DAYS if days is None else days
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise RetentionError(
            f"报告保留天数应为正整数，收到「{value}」（PLANWATCH_REPORT_RETENTION_DAYS）"
        ) from None
    if value < 1:
        raise RetentionError(f"报告保留天数应为正整数，收到「{value}」（PLANWATCH_REPORT_RETENTION_DAYS）")
    return value


def expired_jobs(cutoff: dt.datetime):
    """Finished jobs with a file, finished before ``cutoff``, never published."""
    return (
        ReportJob.objects.filter(state__in=(ReportJob.State.DONE, ReportJob.State.FAILED))
        .exclude(file="")
        .filter(finished_at__lt=cutoff)
        .filter(publications__isnull=True)
        .select_related("plan", "region")
        .order_by("pk")
    )


def purge_reports(*, days: int | None = None, dry_run: bool = False, now: dt.datetime | None = None,
                  user=None) -> PurgeResult:  # fmt: skip
    """Delete the files of expired report jobs (see the module text); with ``dry_run`` only say which."""
    days = retention_days(days)
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    result = PurgeResult(days=days, cutoff=cutoff, dry_run=dry_run)
    root = Path(settings.DATA_DIR).resolve()
    for job in expired_jobs(cutoff):
        path = (root / job.file).resolve()
        inside = path.is_relative_to(reports_dir().resolve())  # never outside reports/ (a published copy)
        if inside and path.is_file():
            result.bytes += path.stat().st_size
        else:
            result.missing += 1
        result.jobs.append(job)
        if dry_run:
            continue
        if inside:
            path.unlink(missing_ok=True)
            _remove_if_empty(path.parent)
        note = f"文件已于 {timezone.localtime(timezone.now()):%Y-%m-%d} 按保留期限（{days} 天）清理，可重新申请生成"
        ReportJob.objects.filter(pk=job.pk).update(file="", message=note[:200])
    result.orphans = _orphan_folders(cutoff)
    if not dry_run:
        for folder in result.orphans:
            shutil.rmtree(folder, ignore_errors=True)
        _audit(result, user)
    return result


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # other attempts' files are still there
        folder.rmdir()


def _orphan_folders(cutoff: dt.datetime) -> list[Path]:
    """Folders under reports/ named after a job that no longer exists (its plan was deleted), untouched
    since before the cutoff."""
    base = reports_dir()
    if not base.is_dir():
        return []
    folders = {int(p.name): p for p in base.iterdir() if p.is_dir() and p.name.isdigit()}
    alive = set(ReportJob.objects.filter(pk__in=list(folders)).values_list("pk", flat=True))
    stamp = cutoff.timestamp()
    return sorted(p for pk, p in folders.items() if pk not in alive and p.stat().st_mtime < stamp)


def _audit(result: PurgeResult, user) -> None:
    from planwatch.apps.audit.services import Action, record

    by_region: dict[int, list[ReportJob]] = defaultdict(list)
    for job in result.jobs:
        by_region[job.region_id].append(job)
    for region_id, jobs in sorted(by_region.items()):
        titles = "、".join(
            f"{j.region.name}{j.title}（{j.get_format_display()}，#{j.pk}）"
            for j in jobs[:MAX_TITLES_AUDITED]
        )
        more = f" 等 {len(jobs)} 份" if len(jobs) > MAX_TITLES_AUDITED else ""
        record(Action.PURGE, user=user, region_id=region_id, target=f"{len(jobs)} 份报告文件",
               summary=f"按保留期限（{result.days} 天）清理 {result.cutoff:%Y-%m-%d} 前完成的报告文件：{titles}{more}",
               username="系统")  # fmt: skip
    if result.orphans:
        record(Action.PURGE, user=user, target=f"{len(result.orphans)} 个报告目录",
               summary="清理已删除的报告任务遗留的目录：" + "、".join(p.name for p in result.orphans[:50]),
               username="系统")  # fmt: skip
