"""A draft plan (uploaded, not reviewed) is never monitored: no reporting round, no assessment (alone or in a
run over every plan), no evaluation page, no report, no historical import; an archived plan takes no new
rounds but keeps its results."""

import datetime as dt

import pytest
from click.testing import CliRunner
from reporting.factories import indicator

from planwatch.apps.evaluation.models import AssessmentResult
from planwatch.apps.evaluation.services import NotMonitored, assess_all_plans, run_assessment
from planwatch.apps.plans.models import Area, Plan
from planwatch.apps.reporting.models import Observation
from planwatch.apps.reporting.services import WorkflowError, open_round
from planwatch.cli import cli
from planwatch.reports.inputs import ReportInputError


@pytest.fixture
def draft(world):
    plan = Plan.objects.create(title="江津区妇女发展规划（2021—2030年）", population="women", region=world.county,
                               period_start=2021, period_end=2030)  # fmt: skip
    area = Area.objects.create(plan=plan, name="妇女与健康", order=1)
    ind = indicator(plan, area, 1, "孕产妇系统管理率", "%", [world.health])
    Observation.objects.create(indicator=ind, region=world.county, year=2022, value=90,
                               status=Observation.Status.APPROVED)  # fmt: skip
    return plan


def test_a_draft_gets_no_round(world, draft):
    with pytest.raises(WorkflowError, match="草稿（待审核），不能开启报送轮次"):
        open_round(draft, world.county, 2023, dt.date(2099, 3, 31), world.users["monitor"])


def test_an_archived_plan_gets_no_new_round(world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.ARCHIVED)
    world.plan.refresh_from_db()
    with pytest.raises(WorkflowError, match="已归档，不能开启报送轮次"):
        open_round(world.plan, world.county, 2023, dt.date(2099, 3, 31), world.users["monitor"])


def test_a_draft_is_not_assessed(world, draft):
    with pytest.raises(NotMonitored, match="尚未生效（草稿），不能评估"):
        run_assessment(plan=draft, year=2022)
    assess_all_plans(year=2022)  # every plan: the active one only
    assessed = set(AssessmentResult.objects.values_list("indicator__plan_id", flat=True))
    assert assessed == {world.plan.pk}
    res = CliRunner().invoke(cli, ["assess", "--plan-id", str(draft.pk), "--no-store"])
    assert res.exit_code == 1 and "尚未生效（草稿），不能评估" in res.output


def test_an_archived_plan_is_still_assessed(world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.ARCHIVED)
    world.plan.refresh_from_db()
    run, result = run_assessment(plan=world.plan, year=2022, store=False)
    assert result.height > 0


def test_a_draft_has_no_evaluation_page_and_no_report(client, world, draft):
    from planwatch.apps.reports.collect import annual_data

    client.force_login(world.users["monitor"])
    index = client.get("/evaluation/").content.decode()
    assert world.plan.title in index and draft.title not in index
    assert client.get(f"/evaluation/plans/{draft.pk}/").status_code == 404
    with pytest.raises(ReportInputError, match="尚未生效（草稿），不能生成报告"):
        annual_data(draft, world.county, 2022)


def test_rounds_and_history_import_do_not_offer_a_draft(client, world, draft):
    client.force_login(world.users["monitor"])
    rounds = client.get("/rounds/").content.decode()
    assert f'<option value="{world.plan.pk}"' in rounds and f'<option value="{draft.pk}"' not in rounds
    r = client.post("/rounds/", {"plan": draft.pk, "year": "2023", "deadline": "2099-03-31"}, follow=True)
    assert "草稿（待审核），不能开启报送轮次" in r.content.decode() and not draft.rounds.exists()
    history = client.get("/data/import/").content.decode()
    assert f'value="{draft.pk}"' not in history


def test_a_draft_gets_no_report_request_and_no_report_page(client, world, draft):
    from planwatch.apps.reports.kinds import ReportRequestError, check_request

    with pytest.raises(ReportRequestError, match="尚未生效（草稿），不能生成报告"):
        check_request("annual", "docx", draft, world.county, 2022, {})
    client.force_login(world.users["admin"])
    reports = client.get("/reports/").content.decode()
    assert world.plan.title in reports and draft.title not in reports
