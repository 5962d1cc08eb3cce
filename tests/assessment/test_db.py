"""Database mode: plans.Indicator + reporting.Observation + regions.Region → stored AssessmentResult rows."""

import polars as pl
import pytest
from click.testing import CliRunner

from planwatch.apps.evaluation.models import AssessmentResult, AssessmentRun
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Area, Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.models import Observation
from planwatch.cli import cli


@pytest.fixture
def tiny_plan(db):
    city = Region.objects.create(code="990100", name="测试市", level="city")
    a = Region.objects.create(code="990101", name="甲县", level="county", parent=city)
    b = Region.objects.create(code="990102", name="乙县", level="county", parent=city)
    plan = Plan.objects.create(status="active", title="测试市儿童发展规划", population="children", region=city, period_start=2021,
                               period_end=2030)  # fmt: skip
    area = Area.objects.create(plan=plan, name="儿童与健康", order=1)
    rate = Indicator.objects.create(
        plan=plan, area=area, name="儿童健康管理率", unit="%", attribute="binding", target_text="达到95%以上",
        target_kind="numeric_min", target_comparator=">=", target_value=95, target_year=2030,
        milestones=[{"year": 2025, "kind": "numeric_min", "comparator": ">=", "value": 93}],
        baseline_year=2021, baseline_value=88.0,
    )  # fmt: skip
    count = Indicator.objects.create(
        plan=plan,
        area=area,
        name="儿童之家数量",
        unit="个",
        target_text="逐年增加",
        target_kind="direction_up",
    )
    Indicator.objects.create(
        plan=plan, area=area, name="儿童意外伤害死亡率", unit="1/10万", target_text="下降", target_kind="direction_down",
        direction="lower_is_better",
    )  # nobody reports it  # fmt: skip
    for region, vals in ((a, [(85, 850, 1000), (86, 860, 1000)]), (b, [(96, 960, 1000), (97, 970, 1000)])):
        for year, (v, n, d) in zip((2022, 2023), vals, strict=True):
            Observation.objects.create(
                indicator=rate, region=region, year=year, value=v, numerator=n, denominator=d
            )
    for year, v in ((2022, 10), (2023, 12)):
        Observation.objects.create(indicator=count, region=a, year=year, value=v)
        Observation.objects.create(indicator=count, region=b, year=year, value=v + 1)
    return plan, city, rate, count


def test_run_assessment_stores_results(tiny_plan):
    plan, city, rate, count = tiny_plan
    run, result = run_assessment(plan=plan)
    assert run.rows == result.height == AssessmentResult.objects.filter(run=run).count()
    city_rate = AssessmentResult.objects.get(run=run, indicator=rate, region=city, year=2023)
    assert city_rate.source == "rollup" and city_rate.complete is True
    assert city_rate.value == pytest.approx((860 + 970) / 2000 * 100)
    assert city_rate.status == "near" and "儿童健康管理率2023年为91.5%" in city_rate.explanation
    # the plan's printed baseline (2021: 88%) is the city's base: (91.5 − 88) / (95 − 88) = 50 %
    assert city_rate.progress == pytest.approx(50.0)
    assert AssessmentResult.objects.get(run=run, indicator=rate, region=city, year=2021).source == "baseline"
    county = AssessmentResult.objects.get(run=run, indicator=rate, region__code="990101", year=2023)
    assert county.status == "not_met" and "binding_missed" in county.warnings
    assert AssessmentResult.objects.get(run=run, indicator=count, region=city, year=2023).value == 25
    assert run.summary["not_met"] >= 1
    silent = AssessmentResult.objects.filter(run=run, indicator__name="儿童意外伤害死亡率")
    # nothing reported: due every year from the plan's start (2021) to the latest year in the data
    assert {(r.region, r.year, r.status, tuple(r.warnings)) for r in silent} == {
        (city, y, "no_data", ("missing",)) for y in (2021, 2022, 2023)
    }
    # counties that started reporting in 2022 owe 2021 as well
    assert (
        AssessmentResult.objects.get(run=run, indicator=rate, region__code="990101", year=2021).status
        == "no_data"
    )


def test_runs_keep_history_and_region_filter(tiny_plan):
    plan, city, rate, _ = tiny_plan
    first, _ = run_assessment(plan=plan, year=2023)
    Observation.objects.filter(indicator=rate, region__code="990101", year=2023).update(
        value=96, numerator=960
    )
    second, _ = run_assessment(plan=plan, year=2023, region=Region.objects.get(code="990101"))
    assert AssessmentRun.objects.count() == 2
    old = AssessmentResult.objects.get(run=first, indicator=rate, region__code="990101")
    new = AssessmentResult.objects.get(run=second, indicator=rate, region__code="990101")
    assert (old.status, new.status) == ("not_met", "met")
    assert not AssessmentResult.objects.filter(run=second, region=city).exists()


def test_cli_database_mode(tiny_plan):
    plan, *_ = tiny_plan
    res = CliRunner().invoke(cli, ["assess", "--plan-id", str(plan.pk), "--year", "2023", "--no-store"])
    assert res.exit_code == 0, res.output
    assert "儿童健康管理率" in res.stdout and AssessmentRun.objects.count() == 0
    res = CliRunner().invoke(cli, ["assess", "--plan-id", str(plan.pk), "--year", "2023"])
    assert res.exit_code == 0 and AssessmentRun.objects.count() == 1
    assert "已保存评估批次" in res.stderr and "{" not in res.stderr  # counts in words, not a Python dict
    res = CliRunner().invoke(cli, ["assess", "--plan-id", "99999"])
    assert res.exit_code == 1 and "规划 99999 不存在" in res.output
    res = CliRunner().invoke(cli, ["assess", "--region", "000000000"])
    assert res.exit_code == 1 and "行政区划代码 000000000 不存在" in res.output


def test_only_approved_observations_count(tiny_plan):
    plan, city, rate, _ = tiny_plan
    Observation.objects.filter(indicator=rate, region__code="990101", year=2023).update(
        status=Observation.Status.DRAFT
    )
    _, result = run_assessment(plan=plan, year=2023, store=False)
    county = result.filter((result["region"] == "990101") & (result["key"] == str(rate.pk)))
    assert county["status"].to_list() == ["no_data"]


def test_admin_lists_results_read_only(tiny_plan, admin_client):
    plan, *_ = tiny_plan
    run_assessment(plan=plan, year=2023)
    res = admin_client.get("/admin/evaluation/assessmentresult/?status__exact=not_met")
    assert res.status_code == 200 and "儿童健康管理率" in res.content.decode()
    assert admin_client.get("/admin/evaluation/assessmentresult/add/").status_code == 403


def _link(indicator, entry):
    from planwatch.apps.dictionary.models import IndicatorLink

    IndicatorLink.objects.create(indicator=indicator, entry=entry, confidence=1.0, accepted=True)


def test_plans_linked_to_one_dictionary_entry_roll_up_as_one_series(tiny_plan):
    """Counties report under their own plans; the city's plan indicator still rolls their data up."""
    from planwatch.apps.dictionary.models import DictionaryEntry

    city_plan, city, rate, _ = tiny_plan
    Observation.objects.filter(indicator=rate).delete()
    entry = DictionaryEntry.objects.create(
        code="C-TST-01",
        name="儿童健康管理率",
        unit="%",
        direction="higher_is_better",
        population="children",
        area="健康",
    )
    _link(rate, entry)
    counties = {}
    for code, (num, den) in (("990101", (860, 1000)), ("990102", (970, 1000))):
        county = Region.objects.get(code=code)
        plan = Plan.objects.create(status="active", title=f"{county.name}儿童发展规划", population="children", region=county,
                                   period_start=2021, period_end=2030)  # fmt: skip
        ind = Indicator.objects.create(plan=plan, name="儿童健康管理率（%）", unit="%", target_text="≥90",
                                       target_kind="numeric_min", target_comparator=">=", target_value=90)  # fmt: skip
        _link(ind, entry)
        Observation.objects.create(indicator=ind, region=county, year=2023, value=num / den * 100,
                                   numerator=num, denominator=den)  # fmt: skip
        counties[code] = ind
    # an unlinked indicator of another plan with the same name is NOT merged in
    stray = Indicator.objects.create(plan=Plan.objects.get(region__code="990101"), name="儿童健康管理率",
                                     unit="%", target_text="≥90", target_kind="numeric_min")  # fmt: skip
    Observation.objects.create(indicator=stray, region=Region.objects.get(code="990101"), year=2023, value=1,
                               numerator=1, denominator=100)  # fmt: skip

    _, result = run_assessment(plan=city_plan, year=2023, store=False)
    mine = result.filter(pl.col("key") == str(rate.pk))
    city_row = mine.filter(pl.col("region") == "990100").row(0, named=True)
    assert city_row["source"] == "rollup"
    assert city_row["value"] == pytest.approx((860 + 970) / 2000 * 100)  # Σnum/Σden over both counties' plans
    # the counties appear in the city's series, judged against the city's own target (≥95)
    assert dict(zip(*mine.filter(pl.col("region") != "990100").select("region", "status"), strict=True)) == {
        "990101": "not_met",
        "990102": "met",
    }


def test_a_cell_reported_twice_in_one_series_counts_once(tiny_plan):
    """A plan's table row and goal sentence linked to one entry: the indicator's own report wins."""
    from planwatch.apps.dictionary.models import DictionaryEntry

    plan, city, rate, _ = tiny_plan
    entry = DictionaryEntry.objects.create(
        code="C-TST-02",
        name="儿童健康管理率",
        unit="%",
        direction="higher_is_better",
        population="children",
        area="健康",
    )
    twin = Indicator.objects.create(plan=plan, name="儿童健康管理率", unit="%", origin="goal",
                                    target_text="逐年提高", target_kind="direction_up")  # fmt: skip
    _link(rate, entry)
    _link(twin, entry)
    Observation.objects.create(indicator=twin, region=Region.objects.get(code="990101"), year=2023, value=50,
                               numerator=500, denominator=1000)  # fmt: skip
    _, result = run_assessment(plan=plan, year=2023, store=False)
    county = result.filter((pl.col("region") == "990101") & (pl.col("year") == 2023))
    values = dict(zip(*county.select("key", "value"), strict=True))
    assert values[str(rate.pk)] == pytest.approx(86)  # its own report, not the twin's 50
    assert values[str(twin.pk)] == pytest.approx(50)


def test_thresholds_reach_the_database_mode(tiny_plan):
    from planwatch.assessment.config import AssessConfig

    plan, city, rate, _ = tiny_plan
    _, default = run_assessment(plan=plan, year=2023, store=False)
    _, strict = run_assessment(plan=plan, year=2023, store=False, config=AssessConfig(near_band=0.01))

    def city_status(result):
        hit = result.filter((pl.col("region") == city.code) & (pl.col("key") == str(rate.pk)))
        return hit["status"].cast(pl.String).to_list()

    # 91.5 % against ≥95 %: within 5 % (接近) but not within 1 %
    assert (city_status(default), city_status(strict)) == (["near"], ["not_met"])
    res = CliRunner().invoke(cli, ["assess", "--plan-id", str(plan.pk), "--year", "2023", "--no-store",
                                   "--set", "near_band=0.01", "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert '"status": "not_met"' in res.stdout and '"status": "near"' not in res.stdout


def test_assess_without_plan_id_stores_one_run_per_plan_that_the_pages_show(tiny_plan, client):
    """It used to store one plan-less run that no page shows (尚未评估)."""
    from django.contrib.auth.models import User

    from planwatch.apps.accounts.models import Profile, Role

    plan, city, rate, _ = tiny_plan
    other = Plan.objects.create(status="active", title="测试市妇女发展规划", population="women", region=city, period_start=2021,
                                period_end=2030)  # fmt: skip
    women = Indicator.objects.create(plan=other, name="妇女常见病筛查率", unit="%", target_text="达到80%以上",
                                     target_kind="numeric_min", target_comparator=">=", target_value=80)  # fmt: skip
    Observation.objects.create(indicator=women, region=city, year=2023, value=82)
    res = CliRunner().invoke(cli, ["assess", "--year", "2023"])
    assert res.exit_code == 0, res.output
    runs = {r.plan_id: r for r in AssessmentRun.objects.all()}
    assert set(runs) == {plan.pk, other.pk} and AssessmentRun.objects.filter(plan=None).count() == 0
    assert set(runs[other.pk].results.values_list("indicator_id", flat=True)) == {women.pk}
    assert rate.pk in set(runs[plan.pk].results.values_list("indicator_id", flat=True))
    assert "（测试市妇女发展规划）" in res.stderr and "（测试市儿童发展规划）" in res.stderr
    with pytest.raises(ValueError, match="assess_all_plans"):
        run_assessment(plan=None, store=True)

    user = User.objects.create_user("leader", password="pw-12345678")
    Profile.objects.create(user=user, role=Role.LEADER, region=city)
    client.force_login(user)
    index = client.get("/evaluation/").content.decode()
    assert "尚未评估" not in index
    page = client.get(f"/evaluation/plans/{other.pk}/").content.decode()
    assert "妇女常见病筛查率" in page and "尚未评估" not in page
