"""The shared reporting world with targets as the parser stores them, a few years of reviewed data, a goal,
milestones, a baseline and one accepted dictionary link."""

import pytest
from reporting.factories import PASSWORD

from planwatch.apps.dictionary.models import DictionaryEntry, IndicatorLink
from planwatch.apps.plans.models import Goal, Indicator
from planwatch.apps.reporting.models import Observation


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def observe(indicator, where, year, value, status=Observation.Status.APPROVED, **kw):
    return Observation.objects.create(
        indicator=indicator, region=where, year=year, value=value, status=status, **kw
    )


@pytest.fixture
def api_world(world):
    w = world
    Indicator.objects.filter(pk=w.mmr.pk).update(
        target_kind="numeric_max", target_comparator="<=", target_value=12, target_year=2030,
        direction="lower_is_better", attribute="binding", baseline_year=2020, baseline_value=13.1,
        milestones=[{"text": "2025年≤13/10万", "kind": "numeric_max", "comparator": "<=", "value": 13,
                     "year": 2025, "unit": "1/10万"}],
    )  # fmt: skip
    Indicator.objects.filter(pk=w.hosp.pk).update(target_comparator=">=", target_value=95, target_year=2030)
    for name in ("mmr", "hosp", "kids", "enrol"):
        getattr(w, name).refresh_from_db()
    Goal.objects.create(area=w.mmr.area, seq=1, text="孕产妇死亡率下降到12/10万以下。", line=40)
    w.entry = DictionaryEntry.objects.create(
        code="TST-MMR", name="孕产妇死亡率", unit="1/10万", unit_family="rate", direction="lower_is_better",
        population="children", area="健康",
    )  # fmt: skip
    IndicatorLink.objects.create(
        indicator=w.mmr, entry=w.entry, confidence=0.97, method="auto", accepted=True
    )
    for year, v in zip(range(2021, 2025), (11.0, 11.5, 12.6, 14.2), strict=True):
        observe(w.mmr, w.county, year, v)
    for year, v in zip(range(2021, 2025), (96.0, 97.0, 97.5, 98.0), strict=True):
        observe(w.hosp, w.county, year, v)
    observe(w.kids, w.county, 2023, 1030, sex="female", area_type="rural", age_group="3岁")
    observe(w.kids, w.county, 2023, 1100, sex="male", area_type="urban", age_group="4-5岁")
    observe(w.enrol, w.county, 2023, None)
    observe(w.hosp, w.county, 2025, 99.0, status=Observation.Status.SUBMITTED)  # not reviewed: never exported
    observe(w.hosp, w.other_county, 2023, 91.0)  # another region's data
    return w
