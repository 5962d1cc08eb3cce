"""数据导出: the office downloads the Excel copy of everything its region (or a region below) owns; other
roles 403, other regions 404, anonymous visitors the login page; every download is in the audit log."""

import io

import openpyxl
import pytest
from reporting.factories import PASSWORD

from planwatch.apps.audit.models import Action, AuditEvent
from planwatch.apps.reporting.models import Observation


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


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


def test_the_office_downloads_its_region_and_the_download_is_audited(client, data):
    w = data
    login(client, w.users["admin"])
    page = client.get("/manage/export/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/manage/export/500116/"' in html and 'href="/manage/export/500116101/"' in html
    assert "500104" not in html and "500000" not in html  # neither the neighbour nor the region above
    assert (
        'href="/manage/export/"' in client.get("/manage/").content.decode()
    )  # found from the office's pages
    book = workbook(client.get("/manage/export/500116/"))
    assert book.sheetnames == ["规划", "指标与目标", "监测数据", "填报任务", "修改记录"]
    rows = list(book["监测数据"].values)
    assert sorted((r[2], r[8]) for r in rows[1:]) == [("500116", 11.5), ("500116101", 10.0)]  # not 大渡口区
    assert [r[1] for r in list(book["规划"].values)[1:]] == [w.plan.title]
    event = AuditEvent.objects.get(action=Action.DOWNLOAD)
    assert (event.username, event.target, event.region_id) == ("admin1", "地区数据 Excel 导出", w.county.pk)
    assert "江津区（500116）" in event.summary and "字节" in event.summary
    # a region below: only what it owns (its data against the county's plan belongs to the county's copy)
    town = workbook(client.get("/manage/export/500116101/"))
    assert town["规划"].max_row == town["监测数据"].max_row == 1
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD, region=w.town).count() == 1


def test_a_deeper_region_by_its_code(client, data):
    login(client, data.users["admin"])
    response = client.get("/manage/export/?code=500116101")
    assert response.status_code == 302 and response["Location"] == "/manage/export/500116101/"
    for code in ("500104", "999999", "abc"):
        page = client.get(f"/manage/export/?code={code}")
        assert page.status_code == 200 and "没有找到该地区（或不在您的地区范围内）" in page.content.decode()
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


@pytest.mark.parametrize("code", ["500104", "500000", "999999", "x" * 40])
def test_another_region_is_404(client, data, code):
    login(client, data.users["admin"])
    assert client.get(f"/manage/export/{code}/").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


@pytest.mark.parametrize("who", ["monitor", "evaluator", "leader", "health", "town", "other_monitor"])
def test_other_roles_are_refused(client, data, who):
    login(client, data.users[who])
    assert client.get("/manage/export/").status_code == 403
    assert client.get("/manage/export/500116/").status_code == 403
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, data):
    for url in ("/manage/export/", "/manage/export/500116/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_superuser_may_export_any_region(client, data):
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", password=PASSWORD)
    assert client.login(username="root", password=PASSWORD)
    assert 'href="/manage/export/500000/"' in client.get("/manage/export/").content.decode()
    book = workbook(client.get("/manage/export/500000/"))
    assert {r[2] for r in list(book["监测数据"].values)[1:]} == {"500116", "500116101", "500104"}
