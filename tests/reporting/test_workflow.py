"""The round workflow through the services: open, save, submit, return, approve, reopen, history."""

import datetime as dt

import pytest

from planwatch.apps.regions.models import Department
from planwatch.apps.reporting import services
from planwatch.apps.reporting.models import (
    Assignment,
    Observation,
    ObservationHistory,
    Round,
    Task,
    TaskEvent,
)
from planwatch.domain.cells import FEMALE, MALE, RURAL, TOTAL, URBAN, age_cell
from planwatch.reporting_rules import RawCell, RowInput

from . import factories
from .factories import open_round


def kids_row(total="100", female="60", male="40", urban="70", rural="30", a3="30", a45="70") -> RowInput:
    return RowInput(
        cells={TOTAL: RawCell(total), FEMALE: RawCell(female), MALE: RawCell(male), URBAN: RawCell(urban),
               RURAL: RawCell(rural), age_cell("3岁"): RawCell(a3), age_cell("4-5岁"): RawCell(a45)}
    )  # fmt: skip


def test_assignments_take_the_lead_from_the_first_responsible_department(world):
    services.ensure_assignments(world.plan)
    kids = Assignment.objects.get(indicator=world.kids)
    assert kids.lead == world.education
    assert list(kids.partners.all()) == [world.health]
    kids.lead = world.health
    kids.save()
    services.ensure_assignments(world.plan)  # edits are kept
    assert Assignment.objects.get(indicator=world.kids).lead == world.health


def test_opening_a_round_gives_each_lead_department_a_task(world, round_):
    assert {t.department.name for t in round_.tasks.all()} == {"区卫生健康委", "区教委"}
    assert all(t.status == Task.Status.PENDING for t in round_.tasks.all())
    assert TaskEvent.objects.filter(kind="opened").count() == 2
    with pytest.raises(services.WorkflowError, match="已开启"):
        services.open_round(world.plan, world.county, 2023, dt.date(2099, 1, 1), world.users["monitor"])
    with pytest.raises(services.WorkflowError, match="不在规划"):
        services.open_round(world.plan, world.other_county, 2024, dt.date(2099, 1, 1), world.users["monitor"])


def test_sub_region_tasks_and_rollup(world):
    services.ensure_assignments(world.plan)
    r = services.open_round(
        world.plan, world.county, 2024, dt.date(2099, 1, 1), world.users["monitor"], include_subregions=True
    )
    town_task = r.tasks.get(department__isnull=True)
    assert town_task.region == world.town
    assert {a.indicator_id for a in services.task_assignments(town_task)} == {
        world.mmr.pk,
        world.hosp.pk,
        world.kids.pk,
        world.enrol.pk,
    }
    Observation.objects.create(indicator=world.kids, region=world.town, year=2024, value=12)
    county_task = r.tasks.get(department=world.education)
    assert services.rollup_values(county_task, [world.kids.pk])[world.kids.pk][TOTAL] == 12


def test_rollup_sums_counts_and_recomputes_rates_from_their_fractions(world):
    from planwatch.apps.regions.models import Region

    services.ensure_assignments(world.plan)
    r = services.open_round(world.plan, world.county, 2024, dt.date(2099, 1, 1), world.users["monitor"])
    task = r.tasks.get(department=world.health)
    town2 = Region.objects.create(code="500116102", name="鼎山街道", level="town", parent=world.county)
    for town, kids, (num, den) in ((world.town, 12, (80, 100)), (town2, 30, (50, 50))):
        Observation.objects.create(indicator=world.kids, region=town, year=2024, value=kids)
        Observation.objects.create(indicator=world.hosp, region=town, year=2024, value=num / den * 100,
                                   numerator=num, denominator=den)  # fmt: skip
    Observation.objects.create(indicator=world.mmr, region=world.town, year=2024, value=9.0)  # no fraction
    got = services.rollup_values(task, [world.kids.pk, world.hosp.pk, world.mmr.pk])
    assert got[world.kids.pk][TOTAL] == 42
    assert got[world.hosp.pk][TOTAL] == pytest.approx(130 / 150 * 100)  # not 80 % + 100 % = 180 %
    assert world.mmr.pk not in got  # a rate without 分子/分母 cannot be combined


def test_form_subtotal_is_the_assessment_rollup_for_per_capita_seats_and_per_ten_thousand(world):
    """下级合计 on the form and the assessment's roll-up are one computation: per-capita values are weighted (two
    towns at 3.5 and 4.0 never give 7.5), 座 is summed, 1/万 is Σ分子/Σ分母 × 10000 — and an indicator's
    区县 value that the engine rolls up from the same rows is the same number."""
    import polars as pl

    from planwatch.apps.regions.models import Region
    from planwatch.assessment.engine import assess
    from planwatch.assessment.spec import IndicatorSpec as Spec

    from .factories import indicator

    area = world.kids.area
    places = indicator(
        world.plan, area, 10, "每千人口拥有3岁以下婴幼儿托位数", "个", [world.education], target_text="≥4.5"
    )
    toilets = indicator(world.plan, area, 11, "城乡公共厕所", "座", [world.education], target_text="提高")
    injury = indicator(
        world.plan, area, 12, "儿童意外伤害死亡率", "1/万", [world.education], target_text="≤5/万"
    )
    services.ensure_assignments(world.plan)
    r = services.open_round(world.plan, world.county, 2024, dt.date(2099, 1, 1), world.users["monitor"])
    task = r.tasks.get(department=world.education)
    town2 = Region.objects.create(code="500116102", name="鼎山街道", level="town", parent=world.county)
    rows = []
    for town, (pn, pd), seats, (inum, iden) in (
        (world.town, (350, 100_000), 12, (3, 10_000)),
        (town2, (1200, 300_000), 30, (1, 30_000)),
    ):
        for ind, value, num, den in ((places, pn / pd * 1000, pn, pd), (toilets, seats, None, None),
                                     (injury, None, inum, iden)):  # fmt: skip
            Observation.objects.create(indicator=ind, region=town, year=2024, value=value, numerator=num,
                                       denominator=den)  # fmt: skip
            rows.append({"key": str(ind.pk), "region": str(town.pk), "year": 2024, "value": value,
                         "numerator": num, "denominator": den})  # fmt: skip
    got = services.rollup_values(task, [places.pk, toilets.pk, injury.pk])
    assert got[places.pk][TOTAL] == pytest.approx(1550 / 400_000 * 1000)  # 3.875, not 7.5
    assert got[toilets.pk][TOTAL] == 42
    assert got[injury.pk][TOTAL] == pytest.approx(4 / 40_000 * 10_000)  # 1/万, not 0.0001
    specs = [
        Spec(key=str(i.pk), name=i.name, unit=i.unit, kind="direction_up") for i in (places, toilets, injury)
    ]
    tree = pl.DataFrame({"code": [str(world.county.pk), str(world.town.pk), str(town2.pk)],
                         "parent": [None, str(world.county.pk), str(world.county.pk)]})  # fmt: skip
    engine = assess(specs, pl.DataFrame(rows), tree, year=2024, explain=False)
    county = engine.filter(
        (pl.col("region").cast(pl.String) == str(world.county.pk)) & (pl.col("sex") == "total")
    )
    by_key = dict(zip(county["key"].cast(pl.String), county["value"], strict=True))
    assert {int(k): v for k, v in by_key.items()} == pytest.approx({k: v[TOTAL] for k, v in got.items()})


def test_overdue_tasks(world):
    r = open_round(world, 2022, deadline=dt.date(2020, 1, 1))
    assert r.overdue
    assert all(t.overdue for t in r.tasks.all())


def test_save_draft_submit_return_approve_reopen(world, tasks):
    task, user, monitor = tasks["区教委"], world.users["education"], world.users["monitor"]
    services.save_task_data(task, {world.kids.pk: kids_row(male="")}, user, source="form")
    task.refresh_from_db()
    assert task.status == Task.Status.DRAFT
    obs = Observation.objects.get(indicator=world.kids, region=world.county, year=2023, sex="female")
    assert obs.value == 60 and obs.status == Observation.Status.DRAFT and obs.task == task

    with pytest.raises(services.ValidationFailed) as exc:
        services.submit_task(task, user)  # 男 and 学前教育毛入园率 missing
    assert {p.rule for p in exc.value.problems} == {"必填缺失"}

    rows = {world.kids.pk: kids_row(), world.enrol.pk: RowInput(cells={TOTAL: RawCell("91.5")})}
    services.save_task_data(task, rows, user, source="form", submit=True)
    task.refresh_from_db()
    assert task.status == Task.Status.SUBMITTED
    assert set(Observation.objects.filter(task=task).values_list("status", flat=True)) == {"submitted"}
    with pytest.raises(services.WorkflowError, match="不能修改"):
        services.save_task_data(task, rows, user, source="form")

    with pytest.raises(services.WorkflowError, match="退回意见"):
        services.return_task(task, monitor, "  ")
    services.return_task(task, monitor, "男童人数请核对")
    task.refresh_from_db()
    assert task.status == Task.Status.RETURNED
    services.save_task_data(
        task, {world.kids.pk: kids_row(female="55", male="45")}, user, source="form", submit=True
    )
    services.approve(task, monitor, "数据无误")
    task.refresh_from_db()
    assert task.status == Task.Status.APPROVED
    assert Observation.objects.approved().filter(task=task).count() == 8
    with pytest.raises(services.WorkflowError):
        services.save_task_data(task, rows, user, source="form")  # approved data is locked

    with pytest.raises(services.WorkflowError, match="原因"):
        services.reopen(task, monitor, "")
    services.reopen(task, monitor, "统计口径更正")
    task.refresh_from_db()
    assert task.status == Task.Status.RETURNED
    assert not Observation.objects.approved().filter(task=task).exists()

    kinds = list(task.events.values_list("kind", flat=True))
    assert kinds == ["opened", "saved", "saved", "submitted", "returned", "saved", "submitted", "approved",
                     "reopened"]  # fmt: skip


def test_every_change_is_kept_in_history(world, tasks):
    task, user = tasks["区卫生健康委"], world.users["health"]
    row = RowInput(cells={TOTAL: RawCell("10.5")})
    services.save_task_data(task, {world.mmr.pk: row}, user, source="form")
    services.save_task_data(task, {world.mmr.pk: RowInput(cells={TOTAL: RawCell("11")})}, user, source="form")
    services.save_task_data(task, {world.mmr.pk: RowInput(cells={TOTAL: RawCell("")})}, user, source="form")
    changes = list(
        ObservationHistory.objects.filter(indicator=world.mmr, field="value").values_list("old", "new")
    )
    assert changes == [("", "10.5"), ("10.5", "11"), ("11", "")]
    assert all(h.user == user for h in ObservationHistory.objects.all())
    obs = Observation.objects.get(indicator=world.mmr, region=world.county, year=2023)
    assert obs.value is None  # cleared, but the row and its trace stay


def test_year_on_year_uses_last_years_value(world, tasks):
    Observation.objects.create(indicator=world.mmr, region=world.county, year=2022, value=10)
    task, user = tasks["区卫生健康委"], world.users["health"]
    with pytest.raises(services.ValidationFailed) as exc:
        services.save_task_data(
            task, {world.mmr.pk: RowInput(cells={TOTAL: RawCell("20")})}, user, source="form"
        )
    assert exc.value.problems[0].rule == "同比波动超阈值"
    assert not Observation.objects.filter(year=2023).exists()
    explained = RowInput(cells={TOTAL: RawCell("20")}, explanation="新增产科")
    services.save_task_data(task, {world.mmr.pk: explained}, user, source="form")
    assert Observation.objects.get(year=2023, indicator=world.mmr).explanation == "新增产科"


def test_the_assignments_threshold_override_applies_to_every_channel(world, tasks):
    Observation.objects.create(indicator=world.mmr, region=world.county, year=2022, value=10)
    Assignment.objects.filter(indicator=world.mmr).update(yoy_threshold=150)  # 1/10万: percent of last year
    task, user = tasks["区卫生健康委"], world.users["health"]
    services.save_task_data(task, {world.mmr.pk: RowInput(cells={TOTAL: RawCell("24")})}, user, source="form")
    with pytest.raises(services.ValidationFailed) as exc:
        services.save_task_data(
            task, {world.mmr.pk: RowInput(cells={TOTAL: RawCell("26")})}, user, source="excel"
        )
    assert "超过 ±150%" in str(exc.value.problems[0])


def test_a_task_cannot_write_another_departments_indicator(world, tasks):
    task, user = tasks["区卫生健康委"], world.users["health"]
    with pytest.raises(services.ValidationFailed) as exc:
        services.save_task_data(
            task, {world.enrol.pk: RowInput(cells={TOTAL: RawCell("90")})}, user, source="form"
        )
    assert exc.value.problems[0].rule == "无权填报"
    assert not Observation.objects.exists()


def test_one_bad_row_stores_nothing(world, tasks):
    task, user = tasks["区教委"], world.users["education"]
    rows = {world.kids.pk: kids_row(), world.enrol.pk: RowInput(cells={TOTAL: RawCell("160")})}
    with pytest.raises(services.ValidationFailed):
        services.save_task_data(task, rows, user, source="form")
    assert not Observation.objects.exists()
    assert Round.objects.get().tasks.get(department=world.education).status == Task.Status.PENDING


def test_without_a_responsible_department_the_area_suggests_the_lead(world):
    from planwatch.apps.plans.models import Indicator

    orphan = Indicator.objects.create(
        plan=world.plan, area=world.kids.area, seq=9, name="义务教育巩固率", unit="%", target_text="≥97%",
        target_kind="numeric_min",
    )  # fmt: skip
    services.ensure_assignments(world.plan)
    assert Assignment.objects.get(indicator=orphan).lead == world.education  # 儿童与教育 → 区教委


def test_qualitative_targets_need_no_figure_on_submit(world, tasks):
    world.enrol.target_kind = "qualitative"
    world.enrol.save()
    task = tasks["区教委"]
    kids = RowInput(cells={TOTAL: RawCell("100"), FEMALE: RawCell("60"), MALE: RawCell("40"), URBAN: RawCell("70"),
                           RURAL: RawCell("30"), age_cell("3岁"): RawCell("30"), age_cell("4-5岁"): RawCell("70")})  # fmt: skip
    services.save_task_data(task, {world.kids.pk: kids}, world.users["education"], source="form", submit=True)
    assert Task.objects.get(pk=task.pk).status == Task.Status.SUBMITTED


def _link(indicator, entry, accepted=True):
    from planwatch.apps.dictionary.models import IndicatorLink

    IndicatorLink.objects.create(indicator=indicator, entry=entry, accepted=accepted, confidence=1.0)


def test_a_goal_sentence_restating_a_table_indicator_is_reported_once(world):
    from planwatch.apps.dictionary.models import DictionaryEntry

    entry = DictionaryEntry.objects.create(
        code="C-HEA-99", name="孕产妇死亡率", direction="lower_is_better", population="children", area="健康"
    )
    sentence = factories.indicator(
        world.plan,
        world.mmr.area,
        9,
        "孕产妇死亡率",
        "",
        [world.health],
        target_text="持续降低",
        origin="goal",
    )
    twin_row = factories.indicator(
        world.plan, world.mmr.area, 10, "孕产妇死亡率（城镇）", "1/10万", [world.health]
    )
    _link(world.mmr, entry)
    _link(sentence, entry)
    _link(twin_row, entry)  # a second table row with the code is its own quantity: still reported
    assert services.restatements(world.plan.pk) == {sentence.pk: world.mmr}
    round_ = factories.open_round(world)
    task = round_.tasks.get(department=world.health)
    reported = [a.indicator_id for a in services.task_assignments(task)]
    assert world.mmr.pk in reported and twin_row.pk in reported and sentence.pk not in reported
    with pytest.raises(services.ValidationFailed) as exc:  # nor can it be written through the form or a file
        services.save_task_data(
            task, {sentence.pk: RowInput(cells={TOTAL: RawCell("9")})}, None, source="form"
        )
    assert exc.value.problems[0].rule == "无权填报"
    _link_unaccepted = sentence.dictionary_link
    _link_unaccepted.accepted = False
    _link_unaccepted.save()
    assert services.restatements(world.plan.pk) == {}  # an unconfirmed link proves nothing: reported


def test_indicators_without_lead_and_late_leads_are_shown_and_get_tasks(world):
    round_ = factories.open_round(world)
    Assignment.objects.filter(indicator=world.enrol).update(lead=None)
    no_lead, no_task = services.uncovered(round_)
    assert [a.indicator for a in no_lead] == [world.enrol] and no_task == []
    newcomer = Department.objects.create(region=world.county, name="区妇联", kind="妇联")
    Assignment.objects.filter(indicator=world.enrol).update(lead=newcomer)
    assert services.uncovered(round_) == ([], [newcomer])
    (added,) = services.add_missing_tasks(round_, world.users["monitor"])
    assert added.department == newcomer and added.events.get().comment.startswith("补发")
    assert services.uncovered(round_) == ([], []) and services.add_missing_tasks(round_, None) == []
    round_.closed = True
    with pytest.raises(services.WorkflowError, match="轮次已关闭"):
        services.add_missing_tasks(round_, None)
