"""A county plan (江津区, from the reporting test world) with four years of reviewed data and two towns."""

import pytest
from reporting.factories import FAST_HASHERS, build_world, region

from planwatch.apps.plans.models import Indicator
from planwatch.apps.reporting.models import Observation


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def observe(indicator, where, year, value, **kw):
    return Observation.objects.create(indicator=indicator, region=where, year=year, value=value,
                                      status=Observation.Status.APPROVED, **kw)  # fmt: skip


@pytest.fixture
def world(db):
    w = build_world()
    # targets as the parser would store them (the reporting world leaves the values out)
    Indicator.objects.filter(pk=w.mmr.pk).update(
        target_kind="numeric_max", target_comparator="<=", target_value=12, target_year=2030,
        direction="lower_is_better", attribute="binding",
    )  # fmt: skip
    Indicator.objects.filter(pk=w.hosp.pk).update(
        target_comparator=">=", target_value=95, target_year=2030, attribute="binding"
    )
    Indicator.objects.filter(pk=w.kids.pk).update(target_kind="direction_up", attribute="expected")
    Indicator.objects.filter(pk=w.enrol.pk).update(target_kind="qualitative", target_text="普及学前教育",
                                                   attribute="expected")  # fmt: skip
    for name in ("mmr", "hosp", "kids", "enrol"):
        getattr(w, name).refresh_from_db()
    w.town2 = region("500116102", "德感街道", "town", w.county)
    return w


@pytest.fixture
def data(world):
    w = world
    for year, v in zip(range(2021, 2025), (11.0, 11.5, 12.6, 14.2), strict=True):
        observe(w.mmr, w.county, year, v)  # worsening: 未达标, 约束性, at risk
    for year, v in zip(range(2021, 2025), (96.0, 97.0, 97.5, 98.0), strict=True):
        observe(w.hosp, w.county, year, v)
    for year, (a, b) in zip(range(2021, 2025), ((90, 99), (91, 98), (92, 97.5), (93, 97)), strict=True):
        observe(w.hosp, w.town, year, a, numerator=a * 10, denominator=1000)
        observe(w.hosp, w.town2, year, b, numerator=b * 10, denominator=1000)
    for year, (f, m) in zip(
        range(2021, 2025), ((1000, 1010), (1020, 1050), (1030, 1100), (1040, 1160)), strict=True
    ):
        observe(w.kids, w.county, year, f + m)
        observe(w.kids, w.county, year, f, sex="female")
        observe(w.kids, w.county, year, m, sex="male")
    return w
