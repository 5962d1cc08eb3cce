"""A county plan (江津区, from the reporting test world) with four years of reviewed data and two towns."""

import datetime as dt

import pytest
from reporting.factories import FAST_HASHERS, build_world, configure_assignments, region

from planwatch.apps.plans.models import Indicator
from planwatch.apps.reporting import services
from planwatch.apps.reporting.models import Observation
from planwatch.domain.cells import TOTAL
from planwatch.reporting_rules import RawCell, RowInput


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


@pytest.fixture
def health_task(data):
    """The 2025 round's 区卫生健康委 task, filled and submitted (not yet approved): 孕产妇死亡率 11/10万 (the
    2024 value 14.2 missed ≤12), 住院分娩率 98.5%."""
    w = data
    configure_assignments(w)
    round_ = services.open_round(w.plan, w.county, 2025, dt.date(2099, 3, 31), w.users["monitor"])
    task = round_.tasks.get(department=w.health)
    rows = {
        w.mmr.pk: RowInput(cells={TOTAL: RawCell("11")}),
        w.hosp.pk: RowInput(cells={TOTAL: RawCell("98.5")}, numerator=RawCell("985"),
                            denominator=RawCell("1000")),
    }  # fmt: skip
    services.save_task_data(task, rows, w.users["health"], source="form", submit=True)
    return task
