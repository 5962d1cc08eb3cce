"""The production path: a request is queued in the database (django-tasks-db) and `planwatch worker --batch`
runs it; nothing is generated before the worker runs."""

import pytest
from click.testing import CliRunner

from planwatch.apps.reports import services
from planwatch.apps.reports.models import ReportJob
from planwatch.cli import cli

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_backend(settings):
    settings.TASKS = DATABASE


def test_the_worker_runs_queued_jobs(transactional_db, data, database_backend):
    from django_tasks_db.models import DBTaskResult

    job = services.request_report(data.users["monitor"], data.plan, data.county, "tables", "xlsx", 2024)
    assert job.state == ReportJob.State.QUEUED and job.progress == 0 and job.message == "排队等待生成"
    queued = DBTaskResult.objects.get()
    assert str(queued.id) == job.task_id and queued.args_kwargs["args"] == [job.pk]
    failed = services.request_report(data.users["monitor"], data.plan, data.county, "annual", "docx", 2024)
    ReportJob.objects.filter(pk=failed.pk).update(
        state=ReportJob.State.DONE
    )  # taken by someone else meanwhile

    result = CliRunner().invoke(cli, ["worker", "--batch", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE and job.size > 0, job.error
    assert services.job_path(job).read_bytes()[:2] == b"PK"  # an xlsx is a zip
    finished = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert sorted(r.return_value for r in finished) == ["done", "purged 0 files, 0 folders", "skipped"]
    # the purge queued its next run; nothing else is left
    assert list(DBTaskResult.objects.exclude(status="SUCCESSFUL").values_list("status", "task_path")) == [
        ("READY", "planwatch.apps.reports.tasks.purge_expired_reports")
    ]


def test_the_worker_purges_expired_report_files_periodically(
    transactional_db, data, database_backend, settings
):
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from planwatch.apps.audit.models import Action, AuditEvent
    from reports.test_retention import job

    settings.PLANWATCH_REPORT_RETENTION_DAYS = "30"
    old, recent = job(data, 31), job(data, 29)
    result = CliRunner().invoke(cli, ["worker", "--batch", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert services.job_path(ReportJob.objects.get(pk=old.pk)) is None
    assert services.job_path(ReportJob.objects.get(pk=recent.pk)) is not None
    assert AuditEvent.objects.filter(action=Action.PURGE, target="1 份报告文件").count() == 1
    nxt = DBTaskResult.objects.get(status="READY")
    hours = (nxt.run_after - timezone.now()) / dt.timedelta(hours=1)
    assert 5.9 < hours <= 6
    # a second worker start does not queue a second purge, and the deferred one is not run yet
    result = CliRunner().invoke(cli, ["worker", "--batch", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    assert list(DBTaskResult.objects.filter(status="READY")) == [nxt]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_worker_refuses_bad_options():
    result = CliRunner().invoke(cli, ["worker", "--interval", "0"])
    assert result.exit_code == 2 and "0.1" in result.output
