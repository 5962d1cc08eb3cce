"""Permission boundaries through the URL, the form and the upload: nobody reaches another department's or
another region's cells, read-only roles cannot write, only the monitoring group reviews."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from reporting.factories import PASSWORD  # noqa: I001

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.reporting import excel
from planwatch.apps.reporting.models import ImplementationReport, Observation, Task


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def workbook(task, cells: dict[str, object]) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    for ref, value in cells.items():
        wb[excel.SHEET][ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("t.xlsx", buf.getvalue())


PAGES = ["task", "task_template", "task_history"]


@pytest.mark.parametrize("page", PAGES)
def test_reporter_cannot_open_another_departments_task(client, world, tasks, page):
    login(client, world.users["education"])
    assert client.get(f"/tasks/{tasks['区教委'].pk}/").status_code == 200
    url = {
        "task": "/tasks/{}/",
        "task_template": "/tasks/{}/template.xlsx",
        "task_history": "/tasks/{}/history/",
    }[page]
    assert client.get(url.format(tasks["区卫生健康委"].pk)).status_code == 403


def test_other_regions_users_see_nothing_of_this_region(client, world, tasks):
    for who in ("other", "other_monitor"):
        client.logout()
        login(client, world.users[who])
        # another region's objects are not confirmed to exist (404, not 403)
        assert client.get(f"/tasks/{tasks['区教委'].pk}/").status_code == 404
        assert client.get(f"/rounds/{tasks['区教委'].round_id}/").status_code == 404
        assert client.get(f"/plans/{world.plan.pk}/").status_code == 404
        assert "区教委" not in client.get("/rounds/").content.decode()


def test_reporter_cannot_post_into_another_departments_task(client, world, tasks):
    login(client, world.users["education"])
    health = tasks["区卫生健康委"]
    r = client.post(f"/tasks/{health.pk}/", {f"v-{world.mmr.pk}-total": "10", "action": "draft"})
    assert r.status_code == 403
    r = client.post(f"/tasks/{health.pk}/upload/", {"workbook": workbook(health, {"H4": 10})})
    assert r.status_code == 403
    r = client.post(f"/tasks/{health.pk}/submit/")
    assert r.status_code == 403
    r = client.post(f"/tasks/{health.pk}/reports/", {"report": SimpleUploadedFile("r.pdf", b"%PDF")})
    assert r.status_code == 403
    assert not Observation.objects.exists() and not ImplementationReport.objects.exists()


def test_form_cannot_smuggle_a_foreign_indicator_into_own_task(client, world, tasks):
    login(client, world.users["education"])
    own = tasks["区教委"]
    r = client.post(f"/tasks/{own.pk}/", {f"v-{world.enrol.pk}-total": "90", f"v-{world.mmr.pk}-total": "10",
                                          "action": "draft"})  # fmt: skip
    assert r.status_code == 200
    assert "该指标不属于本任务，不能填报" in r.content.decode()
    assert not Observation.objects.exists()


def test_upload_cannot_write_another_tasks_workbook(client, world, tasks):
    login(client, world.users["education"])
    own, health = tasks["区教委"], tasks["区卫生健康委"]
    r = client.post(f"/tasks/{own.pk}/upload/", {"workbook": workbook(health, {"H4": 10})})
    assert r.status_code == 200
    assert "不能上传到本任务" in r.content.decode()
    assert not Observation.objects.exists()


def test_read_only_roles_cannot_write_or_review(client, world, tasks):
    task = tasks["区教委"]
    for who in ("leader", "evaluator", "admin", "monitor"):
        client.logout()
        login(client, world.users[who])
        assert client.get(f"/tasks/{task.pk}/").status_code == 200  # they may read
        r = client.post(f"/tasks/{task.pk}/", {f"v-{world.enrol.pk}-total": "90", "action": "draft"})
        assert r.status_code == 403, who
    for who in ("leader", "evaluator", "admin", "education", "other_monitor"):
        client.logout()
        login(client, world.users[who])
        expected = 404 if who == "other_monitor" else 403  # another region's task is not confirmed
        assert client.post(f"/tasks/{task.pk}/review/", {"action": "approve"}).status_code == expected, who
    assert Task.objects.get(pk=task.pk).status == Task.Status.PENDING


def test_only_the_monitoring_group_opens_rounds(client, world):
    from reporting.factories import configure_assignments

    configure_assignments(world)
    data = {"plan": world.plan.pk, "year": 2024, "deadline": "2099-01-01"}
    for who in ("education", "leader", "admin", "other_monitor"):
        client.logout()
        login(client, world.users[who])
        r = client.post("/rounds/", data)
        assert r.status_code in (403, 404), who
    client.logout()
    login(client, world.users["monitor"])
    r = client.post("/rounds/", data)
    assert r.status_code == 302


def test_only_the_office_edits_assignments(client, world):
    for who, code in (("monitor", 403), ("education", 403), ("admin", 200), ("other", 404)):
        client.logout()
        login(client, world.users[who])
        assert client.get(f"/plans/{world.plan.pk}/assignments/").status_code == code, who


def test_history_import_needs_office_or_monitor_and_own_region(client, world):
    csv = f"地区代码,指标ID,年份,合计\n500104,{world.mmr.pk},2015,12\n".encode()
    login(client, world.users["education"])
    assert client.get("/data/import/").status_code == 403
    client.logout()
    login(client, world.users["admin"])
    r = client.post("/data/import/", {"file": SimpleUploadedFile("h.csv", csv)})
    assert "无权导入大渡口区的数据" in r.content.decode()
    assert not Observation.objects.exists()


def test_sub_region_reporter_reaches_only_its_own_region(world):
    import datetime as dt

    from planwatch.apps.reporting.services import open_round

    r = open_round(
        world.plan, world.county, 2024, dt.date(2099, 1, 1), world.users["monitor"], include_subregions=True
    )
    town_task = r.tasks.get(department__isnull=True)
    county_task = r.tasks.get(department=world.health)
    town = world.users["town"]
    assert perm.can_edit_task(town, town_task) and not perm.can_edit_task(town, county_task)
    assert not perm.can_view_task(town, county_task)
    assert list(perm.visible_tasks(town, Task.objects.all())) == [town_task]
    assert perm.can_view_task(world.users["monitor"], town_task)
    assert not perm.can_view_task(world.users["other_monitor"], town_task)
    assert not perm.can_edit_task(world.users["health"], town_task)


def test_anonymous_users_are_sent_to_login(client, world, tasks):
    r = client.get(f"/tasks/{tasks['区教委'].pk}/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
