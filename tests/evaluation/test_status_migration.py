"""Migrations 0004–0005: results and run summaries stored with the Chinese labels (达标 …) become the status codes,
and back when the migration is reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region

BEFORE = [("evaluation", "0003_incremental_reassessment")]
AFTER = [("evaluation", "0005_status_labels_to_codes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_labels_become_codes_and_back():
    region = Region.objects.create(code="990100", name="测试市", level="city")
    plan = Plan.objects.create(status="active", title="测试市儿童发展规划", population="children", region=region,
                               period_start=2021, period_end=2030)  # fmt: skip
    rate = Indicator.objects.create(plan=plan, name="儿童健康管理率", unit="%", target_text="达到95%以上",
                                    target_kind="numeric_min", target_comparator=">=", target_value=95)  # fmt: skip
    old = migrate(BEFORE)
    Run, Result = (
        old.get_model("evaluation", "AssessmentRun"),
        old.get_model("evaluation", "AssessmentResult"),
    )
    run = Run.objects.create(plan_id=plan.pk, region_id=region.pk, rows=3,
                             summary={"达标": 1, "不可评估": 1, "无数据": 1})  # fmt: skip
    cell = {"run": run, "indicator_id": rate.pk, "region_id": region.pk, "source": "reported"}
    Result.objects.create(**cell, year=2021, status="达标", milestone_status="接近")
    Result.objects.create(**cell, year=2022, status="不可评估", milestone_status="")
    Result.objects.create(**cell, year=2023, status="无数据", milestone_status="未达标")

    new = migrate(AFTER)
    Run, Result = (
        new.get_model("evaluation", "AssessmentRun"),
        new.get_model("evaluation", "AssessmentResult"),
    )
    got = list(Result.objects.order_by("year").values_list("status", "milestone_status"))
    assert got == [("met", "near"), ("not_assessable", ""), ("no_data", "not_met")]
    assert Run.objects.get().summary == {"met": 1, "not_assessable": 1, "no_data": 1}

    old = migrate(BEFORE)
    Run, Result = (
        old.get_model("evaluation", "AssessmentRun"),
        old.get_model("evaluation", "AssessmentResult"),
    )
    got = list(Result.objects.order_by("year").values_list("status", "milestone_status"))
    assert got == [("达标", "接近"), ("不可评估", ""), ("无数据", "未达标")]
    assert Run.objects.get().summary == {"达标": 1, "不可评估": 1, "无数据": 1}
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # the schema the other tests expect
