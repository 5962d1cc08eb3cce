"""Sub-region reporters: a town's task in the county round, and its approved data rolling up."""

import datetime as dt

from reporting.factories import PASSWORD, configure_assignments

from planwatch.apps.reporting.models import Round, Task


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def test_town_reports_and_its_approved_data_rolls_up(client, world):
    configure_assignments(world)
    login(client, world.users["monitor"])
    r = client.post(
        "/rounds/", {"plan": world.plan.pk, "year": 2023, "deadline": "2099-01-01", "subregions": "on"}
    )
    assert r.status_code == 302
    town_task = Round.objects.get().tasks.get(department__isnull=True)
    assert town_task.region == world.town

    login(client, world.users["town"])
    assert "几江街道（下级地区）" in client.get("/").content.decode()
    data = {f"v-{world.kids.pk}-{k}": v for k, v in
            {"total": "12", "female": "7", "male": "5", "urban": "10", "rural": "2", "age:3岁": "4",
             "age:4-5岁": "8"}.items()}  # fmt: skip
    data |= {f"v-{world.mmr.pk}-total": "0", f"v-{world.enrol.pk}-total": "88",
             f"v-{world.hosp.pk}-total": "100", f"n-{world.hosp.pk}": "40", f"d-{world.hosp.pk}": "40",
             "action": "submit"}  # fmt: skip
    assert client.post(f"/tasks/{town_task.pk}/", data).status_code == 302
    assert Task.objects.get(pk=town_task.pk).status == Task.Status.SUBMITTED
    county_task = Round.objects.get().tasks.get(department=world.education)
    assert client.get(f"/tasks/{county_task.pk}/").status_code == 404  # the county is above the town's scope

    login(client, world.users["monitor"])
    client.post(f"/tasks/{town_task.pk}/review/", {"action": "approve"})
    login(client, world.users["education"])
    html = client.get(f"/tasks/{county_task.pk}/").content.decode()
    assert "下级合计 12" in html and "下级合计 7" in html


def test_board_marks_overdue_tasks(client, world):
    from reporting.factories import open_round

    r = open_round(world, 2022, deadline=dt.date(2020, 1, 31))
    login(client, world.users["leader"])
    html = client.get(f"/rounds/{r.pk}/").content.decode()
    assert "已过截止日" in html and "逾期 2" in html


def test_a_town_without_plans_is_not_told_to_run_a_command(client, world):
    """Only the office imports plans; a town reporter is told where its tasks are, not to run the CLI."""
    login(client, world.users["town"])
    html = client.get("/").content.decode()
    assert "planwatch plan import" not in html
    assert "尚无规划" in html
