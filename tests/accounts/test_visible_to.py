"""Access rules in one place: querysets ``visible_to(user)`` and the one fetch-or-refuse of a plan."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Plan
from planwatch.apps.reporting.models import Observation, Round, Task

APPS = Path(__file__).resolve().parents[2] / "planwatch" / "apps"


def test_plans_visible_to_each_role(world):
    other_plan = Plan.objects.create(title="大渡口区规划", population="women", region=world.other_county,
                                     period_start=2021, period_end=2030)  # fmt: skip
    town_plan = Plan.objects.create(title="几江街道规划", population="women", region=world.town,
                                    period_start=2021, period_end=2030)  # fmt: skip
    ids = lambda user: set(Plan.objects.visible_to(world.users[user]).values_list("pk", flat=True))  # noqa: E731
    assert ids("monitor") == ids("leader") == {world.plan.pk, town_plan.pk}  # their region and below
    assert ids("education") == {world.plan.pk}  # reporters: their own region's plans only
    assert ids("town") == {town_plan.pk}
    assert ids("other_monitor") == {other_plan.pk}


def test_plan_or_refuse_403_for_roles_404_for_other_regions_and_unknown_ids(world):
    monitor, reporter, other = world.users["monitor"], world.users["education"], world.users["other_monitor"]
    assert perm.plan_or_refuse(monitor, world.plan.pk, readers_only=True) == world.plan
    assert perm.plan_or_refuse(reporter, world.plan.pk) == world.plan  # the plan page, not its evaluation
    with pytest.raises(PermissionDenied, match="只对妇儿工委办、统计局监测组、评估组和领导开放"):
        perm.plan_or_refuse(reporter, world.plan.pk, readers_only=True)
    for user, plan_id in ((other, world.plan.pk), (monitor, 999_999), (monitor, 2**40), (monitor, 0)):
        with pytest.raises(Http404, match=f"没有编号为 {plan_id} 的规划"):
            perm.plan_or_refuse(user, plan_id)


def test_observations_tasks_and_rounds_visible_to(world, tasks):
    county = Observation.objects.create(indicator=world.kids, region=world.county, year=2022, value=1)
    town = Observation.objects.create(indicator=world.kids, region=world.town, year=2022, value=1)
    assert set(Observation.objects.visible_to(world.users["monitor"])) == {county, town}
    assert set(Observation.objects.visible_to(world.users["town"])) == {town}
    assert not Observation.objects.visible_to(world.users["other_monitor"]).exists()
    mine = Task.objects.visible_to(world.users["education"])
    assert {t.department.name for t in mine} == {"区教委"}
    assert Round.objects.visible_to(world.users["health"]).count() == 1
    assert not Round.objects.visible_to(world.users["other"]).exists()


def test_no_app_spells_its_own_plan_fetch_or_refuse_and_the_api_imports_no_web_views():
    for path in APPS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and path.parts[-2] == "api":
                assert not (node.module or "").startswith("planwatch.apps.web"), path
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "get_object_or_404":
                first = ast.unparse(node.args[0]) if node.args else ""
                assert not first.startswith("Plan.objects"), f"{path}: fetch a plan with perm.plan_or_refuse"
