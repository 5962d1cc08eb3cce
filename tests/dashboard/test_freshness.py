"""Every change of what a dashboard shows moves the data version once its transaction commits, so the cached
dashboard is rendered anew at once (not after the cache's five minutes): approvals, historical imports, plan
corrections and activation, indicator promotion, departments; a rolled-back change moves nothing."""

import datetime as dt

import pytest
from django.db import transaction

from planwatch.apps.dashboard.freshness import data_version
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Plan
from planwatch.apps.reporting import bulk, services
from planwatch.apps.review import services as review

from .test_dashboard import get, text

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: the version moves on commit


def version() -> int:
    return int(data_version().split("@")[0])


@pytest.fixture
def committed():
    """Run a change; the data version before and after, and how many times it moved."""

    def run(change):
        before, n = data_version(), version()
        change()
        return before, data_version(), version() - n

    return run


def correction_form(ind, **changes) -> dict:
    form = {"name": ind.name, "unit": ind.unit, "direction": ind.direction, "attribute": ind.attribute,
            "origin": ind.origin, "target": ind.target_text, "departments": ind.departments_text}  # fmt: skip
    return {**form, **changes}


def test_a_correction_shows_on_the_cached_dashboard_at_once(client, data, committed):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    admin = w.users["admin"]
    assert "孕产妇死亡率" in text(get(client, admin))  # rendered and cached
    form = correction_form(w.mmr, name="孕产妇死亡率（新口径）")
    before, after, callbacks = committed(lambda: review.correct_indicator(admin, w.mmr, form))
    assert after != before and callbacks == 1  # one move for the whole transaction, however many rows
    assert "孕产妇死亡率（新口径）" in text(get(client, admin))


def test_every_kind_of_change_moves_the_version(data, health_task, committed):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    monitor = w.users["monitor"]
    changes = {
        "approval": lambda: services.approve(health_task, monitor, ""),
        "history import": lambda: bulk.import_series(
            f"地区代码,指标ID,年份,合计\n500116,{w.mmr.pk},2012,15.2\n".encode(), "h.csv", w.users["admin"]
        ),
        "promotion": lambda: type(w.kids).objects.get(pk=w.kids.pk).save(update_fields=["promoted"]),
        "departments": lambda: w.kids.departments.add(w.health),
        "plan status": lambda: Plan.objects.get(pk=w.plan.pk).save(update_fields=["status"]),
    }
    for name, change in changes.items():
        before, after, _ = committed(change)
        assert after != before, name


def test_activation_of_a_draft_plan_moves_the_version(world, committed):
    w = world
    Plan.objects.filter(pk=w.plan.pk).update(status=Plan.Status.DRAFT)
    plan = Plan.objects.get(pk=w.plan.pk)
    before, after, _ = committed(lambda: review.activate(w.users["admin"], plan))
    assert after != before and Plan.objects.get(pk=plan.pk).status == Plan.Status.ACTIVE


def test_an_import_that_changes_nothing_or_fails_moves_nothing(data, committed):
    w = data
    csv = f"地区代码,指标ID,年份,合计\n500116,{w.mmr.pk},2021,11\n".encode()  # the value stored already
    before, after, _ = committed(lambda: bulk.import_series(csv, "same.csv", w.users["admin"]))
    assert after == before

    def refused():
        with pytest.raises(services.ValidationFailed):
            bulk.import_series(b"\xe5\x9c\xb0\xe5\x8c\xba\n", "bad.csv", w.users["admin"])

    before, after, _ = committed(refused)
    assert after == before

    def rolled_back():
        with transaction.atomic():
            type(w.mmr).objects.get(pk=w.mmr.pk).save()
            transaction.set_rollback(True)

    before, after, _ = committed(rolled_back)
    assert after == before


def test_missing_reports_of_the_other_indicators_show_after_the_approval(
    client, data, health_task, committed, settings
):
    """The approval of 2025's health data makes 2025 due for every indicator: 在园幼儿数 (no 2025 data) is 数据缺报
    on the dashboard as soon as the background task the approval queued has run (here: at commit)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    w = data
    run_assessment(plan=w.plan, region=w.county)
    monitor = w.users["monitor"]
    get(client, monitor)
    committed(lambda: services.approve(health_task, monitor, ""))
    html = get(client, monitor).content.decode()
    assert '<option value="2025" selected>' in html
    missing = html.split('data-kind="missing"', 1)[1].split("</details>\n  </details>", 1)[0]
    assert "在园幼儿数" in missing


def test_a_reporters_draft_saves_move_nothing_their_submission_does(client, data, committed):
    """While a round is open, reporters save drafts all day: none of it shows on a dashboard (tasks are counted per
    status, only approved data is read), so the cached dashboards stay; the submission shows at once."""
    from django.http import QueryDict
    from reporting.factories import configure_assignments

    from planwatch.apps.dashboard.services import cache_key
    from planwatch.domain.cells import TOTAL
    from planwatch.reporting_rules import RawCell, RowInput

    w = data
    run_assessment(plan=w.plan, region=w.county)
    configure_assignments(w)
    round_ = services.open_round(w.plan, w.county, 2025, dt.date(2099, 3, 31), w.users["monitor"])
    task = round_.tasks.get(department=w.health)

    def save(mmr: str, submit: bool = False):
        rows = {w.mmr.pk: RowInput(cells={TOTAL: RawCell(mmr)}),
                w.hosp.pk: RowInput(cells={TOTAL: RawCell("98.5")}, numerator=RawCell("985"),
                                    denominator=RawCell("1000"))}  # fmt: skip
        return lambda: services.save_task_data(task, rows, w.users["health"], source="form", submit=submit)

    committed(save("11"))  # the first save: 未填报 → 已暂存
    key = cache_key(w.county, QueryDict(""))
    for value in ("11.5", "11.2"):
        before, after, _ = committed(save(value))
        assert after == before
    assert cache_key(w.county, QueryDict("")) == key
    before, after, _ = committed(save("11.2", submit=True))
    assert after != before and cache_key(w.county, QueryDict("")) != key
    assert "待审核 1，" in get(client, w.users["monitor"]).content.decode()


def test_an_approved_cell_saved_as_a_draft_moves_the_version(data, committed):
    from planwatch.apps.reporting.models import Observation

    cell = Observation.objects.filter(indicator=data.mmr, status=Observation.Status.APPROVED).first()
    cell.status = Observation.Status.DRAFT
    before, after, _ = committed(cell.save)
    assert after != before
    before, after, _ = committed(cell.save)  # a draft saved again: seen by no dashboard
    assert after == before


def test_while_another_request_renders_the_new_state_readers_get_the_last_rendering(client, data, committed):
    """A submission moves the key; readers arriving while the first one renders the new state get the page's
    last rendering instead of each rendering it again. With no earlier rendering they render it themselves,
    and a finished render frees the page."""
    from django.core.cache import cache
    from django.http import QueryDict

    from planwatch.apps.dashboard import services as dash

    w = data
    run_assessment(plan=w.plan, region=w.county)
    admin = w.users["admin"]
    assert "孕产妇死亡率" in text(get(client, admin))  # rendered: the page's last rendering is kept
    form = correction_form(w.mmr, name="孕产妇死亡率（新口径）")
    committed(lambda: review.correct_indicator(admin, w.mmr, form))
    key = dash.cache_key(w.county, QueryDict(""))
    assert cache.get(key) is None  # the data changed: nothing rendered for the new state yet
    cache.add(key + ":rendering", True, 30)  # another request is rendering it
    page = text(get(client, admin))
    assert "孕产妇死亡率" in page and "孕产妇死亡率（新口径）" not in page
    cache.delete(key + ":rendering")
    assert "孕产妇死亡率（新口径）" in text(get(client, admin))  # the next reader renders the new state
    assert cache.get(key + ":rendering") is None and cache.get(key) is not None


def test_with_no_earlier_rendering_a_reader_renders_even_while_another_does(client, data):
    from django.core.cache import cache
    from django.http import QueryDict

    from planwatch.apps.dashboard import services as dash

    w = data
    run_assessment(plan=w.plan, region=w.county)
    cache.clear()
    key = dash.cache_key(w.county, QueryDict(""))
    cache.add(key + ":rendering", True, 30)
    assert "孕产妇死亡率" in text(get(client, w.users["admin"]))
