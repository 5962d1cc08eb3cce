"""Reporting API: session auth, scope, approved-only observations by default."""

from reporting.factories import PASSWORD

from planwatch.apps.reporting.models import Observation


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_api_needs_login(client, world):
    assert client.get("/api/reporting/rounds").status_code == 401


def test_rounds_and_tasks_within_scope(client, world, tasks):
    login(client, world.users["monitor"])
    rounds = client.get("/api/reporting/rounds").json()["items"]
    assert (
        len(rounds) == 1
        and rounds[0]["tasks_by_status"]["pending"] == 2
        and rounds[0]["region_code"] == "500116"
    )
    units = {t["unit"] for t in client.get(f"/api/reporting/rounds/{rounds[0]['id']}/tasks").json()["items"]}
    assert units == {"区卫生健康委", "区教委"}
    client.logout()
    login(client, world.users["education"])
    units = {t["unit"] for t in client.get(f"/api/reporting/rounds/{rounds[0]['id']}/tasks").json()["items"]}
    assert units == {"区教委"}
    client.logout()
    login(client, world.users["other_monitor"])
    assert client.get("/api/reporting/rounds").json()["items"] == []
    assert client.get(f"/api/reporting/rounds/{rounds[0]['id']}/tasks").status_code == 404  # not confirmed


def test_observations_are_approved_only_by_default(client, world, tasks):
    Observation.objects.create(indicator=world.mmr, region=world.county, year=2022, value=11)
    Observation.objects.create(indicator=world.mmr, region=world.county, year=2023, value=12, status="draft")
    Observation.objects.create(indicator=world.mmr, region=world.other_county, year=2022, value=9)
    login(client, world.users["evaluator"])
    rows = client.get("/api/reporting/observations").json()["items"]
    assert [(r["year"], r["value"]) for r in rows] == [(2022, 11)]
    rows = client.get("/api/reporting/observations?include_unapproved=true").json()["items"]
    assert sorted(r["year"] for r in rows) == [2022, 2023]
    client.logout()
    login(client, world.users["education"])  # another department's draft stays hidden
    rows = client.get("/api/reporting/observations?include_unapproved=true").json()["items"]
    assert [(r["year"], r["status"]) for r in rows] == [(2022, "approved")]
