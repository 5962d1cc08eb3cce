"""A real plan (江津区, the seed document) through the API: typed targets, dictionary codes, alignment with
the national outline, and a bounded number of queries however many indicators the plan has."""

import pytest
from click.testing import CliRunner
from reporting.factories import user

from planwatch.apps.accounts.models import Role
from planwatch.apps.plans.models import Plan
from planwatch.cli import cli

from .conftest import login


@pytest.fixture
def jiangjin(db, seed_paths):
    result = CliRunner().invoke(cli, ["plan", "import", str(seed_paths["000"])])
    assert result.exit_code == 0, result.output
    plan = Plan.objects.get(population="children", region__name="江津区")
    return plan, user("jjmon", Role.MONITOR, plan.region)


def test_real_plan_detail(client, jiangjin, django_assert_max_num_queries):
    plan, monitor = jiangjin
    login(client, monitor)
    with django_assert_max_num_queries(12):
        body = client.get(f"/api/plans/{plan.pk}").json()
    assert body["indicator_count"] == plan.indicators.count() > 30
    assert len(body["areas"]) == plan.areas.count() and all(a["goals"] for a in body["areas"])
    kinds = {i["target"]["kind"] for i in body["indicators"]}
    assert {"numeric_min", "numeric_max"} <= kinds
    numeric = [i for i in body["indicators"] if i["target"]["kind"] == "numeric_max"]
    assert all(i["target"]["value"] is not None and i["target"]["comparator"] for i in numeric)
    linked = [i for i in body["indicators"] if i["dictionary"] and i["dictionary"]["accepted"]]
    assert len(linked) > len(body["indicators"]) / 2
    assert all(i["dictionary"]["code"].startswith("C-") for i in linked)
    listed = sum(len(a["indicator_ids"]) for a in body["areas"])
    assert listed == len([i for i in body["indicators"] if i["area_id"]])


def test_real_plan_alignment_and_export_codes(client, jiangjin):
    plan, monitor = jiangjin
    login(client, monitor)
    report = client.get(f"/api/plans/{plan.pk}/alignment?parent=national").json()
    judged = {k: v for k, v in report["counts"].items() if k not in ("missing_in_child", "only_in_child")}
    assert sum(judged.values()) > 10  # most national codes find the county's statement
    code = next(i for i in client.get(f"/api/plans/{plan.pk}/indicators").json()["items"] if i["dictionary"])
    entry = client.get(f"/api/dictionary/entries/{code['dictionary']['code']}").json()
    assert entry["population"] == "children"
