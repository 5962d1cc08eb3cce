"""Milestone status (阶段目标) through the database: stored with each result, shown on the overview page."""

import re

import pytest

from planwatch.apps.evaluation.models import AssessmentResult
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Indicator

from .test_pages import page


def with_milestone(indicator, milestones):
    Indicator.objects.filter(pk=indicator.pk).update(milestones=milestones)
    indicator.refresh_from_db()


def test_milestone_status_and_projections_are_stored(data):
    # 住院分娩率 ≥95% by 2030, with a (test) milestone ≥99% in 2024 and ≥96% in 2027
    with_milestone(data.hosp, [{"text": "2024年达到99%", "kind": "numeric_min", "comparator": ">=", "value": 99,
                                "year": 2024}, {"kind": "numeric_min", "comparator": ">=", "value": 96, "year": 2027}])  # fmt: skip
    run, _ = run_assessment(plan=data.plan, region=data.county)
    r = AssessmentResult.objects.get(run=run, indicator=data.hosp, region=data.county, year=2024, sex="total")
    assert r.status == "met"  # 98 ≥ 95 (final target)
    assert (r.milestone_year, r.milestone_target, r.milestone_status) == (2024, "≥99%", "near")
    assert "2024年阶段目标≥99%，接近阶段目标" in r.explanation
    assert set(r.projections) == {"2027", "2030"} and all(
        isinstance(v, (int, float)) for v in r.projections.values()
    )
    earlier = AssessmentResult.objects.get(
        run=run, indicator=data.hosp, region=data.county, year=2023, sex="total"
    )
    assert earlier.milestone_status == "" and set(earlier.projections) == {"2024", "2027", "2030"}
    mmr = AssessmentResult.objects.get(
        run=run, indicator=data.mmr, region=data.county, year=2024, sex="total"
    )
    assert mmr.milestone_status == "" and mmr.at_risk_year == 2030  # no milestone: the final year is named


def test_overview_shows_the_milestone_column(client, data):
    with_milestone(data.hosp, [{"kind": "numeric_min", "comparator": ">=", "value": 99, "year": 2024}])
    run_assessment(plan=data.plan, region=data.county)
    html = page(client, data.users["leader"], "overview", data.plan.pk).content.decode()
    assert "<th>阶段目标</th>" in html
    hosp = re.sub(
        r"\s+",
        "",
        re.sub(r"<[^>]+>", "", re.search(rf'<tr id="ind-{data.hosp.pk}">(.*?)</tr>', html, re.S).group(1)),
    )
    assert "2024年≥99%接近" in hosp
    mmr = re.search(rf'<tr id="ind-{data.mmr.pk}">(.*?)</tr>', html, re.S).group(1)
    assert '<td class="ev-milestone">—</td>' in mmr


def test_milestone_with_a_bad_year_stops_the_run_naming_the_indicator(data):
    with_milestone(
        data.hosp, [{"text": "二〇二五年达到99%", "kind": "numeric_min", "value": 99, "year": "二〇二五"}]
    )
    with pytest.raises(
        ValueError, match="指标「住院分娩率」.*阶段目标「二〇二五年达到99%」年份或目标值不是数字"
    ):
        run_assessment(plan=data.plan, region=data.county)
    assert not AssessmentResult.objects.exists()


def test_indicator_chart_projects_to_every_milestone_and_the_final_year(data):
    from planwatch.apps.evaluation import figures

    with_milestone(data.mmr, [{"kind": "numeric_max", "comparator": "<=", "value": 13, "year": 2026},
                              {"kind": "numeric_max", "comparator": "<=", "value": 12.5, "year": 2028}])  # fmt: skip
    run, _ = run_assessment(plan=data.plan, region=data.county)
    spec, _ = figures.trend_option(figures.indicator_result(run, data.mmr, data.county, 2024), 2024)
    stored = AssessmentResult.objects.get(
        run=run, indicator=data.mmr, region=data.county, year=2024, sex="total"
    )
    points = {int(y): p for y, p in zip(spec.categories, spec.projection, strict=True) if p is not None}
    assert set(points) == {2024, 2026, 2028, 2030}  # the 2024 value, then each target year ahead
    assert points[2024] == 14.2 and points[2028] == pytest.approx(stored.projections["2028"], abs=1e-4)
    assert stored.at_risk_year == 2026 and "达不到2026年阶段目标≤13/10万" in stored.explanation
