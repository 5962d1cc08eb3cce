"""数据导出: the office requests the Excel copy of everything its region (or a region below) owns; the
background worker writes it, the page shows the job, the office downloads it. Other roles 403, other regions
404, anonymous visitors the login page; every download is in the audit log."""

import datetime as dt
import io

import openpyxl
import pytest
from click.testing import CliRunner
from django.utils import timezone
from reporting.factories import PASSWORD

from planwatch.apps.administration import exporting
from planwatch.apps.administration.models import ExportJob
from planwatch.apps.audit.models import Action, AuditEvent
from planwatch.apps.reporting.models import Observation

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _export_settings(settings, tmp_path):
    try:
        import django.tasks  # noqa: F401
    except ImportError:  # Django 5.2 and the backport
        IMMEDIATE["default"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def request_export(client, code):
    response = client.post("/manage/export/request/", {"code": code})
    assert response.status_code == 302, response.content[:300]
    return ExportJob.objects.latest("id")


@pytest.fixture
def data(world):
    Observation.objects.create(
        indicator=world.mmr, region=world.county, year=2023, value=11.5, status="approved"
    )
    Observation.objects.create(
        indicator=world.mmr, region=world.town, year=2023, value=10.0, status="approved"
    )
    Observation.objects.create(
        indicator=world.mmr, region=world.other_county, year=2023, value=9, status="approved"
    )
    return world


def test_the_office_exports_its_region_and_the_download_is_audited(client, data):
    w = data
    login(client, w.users["admin"])
    assert (
        'href="/manage/export/"' in client.get("/manage/").content.decode()
    )  # found from the office's pages
    html = client.get("/manage/export/").content.decode()
    assert 'value="500116"' in html and 'value="500116101"' in html
    assert "500104" not in html and 'value="500000"' not in html  # neither the neighbour nor the region above
    job = request_export(client, "500116")
    assert (job.state, job.region, job.requested_by) == ("done", w.county, w.users["admin"])
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()  # nothing has left the system yet
    page = client.get("/manage/export/").content.decode()
    assert f'href="/manage/export/jobs/{job.pk}/download/"' in page and "完成" in page
    book = workbook(client.get(f"/manage/export/jobs/{job.pk}/download/"))
    assert book.sheetnames == ["规划", "指标与目标", "监测数据", "填报任务", "修改记录"]
    rows = list(book["监测数据"].values)
    assert sorted((r[2], r[8]) for r in rows[1:]) == [("500116", 11.5), ("500116101", 10.0)]  # not 大渡口区
    assert [r[1] for r in list(book["规划"].values)[1:]] == [w.plan.title]
    event = AuditEvent.objects.get(action=Action.DOWNLOAD)
    assert (event.username, event.target, event.region_id) == ("admin1", "地区数据 Excel 导出", w.county.pk)
    assert "江津区（500116）" in event.summary and "字节" in event.summary
    # a region below: only what it owns (its data against the county's plan belongs to the county's copy)
    town = request_export(client, "500116101")
    book = workbook(client.get(f"/manage/export/jobs/{town.pk}/download/"))
    assert book["规划"].max_row == book["监测数据"].max_row == 1


def test_a_worker_writes_the_file_and_the_page_polls_the_job(transactional_db, client, data, settings):
    settings.TASKS = DATABASE
    login(client, data.users["admin"])
    job = request_export(client, "500116")
    assert job.state == "queued" and job.task_id
    row = client.get(f"/manage/export/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in row and "planwatch worker" in row
    assert client.get(f"/manage/export/jobs/{job.pk}/download/").status_code == 404  # not yet written
    result = CliRunner().invoke(
        __import__("planwatch.cli", fromlist=["cli"]).cli, ["worker", "--batch", "--interval", "0.1"]
    )
    assert result.exit_code == 0, result.output
    job.refresh_from_db()
    assert job.state == "done" and job.size > 0 and exporting.job_path(job).read_bytes()[:2] == b"PK"
    row = client.get(f"/manage/export/jobs/{job.pk}/").content.decode()
    assert "hx-trigger" not in row and "下载" in row


def test_a_failed_export_leaves_no_file_and_can_be_redone(client, data, monkeypatch, settings):
    login(client, data.users["admin"])

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exporting, "region_workbook", broken)
    job = request_export(client, "500116")
    assert job.state == "failed" and job.error.startswith("导出失败（内部错误 OSError）") and not job.file
    assert not list((settings.DATA_DIR / "exports").iterdir())  # no half-written file
    assert "重新导出" in client.get(f"/manage/export/jobs/{job.pk}/").content.decode()
    monkeypatch.undo()
    again = request_export(client, "500116")
    assert again.state == "done" and again.pk != job.pk


def test_a_job_whose_worker_died_is_reported_failed(client, data, settings):
    login(client, data.users["admin"])
    started = timezone.now() - dt.timedelta(seconds=settings.PLANWATCH_REPORT_TIME_LIMIT + 200)
    job = ExportJob.objects.create(region=data.county, state="running", started_at=started)
    assert "导出中断：后台任务进程已停止" in client.get(f"/manage/export/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.state == "failed"


@pytest.mark.parametrize("code", ["500104", "500000", "999999", "", "x" * 40])
def test_another_region_is_404(client, data, code):
    login(client, data.users["admin"])
    response = client.post("/manage/export/request/", {"code": code})
    assert response.status_code == 404 and "不在您的地区范围内" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_another_regions_job_is_404(client, data):
    job = request_export_as(client, data.users["admin"], "500116")
    client.logout()
    from django.contrib.auth.models import User

    from planwatch.apps.accounts.models import Profile, Role

    office = User.objects.create_user("dadukou_office", password=PASSWORD)
    Profile.objects.create(user=office, role=Role.ADMIN, region=data.other_county)
    login(client, office)
    assert client.get(f"/manage/export/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/manage/export/jobs/{job.pk}/download/").status_code == 404
    assert f"export-{job.pk}" not in client.get("/manage/export/").content.decode()
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


def request_export_as(client, user, code):
    login(client, user)
    return request_export(client, code)


@pytest.mark.parametrize("who", ["monitor", "evaluator", "leader", "health", "town", "other_monitor"])
def test_other_roles_are_refused(client, data, who):
    job = request_export_as(client, data.users["admin"], "500116")
    client.logout()
    login(client, data.users[who])
    assert client.get("/manage/export/").status_code == 403
    assert client.post("/manage/export/request/", {"code": "500116"}).status_code == 403
    assert client.get(f"/manage/export/jobs/{job.pk}/").status_code == 403
    assert client.get(f"/manage/export/jobs/{job.pk}/download/").status_code == 403
    assert ExportJob.objects.count() == 1 and not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, data):
    job = ExportJob.objects.create(region=data.county)
    for response in (client.get("/manage/export/"), client.post("/manage/export/request/", {"code": "500116"}),
                     client.get(f"/manage/export/jobs/{job.pk}/download/")):  # fmt: skip
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert ExportJob.objects.count() == 1


def test_a_superuser_may_export_any_region(client, data):
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", password=PASSWORD)
    assert client.login(username="root", password=PASSWORD)
    assert 'value="500000"' in client.get("/manage/export/").content.decode()
    job = request_export(client, "500000")
    book = workbook(client.get(f"/manage/export/jobs/{job.pk}/download/"))
    assert {r[2] for r in list(book["监测数据"].values)[1:]} == {"500116", "500116101", "500104"}
