"""The audit log: data changes, submit, approve and return, downloads and logins are recorded with who,
when and from where; the committee office of the region reads them on a filterable page, nobody else."""

from reporting.factories import PASSWORD, user

from planwatch.apps.accounts.models import Role
from planwatch.apps.audit.models import Action, AuditEvent
from planwatch.apps.reporting import services
from planwatch.domain.cells import TOTAL
from planwatch.reporting_rules import RawCell, RowInput


def login(client, who):
    assert client.login(username=who.username, password=PASSWORD)


def test_the_workflow_is_recorded_with_user_task_region_and_address(client, world, tasks):
    task = tasks["区卫生健康委"]
    health, monitor = world.users["health"], world.users["monitor"]
    services.save_task_data(
        task, {world.mmr.pk: RowInput(cells={TOTAL: RawCell("10")})}, health, source="cli"
    )
    cli = AuditEvent.objects.get(action=Action.DATA)
    assert cli.user == health and cli.region == world.county and cli.ip == "命令行"
    assert f"任务 #{task.pk}" in cli.target and "上传报表" in cli.summary

    login(client, health)
    data = {f"v-{world.mmr.pk}-total": "11", f"v-{world.hosp.pk}-total": "99",
            f"n-{world.hosp.pk}": "99", f"d-{world.hosp.pk}": "100", "action": "submit"}  # fmt: skip
    assert client.post(f"/tasks/{task.pk}/", data, REMOTE_ADDR="10.1.1.1").status_code == 302
    submit = AuditEvent.objects.get(action=Action.SUBMIT)
    assert submit.user == health and submit.ip == "10.1.1.1" and submit.path == f"/tasks/{task.pk}/"

    login(client, monitor)
    client.post(f"/tasks/{task.pk}/review/", {"action": "return", "comment": "数据偏高，请核实"})
    returned = AuditEvent.objects.get(action=Action.RETURN)
    assert returned.user == monitor and "数据偏高，请核实" in returned.summary


def test_downloads_are_recorded(client, world, tasks):
    task = tasks["区卫生健康委"]
    login(client, world.users["health"])
    assert client.get(f"/tasks/{task.pk}/template.xlsx").status_code == 200
    event = AuditEvent.objects.get(action=Action.DOWNLOAD)
    assert event.target == "填报模板" and f"task_id={task.pk}" in event.summary
    assert event.user == world.users["health"]
    login(client, world.users["admin"])
    assert client.get("/api/observations.csv?year=2023").status_code == 200
    export = AuditEvent.objects.filter(action=Action.DOWNLOAD).latest("id")
    assert export.target == "SDMX-CSV 导出" and "year=2023" in export.summary
    # a refused download is not a download
    login(client, world.users["other"])
    assert client.get(f"/tasks/{task.pk}/template.xlsx").status_code == 404
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD).count() == 2


def table(answer) -> str:
    page = answer.content.decode()
    return page[page.index('id="audit-events"') :]


def test_the_office_reads_its_regions_events_with_filters(client, world):
    login(client, world.users["health"])  # a login of the county (recorded)
    other_admin = user("otheradmin", Role.ADMIN, world.other_county)
    login(client, world.users["other"])  # a login in the other county
    login(client, world.users["admin"])
    page = table(client.get("/audit/"))
    assert "health1" in page and "other1" not in page and "登录" in page
    filtered = table(client.get("/audit/", {"action": "login", "user": "health"}))
    assert "health1" in filtered and "admin1" not in filtered
    assert "没有符合条件的记录" in table(client.get("/audit/", {"ip": "192.0.2."}))
    bad = client.get("/audit/", {"from": "2025-13-45"}).content.decode()
    assert "起始日期「2025-13-45」不是有效日期" in bad
    login(client, other_admin)
    assert "health1" not in table(client.get("/audit/")) and "other1" in table(client.get("/audit/"))


def test_only_the_office_reads_the_audit_log(client, world):
    assert client.get("/audit/").status_code == 302  # anonymous: to the login page
    for who in ("monitor", "evaluator", "leader", "health", "town"):
        login(client, world.users[who])
        answer = client.get("/audit/")
        assert answer.status_code == 403 and "审计日志只对妇儿工委办" in answer.content.decode(), who


def test_the_log_cannot_be_edited_in_the_admin(client, world):
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password=PASSWORD)
    login(client, root)
    event = AuditEvent.objects.latest("id")
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200  # view only
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
