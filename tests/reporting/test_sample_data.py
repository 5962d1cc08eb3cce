"""``planwatch demo`` with its 示例数据: loaded through the historical import, assessed, reportable, idempotent.

One module-scoped database: the demo runs once without and then twice with the sample, on the 江津区 seed
(the demo logins' region); the whole module rolls back at the end.
"""

import io
from collections import Counter

import pytest
from click.testing import CliRunner
from django.db import transaction
from docx import Document
from openpyxl import load_workbook

from planwatch.apps.evaluation.models import AssessmentResult, AssessmentRun
from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.bulk import import_series
from planwatch.apps.reporting.models import Observation, ObservationHistory
from planwatch.apps.reporting.sample import (
    SAMPLE_FILENAME,
    SAMPLE_SOURCE,
    YEARS,
    indicator_rows,
    sample_csv,
)
from planwatch.apps.reporting.services import ValidationFailed
from planwatch.cli import cli
from planwatch.cli import demo as demo_cli
from planwatch.domain import statuses
from planwatch.domain.units import measure
from planwatch.reports.model import SAMPLE_NOTICE

SEED = "jiangjin_women_children_2021-2030.txt"


def _demo(*args: str) -> str:
    result = CliRunner().invoke(cli, ["demo", "--no-serve", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker, tmp_path_factory):
    seeds = tmp_path_factory.mktemp("seeds")
    (seeds / SEED).write_bytes((demo_cli.SEED_DIR / SEED).read_bytes())
    saved, demo_cli.SEED_DIR = demo_cli.SEED_DIR, seeds
    facts = {}
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            facts["plain"] = _demo("--no-sample-data")
            facts["plain_observations"] = Observation.objects.count()
            facts["plain_runs"] = AssessmentRun.objects.count()
            facts["first"] = _demo()
            facts["observations"] = Observation.objects.count()
            facts["history"] = ObservationHistory.objects.count()
            facts["runs"] = AssessmentRun.objects.count()
            facts["second"] = _demo()
            yield facts
            transaction.set_rollback(True)
    finally:
        demo_cli.SEED_DIR = saved


@pytest.fixture
def demo(demo_db, db):
    return demo_db


def test_no_sample_data_leaves_the_database_without_observations(demo):
    assert "示例监测数据" not in demo["plain"]
    assert demo["plain_observations"] == 0
    assert demo["plain_runs"] == 0


def test_sample_is_stored_like_a_historical_import_and_marked(demo):
    assert "示例数据" in demo["first"]
    obs = Observation.objects.all()
    assert obs.count() == demo["observations"] > 500
    assert set(obs.values_list("source", flat=True)) == {SAMPLE_SOURCE}
    assert set(obs.values_list("status", flat=True)) == {Observation.Status.APPROVED}
    assert set(obs.values_list("year", flat=True)) == set(YEARS)
    # every value has its history row, naming the sample file
    assert ObservationHistory.objects.filter(field="value").count() == obs.count()
    assert set(ObservationHistory.objects.values_list("reason", flat=True)) == {f"批量导入 {SAMPLE_FILENAME}"}
    # split cells exist where generated, and a couple of years are missing
    assert obs.filter(sex="female").exists() and obs.filter(area_type="rural").exists()
    own = obs.filter(sex="total", area_type="total", region__code="500116")
    totals = Counter(own.values_list("indicator_id", flat=True))
    assert any(n < len(YEARS) for n in totals.values())
    # values stay within each unit's bounds
    for o in obs.select_related("indicator")[:2000]:
        m = measure(o.indicator.unit, o.indicator.name)
        assert (m.lo is None or o.value >= m.lo) and (m.hi is None or o.value <= m.hi), o


def test_reloading_the_same_sample_finds_every_value_unchanged(demo):
    assert "新增 0 个数值，更新 0 个" in demo["second"]
    assert Observation.objects.count() == demo["observations"]
    assert ObservationHistory.objects.count() == demo["history"]
    assert AssessmentRun.objects.count() == demo["runs"]  # nothing changed: no new assessment


def test_the_seed_plans_are_assessed_with_several_statuses_and_warnings(demo):
    plans = list(Plan.objects.monitored())
    assert len(plans) == 2 and demo["runs"] == 2
    latest = AssessmentResult.objects.filter(year=2025, sex="total", area_type="total", region__code="500116")
    found = set(latest.values_list("status", flat=True))
    labels = {statuses.MET.label, statuses.NEAR.label, statuses.NOT_MET.label}
    assert labels <= {statuses.label(s) for s in found}
    assert "退步" in set(latest.values_list("progress_measure", flat=True))
    warnings = {w for ws in latest.values_list("warnings", flat=True) for w in ws}
    assert len(warnings) >= 3, warnings


def test_an_annual_report_generates_for_a_seed_region_year(demo, tmp_path):
    plan = Plan.objects.get(region__code="500116", population="children")
    out = tmp_path / "annual.docx"
    result = CliRunner().invoke(
        cli, ["report", "annual", "--plan-id", str(plan.pk), "--year", "2025", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2025" in text and "江津区" in text
    assert "没有任何监测数据" not in result.output
    # built on 示例数据: the title page, and the header and footer of every section, say so
    assert SAMPLE_NOTICE in "\n".join(p.text for p in document.paragraphs[:20])
    for section in document.sections:
        assert SAMPLE_NOTICE in section.header.paragraphs[0].text
        assert SAMPLE_NOTICE in "\n".join(p.text for p in section.footer.paragraphs)


def test_the_sub_regions_in_the_register_get_series_too(demo):
    towns = Region.objects.filter(parent__code="500116")
    assert towns.count() == 29  # 江津区's 街道 and 镇 (data/regions.csv)
    plan = Plan.objects.get(region__code="500116", population="children")
    obs = Observation.objects.filter(indicator__plan=plan, year=2025, sex="total", area_type="total")
    county = dict(obs.filter(region__code="500116").values_list("indicator_id", "value"))
    per_town = Counter(obs.filter(region__parent__code="500116").values_list("region_id", flat=True))
    assert set(per_town) == set(towns.values_list("pk", flat=True))
    assert len(set(per_town.values())) == 1  # every town gets every indicator the county has
    counts = [i for i in plan.indicators.all() if i.pk in county and measure(i.unit, i.name).is_count]
    for ind in counts:  # the towns' counts add up to the county's
        assert (
            sum(obs.filter(indicator=ind, region__parent__code="500116").values_list("value", flat=True))
            == county[ind.pk]
        )
    # the towns differ, so the ranking and the comparison have an order to show
    rate = next(
        i for i in plan.indicators.all() if i.pk in county and measure(i.unit, i.name).family == "rate"
    )
    assert (
        len(set(obs.filter(indicator=rate, region__parent__code="500116").values_list("value", flat=True)))
        > 5
    )
    ranked = AssessmentResult.objects.filter(indicator=rate, year=2025, region__parent__code="500116", sex="total",
                                             area_type="total", age_group="")  # fmt: skip
    assert ranked.count() == 29 and ranked.exclude(value=None).count() == 29


def test_a_comparison_report_of_the_towns_is_marked_sample(demo):
    from planwatch.apps.reports import collect
    from planwatch.reports import build_comparison_report, build_data_tables

    plan = Plan.objects.get(region__code="500116", population="children")
    county = Region.objects.get(code="500116")
    ids = list(plan.indicators.filter(target_kind="numeric_min").values_list("pk", flat=True)[:3])
    data = collect.comparison_data(plan, county, "town", 2025, ids)
    assert data.sample and len(data.indicators[0].values) == 29
    document = Document(io.BytesIO(build_comparison_report(data)))
    assert SAMPLE_NOTICE in document.sections[0].header.paragraphs[0].text
    sheets = load_workbook(io.BytesIO(build_data_tables(collect.annual_data(plan, county, 2025))))
    for ws in sheets.worksheets:
        assert SAMPLE_NOTICE in ws["A1"].value and ws.oddHeader.left.text == SAMPLE_NOTICE
    # once the data are no longer samples, nothing says so
    Observation.objects.filter(source=SAMPLE_SOURCE).update(source="import")
    data = collect.comparison_data(plan, county, "town", 2025, ids)
    assert not data.sample
    document = Document(io.BytesIO(build_comparison_report(data)))
    assert not document.sections[0].header.paragraphs[0].text
    whole = "\n".join(p.text for p in document.paragraphs)
    assert "示例数据" not in whole


def test_every_page_says_the_data_are_samples(demo, client):
    from django.core.cache import cache

    from planwatch.apps.reporting.context_processors import CACHE_KEY

    cache.delete(CACHE_KEY)
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="jj_admin"))
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "sample-banner" in page and "不是官方统计数据" in page
    Observation.objects.filter(source=SAMPLE_SOURCE).update(source="import")
    cache.delete(CACHE_KEY)
    assert "sample-banner" not in client.get("/").content.decode()
    cache.delete(CACHE_KEY)


def test_a_generated_value_out_of_bounds_is_refused_like_any_import(demo):
    """The sample takes no shortcut: the import's checks apply to it (here a rate above 100 %)."""
    ind = next(
        i for i in Plan.objects.monitored()[0].indicators.all() if indicator_rows(i, "500116", "women")
    )
    data = sample_csv([ind]).decode("utf-8-sig").splitlines()
    header, first = data[0].split(","), data[1].split(",")
    first[header.index("合计")] = "100000" if measure(ind.unit, ind.name).hi else "abc"
    payload = "\n".join([data[0], ",".join(first)]).encode()
    with pytest.raises(ValidationFailed) as exc:
        import_series(payload, SAMPLE_FILENAME, None, source=SAMPLE_SOURCE)
    assert exc.value.problems[0].rule in ("超出范围", "非数值")
