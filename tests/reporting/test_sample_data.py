"""``planwatch demo`` with its 示例数据: loaded through the historical import, assessed, reportable, idempotent.

One module-scoped database: the demo runs once without and then twice with the sample, on the 江津区 seed
(the demo logins' region); the whole module rolls back at the end.
"""

from collections import Counter

import pytest
from click.testing import CliRunner
from django.db import transaction
from docx import Document

from planwatch.apps.evaluation.models import AssessmentResult, AssessmentRun
from planwatch.apps.plans.models import Plan
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
    totals = Counter(obs.filter(sex="total", area_type="total").values_list("indicator_id", flat=True))
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
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "2025" in text and "江津区" in text
    assert "没有任何监测数据" not in result.output


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
