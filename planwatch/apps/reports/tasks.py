"""The background task behind every report job (Django's tasks framework; the database backend queues it and
`planwatch worker` runs it)."""

try:
    from django.tasks import task
except ImportError:  # Django 5.2: the backport package
    from django_tasks import task

from .generation import run_job


@task()
def generate_report(job_id: int) -> str:
    return run_job(job_id)


@task()
def purge_expired_reports() -> str:
    """Delete expired report files (retention.py), then come back after PURGE_INTERVAL: the worker purges
    periodically for as long as it runs."""
    from .retention import purge_reports

    result = purge_reports()
    schedule_purge(after=True)
    return f"purged {len(result.jobs)} files, {len(result.orphans)} folders"


def schedule_purge(after: bool = False) -> bool:
    """Queue the purge (now, or after PURGE_INTERVAL) unless one is queued already; only with a backend that
    can defer tasks (the database worker's — not the immediate one of the tests, where it would recurse)."""
    from django.utils import timezone

    from .retention import PURGE_INTERVAL

    backend = purge_expired_reports.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    path = purge_expired_reports.module_path
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    task_ = (
        purge_expired_reports.using(run_after=timezone.now() + PURGE_INTERVAL)
        if after
        else purge_expired_reports
    )
    task_.enqueue()
    return True
