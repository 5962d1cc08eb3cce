"""Plan registry: sub-regions' own plans filed within one month of the parent plan's issue."""

import datetime as dt

import pytest

from planwatch.apps.dictionary.registry import add_one_month, plan_registry
from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region


def _region(code, name, level, parent=None):
    return Region.objects.create(code=code, name=name, level=level, parent=parent)


def _plan(region, issued, population="children", period=(2021, 2030)):
    return Plan.objects.create(
        title=f"{region.name}{'儿童' if population == 'children' else '妇女'}发展规划",
        population=population,
        region=region,
        period_start=period[0],
        period_end=period[1],
        issued_date=issued,
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2022, 1, 15), dt.date(2022, 2, 15)),
        (dt.date(2022, 1, 31), dt.date(2022, 2, 28)),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
        (dt.date(2022, 12, 20), dt.date(2023, 1, 20)),
    ],
)
def test_one_calendar_month(day, expected):
    assert add_one_month(day) == expected


@pytest.fixture
def city(db):
    province = _region("530000", "云南省", "province")
    city = _region("530500", "保山市", "city", province)
    counties = {
        name: _region(code, name, "county", city)
        for code, name in [
            ("530502", "隆阳区"),
            ("530521", "施甸县"),
            ("530581", "腾冲市"),
            ("530523", "龙陵县"),
        ]
    }
    parent = _plan(city, dt.date(2022, 10, 10))
    _plan(counties["隆阳区"], dt.date(2022, 11, 10))  # exactly one month: on time
    _plan(counties["腾冲市"], dt.date(2022, 11, 29))  # 50 days: late
    _plan(counties["龙陵县"], None)  # date unknown
    _plan(
        counties["施甸县"], dt.date(2022, 10, 20), population="women"
    )  # other population: children plan missing
    return city, parent, counties


def test_sub_region_filings_are_flagged(city):
    region, parent, _ = city
    rows = plan_registry(region)
    row = next(r for r in rows if r.plan == parent)
    assert row.deadline == dt.date(2022, 11, 10)
    status = {s.region.name: s.status for s in row.subregions}
    assert status == {"隆阳区": "on_time", "施甸县": "missing", "腾冲市": "late", "龙陵县": "unknown"}
    late = next(s for s in row.subregions if s.region.name == "腾冲市")
    assert late.days_after == 50 and late.label == "逾期（超过一个月）"
    assert row.counts() == {"on_time": 1, "late": 1, "missing": 1, "unknown": 1}
    # every plan of the region and below is listed; county plans have no sub-regions here
    assert len(rows) == 5


def test_registry_of_one_county_lists_only_its_plans(city):
    _, _, counties = city
    rows = plan_registry(counties["腾冲市"])
    assert [r.plan.region.name for r in rows] == ["腾冲市"]
    assert rows[0].subregions == []
