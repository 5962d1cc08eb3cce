"""Retention of generated report files: expired job files go (also when one is already missing on disk),
published reports and recent jobs stay, a dry run changes nothing, every purge is audited; the CLI and the
worker's periodic purge."""

import datetime as dt

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.utils import timezone

from planwatch.apps.audit.models import Action, AuditEvent
from planwatch.apps.reports import services
from planwatch.apps.reports.models import Publication, ReportJob
from planwatch.apps.reports.retention import RetentionError, purge_reports
from planwatch.cli import cli

NOW = timezone.now()


def job(data, days_ago: float, *, state=ReportJob.State.DONE, write=True, fmt="xlsx") -> ReportJob:
    j = ReportJob.objects.create(kind="tables", plan=data.plan, region=data.county, year=2024, format=fmt,
                                 state=state, requested_by=data.users["monitor"], message="已完成")  # fmt: skip
    path = settings.DATA_DIR / "reports" / str(j.pk) / f"report-1.{fmt}"
    if write:
        path.parent.mkdir(parents=True)
        path.write_bytes(b"PK" + b"x" * 998)
    ReportJob.objects.filter(pk=j.pk).update(
        file=str(path.relative_to(settings.DATA_DIR)), filename=f"江津区{j.title}.{fmt}", size=1000,
        finished_at=NOW - dt.timedelta(days=days_ago),
    )  # fmt: skip
    j.refresh_from_db()
    return j


@pytest.fixture
def jobs(db, data):
    old, recent = job(data, 40), job(data, 5)
    vanished = job(data, 31, write=False)  # its file was removed by hand already
    failed_old = job(data, 45, state=ReportJob.State.FAILED)
    published = job(data, 90, fmt="docx")
    pub = services.publish(data.users["admin"], published)
    return {"old": old, "recent": recent, "vanished": vanished, "failed": failed_old, "published": published,
            "pub": pub}  # fmt: skip


def test_expired_files_go_and_published_reports_stay(jobs, settings):
    settings.PLANWATCH_REPORT_RETENTION_DAYS = "30"
    old_path = services.job_path(jobs["old"])
    result = purge_reports(now=NOW)
    assert sorted(j.pk for j in result.jobs) == sorted(jobs[k].pk for k in ("old", "vanished", "failed"))
    assert result.missing == 1 and result.bytes == 2000
    assert not old_path.exists() and not old_path.parent.exists()
    for key in ("old", "vanished", "failed"):
        jobs[key].refresh_from_db()
        assert jobs[key].file == "" and "按保留期限（30 天）清理" in jobs[key].message
        assert services.job_path(jobs[key]) is None
    # the recent job, the published job and the publication's own copy are untouched
    assert services.job_path(ReportJob.objects.get(pk=jobs["recent"].pk)) is not None
    assert services.job_path(ReportJob.objects.get(pk=jobs["published"].pk)) is not None
    assert services.job_path(Publication.objects.get(pk=jobs["pub"].pk)).read_bytes()[:2] == b"PK"
    events = AuditEvent.objects.filter(action=Action.PURGE)
    assert events.count() == 1
    event = events.get()
    assert event.region_id == jobs["old"].region_id and event.target == "3 份报告文件"
    assert f"#{jobs['old'].pk}" in event.summary and event.ip == "命令行"
    # again: nothing left to purge, nothing audited
    assert purge_reports(now=NOW).jobs == [] and events.count() == 1


def test_a_purged_job_offers_no_download(jobs, client, data):
    purge_reports(now=NOW, days=30)
    client.force_login(data.users["monitor"])
    assert client.get(f"/reports/jobs/{jobs['old'].pk}/download/").status_code == 404
    row = client.get(f"/reports/jobs/{jobs['old'].pk}/").content.decode()
    assert "按保留期限" in row and "download" not in row


def test_dry_run_changes_nothing(jobs):
    before = list(ReportJob.objects.order_by("pk").values_list("file", "message"))
    result = purge_reports(now=NOW, days=30, dry_run=True)
    assert len(result.jobs) == 3 and result.dry_run
    assert list(ReportJob.objects.order_by("pk").values_list("file", "message")) == before
    assert services.job_path(jobs["old"]).exists()
    assert not AuditEvent.objects.filter(action=Action.PURGE).exists()


def test_bad_retention_setting_is_refused(jobs, settings):
    for bad in ("abc", "0", "-3"):
        settings.PLANWATCH_REPORT_RETENTION_DAYS = bad
        with pytest.raises(RetentionError, match="PLANWATCH_REPORT_RETENTION_DAYS"):
            purge_reports(now=NOW)
    assert services.job_path(jobs["old"]).exists()


def test_orphan_folders_of_deleted_jobs_go(jobs):
    stray = settings.DATA_DIR / "reports" / "987654"
    stray.mkdir(parents=True)
    (stray / "report-1.docx").write_bytes(b"x")
    assert purge_reports(days=30, now=NOW).orphans == []  # just written: newer than the cutoff
    result = purge_reports(days=30, now=NOW + dt.timedelta(days=31))
    assert result.orphans == [stray] and not stray.exists()


def test_cli_purge(jobs):
    runner = CliRunner()
    out = runner.invoke(cli, ["report", "purge", "--dry-run", "--days", "30"])
    assert out.exit_code == 0, out.output
    assert "将清理" in out.output and "报告文件 3 个" in out.output and "试运行" in out.output
    assert services.job_path(jobs["old"]).exists()
    out = runner.invoke(cli, ["report", "purge", "--days", "100"])
    assert out.exit_code == 0 and "已清理" in out.output and "报告文件 0 个" in out.output
    out = runner.invoke(cli, ["report", "purge", "--days", "30"])
    assert out.exit_code == 0 and "报告文件 3 个（其中 1 个文件已不在磁盘上）" in out.output
    assert not services.job_path(ReportJob.objects.get(pk=jobs["old"].pk))
    out = runner.invoke(cli, ["report", "purge", "--days", "0"])
    assert out.exit_code == 2
