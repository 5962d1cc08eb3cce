"""Dictionary entries and plan alignment."""

from reporting.factories import user

from planwatch.apps.accounts.models import Role
from planwatch.apps.dictionary.models import DictionaryEntry
from planwatch.apps.plans.models import Plan
from planwatch.dictionary.alignment import STATUSES

from .conftest import login


def test_entries_list_filter_and_detail(client, api_world):
    DictionaryEntry.objects.create(code="TST-W1", name="女性就业人员占比", unit="%", direction="neutral",
                                   population="women", area="经济")  # fmt: skip
    DictionaryEntry.objects.create(code="TST-OLD", name="旧指标", unit="%", direction="higher_is_better",
                                   population="women", area="经济", retired=True)  # fmt: skip
    login(client, api_world.users["health"])  # not region data: any signed-in user
    codes = [e["code"] for e in client.get("/api/dictionary/entries").json()["items"]]
    assert codes == ["TST-MMR", "TST-W1"]
    assert [e["code"] for e in client.get("/api/dictionary/entries?population=women").json()["items"]] == [
        "TST-W1"
    ]
    assert "TST-OLD" in [
        e["code"] for e in client.get("/api/dictionary/entries?include_retired=true").json()["items"]
    ]
    entry = client.get("/api/dictionary/entries/TST-MMR").json()
    assert (
        entry["name"] == "孕产妇死亡率"
        and entry["unit"] == "1/10万"
        and entry["direction"] == "lower_is_better"
    )


def test_entries_bad_input(client, api_world):
    login(client, api_world.users["health"])
    response = client.get("/api/dictionary/entries/NOPE-1")
    assert response.status_code == 404 and "NOPE-1" in response.json()["detail"]
    response = client.get("/api/dictionary/entries?population=men")
    assert response.status_code == 422
    assert "population" in response.json()["detail"] and "men" in response.json()["detail"]


def test_alignment_with_the_national_outline(client, api_world):
    login(client, api_world.users["leader"])
    report = client.get(f"/api/plans/{api_world.plan.pk}/alignment").json()
    assert report["parent"] == "national-children" and "儿童发展纲要" in report["parent_label"]
    assert set(report["counts"]) == set(STATUSES)
    assert sum(report["counts"].values()) == len(report["rows"]) > 0
    assert report["counts"]["missing_in_child"] > 0  # four indicators cannot cover the national outline
    row = report["rows"][0]
    assert row["status_label"] and row["parent_target"]


def test_alignment_with_another_plan_and_bad_parents(client, api_world):
    w = api_world
    parent = Plan.objects.create(status="active", title="重庆市儿童发展规划", population="children", region=w.province,
                                 period_start=2021, period_end=2030)  # fmt: skip
    foreign = Plan.objects.create(status="active", title="大渡口区儿童发展规划", population="children", region=w.other_county,
                                  period_start=2021, period_end=2030)  # fmt: skip
    login(client, user("provmon", Role.MONITOR, w.province))  # the province sees both plans
    report = client.get(f"/api/plans/{w.plan.pk}/alignment?parent={parent.pk}").json()
    assert report["parent"] == str(parent.pk) and parent.title in report["parent_label"]
    assert report["counts"]["only_in_child"] == len(report["rows"])  # the parent has no indicators
    response = client.get(f"/api/plans/{w.plan.pk}/alignment?parent=province")
    assert response.status_code == 422 and "parent" in response.json()["detail"]
    response = client.get(f"/api/plans/{w.plan.pk}/alignment?parent={w.plan.pk}")
    assert response.status_code == 422 and "自身" in response.json()["detail"]
    assert client.get(f"/api/plans/{w.plan.pk}/alignment?parent=999999").status_code == 404
    client.logout()
    login(client, w.users["monitor"])  # the county cannot read the province's plan, nor another county's
    for other in (parent, foreign):
        assert client.get(f"/api/plans/{w.plan.pk}/alignment?parent={other.pk}").status_code == 404


def test_alignment_is_closed_to_reporters(client, api_world):
    login(client, api_world.users["health"])
    response = client.get(f"/api/plans/{api_world.plan.pk}/alignment")
    assert response.status_code == 403 and "评估组" in response.json()["detail"]
