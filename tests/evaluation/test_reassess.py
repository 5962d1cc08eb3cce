"""Approving a task re-assesses the affected indicators in the plan's latest run at once: the new figures are
in the stored results (what the dashboard and the overview read), equal to a full assessment's, and a
reopened task takes them out again."""

import pytest

from planwatch.apps.evaluation.models import AssessmentResult, AssessmentRun, ImportReassessment, Reassessment
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.reporting import services
from planwatch.apps.reporting.models import Task

FIELDS = ("status", "value", "progress", "change", "warnings", "explanation", "milestone_status")


def results(run, indicators):
    qs = AssessmentResult.objects.filter(run=run, indicator__in=indicators)
    return {(r.indicator_id, r.region_id, r.year, r.sex, r.area_type, r.age_group):
            tuple(getattr(r, f) for f in FIELDS) for r in qs}  # fmt: skip


def headline(run, indicator, region, year):
    return AssessmentResult.objects.filter(run=run, indicator=indicator, region=region, year=year,
                                           sex="total", area_type="total", age_group="").first()  # fmt: skip


IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_approval_changes_the_stored_figures_at_once(
    data, health_task, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE  # the other indicators' new year: a background task, run here at commit
    w = data
    run, _ = run_assessment(plan=w.plan, region=w.county)
    assert headline(run, w.mmr, w.county, 2024).status == "not_met"
    assert headline(run, w.mmr, w.county, 2025) is None  # submitted, not yet approved: not counted
    kids_before = results(run, [w.kids])

    with django_capture_on_commit_callbacks() as queued:
        services.approve(health_task, w.users["monitor"], "")
    # the approved indicators' figures are stored before the commit; the other indicators' 2025 is queued
    run.refresh_from_db()
    assert headline(run, w.mmr, w.county, 2025).value == 11 and headline(run, w.kids, w.county, 2025) is None
    fill = ImportReassessment.objects.get(source="approval")
    assert fill.state == ImportReassessment.State.QUEUED and w.kids.pk in fill.indicators
    assert w.mmr.pk not in fill.indicators and fill.year == 2025
    for callback in queued:
        callback()  # what the commit does: the worker (here the immediate backend) fills them in
    fill.refresh_from_db()
    assert fill.state == ImportReassessment.State.DONE, fill.error

    run.refresh_from_db()
    assert AssessmentRun.objects.count() == 1  # the same run, revised
    new = headline(run, w.mmr, w.county, 2025)
    assert new.value == 11 and new.status == "met"
    assert headline(run, w.hosp, w.county, 2025).value == pytest.approx(98.5)
    log = Reassessment.objects.get(task=health_task)
    assert log.task == health_task and log.cause == "审核通过"
    assert set(log.indicators) == {w.mmr.pk, w.hosp.pk} and log.seconds > 0  # timed by planwatch bench web
    assert run.revised_at is not None and run.current_year == 2025
    # the rows and the summary still describe the run's rows
    assert run.rows == AssessmentResult.objects.filter(run=run).count()
    counted = {}
    for s in AssessmentResult.objects.filter(run=run).values_list("status", flat=True):
        counted[s] = counted.get(s, 0) + 1
    assert run.summary == counted
    # the other indicators keep their rows up to 2024 and are due for 2025 now: 缺报 at once, not at the
    # next full assessment
    kids_after = results(run, [w.kids])
    assert {k: v for k, v in kids_after.items() if k[2] <= 2024} == kids_before
    kids_2025 = headline(run, w.kids, w.county, 2025)
    assert kids_2025 is not None and kids_2025.value is None and "missing" in kids_2025.warnings

    # what a full assessment made now would store, for every indicator of the plan
    full, _ = run_assessment(plan=w.plan, region=w.county)
    everything = list(w.plan.indicators.all())
    assert results(run, everything) == results(full, everything)
    assert run.summary == full.summary and run.rows == full.rows


def test_reopening_takes_the_figures_out_again(data, health_task):
    w = data
    run, _ = run_assessment(plan=w.plan, region=w.county)
    services.approve(health_task, w.users["monitor"], "")
    assert headline(run, w.mmr, w.county, 2025).value == 11
    services.reopen(Task.objects.get(pk=health_task.pk), w.users["monitor"], "口径更正")
    row = headline(run, w.mmr, w.county, 2025)
    assert row is None or row.value is None
    assert Reassessment.objects.filter(cause="重新打开").exists()


def test_a_plan_never_assessed_gets_its_first_run_on_approval(data, health_task):
    w = data
    assert not AssessmentRun.objects.exists()
    services.approve(health_task, w.users["monitor"], "")
    run = AssessmentRun.objects.get(plan=w.plan)
    assert headline(run, w.mmr, w.county, 2025).status == "met"


def test_a_broken_milestone_does_not_undo_the_approval(data, health_task):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    type(w.mmr).objects.filter(pk=w.mmr.pk).update(milestones=[{"year": "二〇二五", "value": "x"}])
    services.approve(health_task, w.users["monitor"], "")
    assert Task.objects.get(pk=health_task.pk).status == Task.Status.APPROVED
    assert not Reassessment.objects.exists()
