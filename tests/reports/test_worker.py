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
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert sorted(r.return_value for r in DBTaskResult.objects.all()) == ["done", "skipped"]


def test_worker_refuses_bad_options():
    result = CliRunner().invoke(cli, ["worker", "--interval", "0"])
    assert result.exit_code == 2 and "0.1" in result.output
