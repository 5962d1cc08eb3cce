"""A report job whose generating process is killed with SIGKILL half-way: the job is reported failed in
Chinese, no file is left, and a retry generates the report."""

import dataclasses

from django.urls import reverse

from planwatch.apps.reports import generation
from planwatch.apps.reports.models import ReportJob

from .helpers import text
from .test_generation import docx_text, download, request


def test_a_report_job_killed_mid_generation_fails_and_a_retry_succeeds(client, data, monkeypatch):
    real = generation.SPECS["annual"]
    monkeypatch.setitem(
        generation.SPECS, "annual", dataclasses.replace(real, builder="reports.builders.killed_midway")
    )
    r = request(client, data, kind="annual", format="docx", year="2024")
    job = ReportJob.objects.get()
    assert job.state == ReportJob.State.FAILED
    assert job.error == "生成失败：生成进程意外退出（退出码 -9）"
    assert not job.file and job.progress < 100
    assert "生成进程意外退出（退出码-9）重试" in text(r)  # shown with the retry button
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404

    monkeypatch.setitem(generation.SPECS, "annual", real)
    client.post(reverse("reports:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == ReportJob.State.DONE and job.attempts == 2 and not job.error
    assert "2024" in docx_text(download(client, job))
