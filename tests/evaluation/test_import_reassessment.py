"""A historical (or SDMX) import that stores data queues a re-assessment of the plans that count them: a
background task (django-tasks-db, ``planwatch worker``) whose state the import page shows and polls; it fails
visibly and can be retried; an import that changes nothing queues nothing."""

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from planwatch.apps.evaluation.models import AssessmentResult, ImportReassessment, Reassessment
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Indicator
from planwatch.apps.reporting import bulk
from planwatch.cli import cli

pytestmark = pytest.mark.django_db(transaction=True)  # the task is queued when the import commits

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SDMX_HEADER = (
    "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,SEX,AGE,URBANISATION,TIME_PERIOD,OBS_VALUE,"
    "UNIT_MEASURE,OBS_STATUS"
)
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def history(w, value="13.0", year=2024) -> bytes:
    return f"地区代码,指标ID,年份,合计\n500116,{w.mmr.pk},{year},{value}\n".encode()


def stored(run, w, year=2024):
    return AssessmentResult.objects.get(run=run, indicator=w.mmr, region=w.county, year=year, sex="total",
                                        area_type="total", age_group="")  # fmt: skip


def upload(client, user, payload, name="history.csv"):
    client.force_login(user)
    return client.post("/data/import/", {"file": SimpleUploadedFile(name, payload, "text/csv")})


def test_the_web_import_queues_and_the_worker_reassesses(client, data, settings):
    settings.TASKS = DATABASE
    w = data
    run, _ = run_assessment(plan=w.plan, region=w.county)
    assert stored(run, w).value == pytest.approx(14.2)
    page = upload(client, w.users["monitor"], history(w)).content.decode()
    item = ImportReassessment.objects.get()
    assert item.state == "queued" and item.indicators == [w.mmr.pk] and item.year == 2024
    assert "导入后重新评估：排队" in page and f'hx-get="/evaluation/reassessments/{item.pk}/"' in page
    assert stored(run, w).value == pytest.approx(14.2)  # not yet: the worker has not run

    result = CliRunner().invoke(cli, ["worker", "--batch", "--interval", "0.1"])
    assert result.exit_code == 0, result.output
    item.refresh_from_db()
    assert item.state == "done" and item.plans == [w.plan.pk] and item.attempts == 1
    assert stored(run, w).value == 13.0  # the same run, revised
    assert Reassessment.objects.get().cause == "导入 history.csv"
    fragment = client.get(f"/evaluation/reassessments/{item.pk}/").content.decode()
    assert (
        "导入后重新评估：完成" in fragment and "已重新评估 1 个规划" in fragment and "hx-get" not in fragment
    )
    # the page lists it among the recent imports afterwards
    assert "导入后重新评估：完成" in client.get("/data/import/").content.decode()
    # equal to what a full assessment stores now
    full, _ = run_assessment(plan=w.plan, region=w.county)
    assert stored(full, w).value == 13.0 and stored(full, w).status == stored(run, w).status


def test_an_import_that_changes_nothing_queues_nothing(client, data, settings):
    settings.TASKS = IMMEDIATE
    w = data
    page = upload(client, w.users["monitor"], history(w, "14.2")).content.decode()
    assert "未变 1 个" in page and "无需重新评估" in page
    assert not ImportReassessment.objects.exists()


def test_a_failed_reassessment_shows_and_can_be_retried(client, data, settings):
    settings.TASKS = IMMEDIATE
    w = data
    run, _ = run_assessment(plan=w.plan, region=w.county)
    Indicator.objects.filter(pk=w.mmr.pk).update(
        milestones=[{"year": "二〇二五", "value": "x"}]
    )  # unreadable
    page = upload(client, w.users["monitor"], history(w)).content.decode()
    item = ImportReassessment.objects.get()
    assert item.state == "failed" and "导入的数据已保存，可在此重试" in item.error
    assert "导入后重新评估：失败" in page and "重试" in page
    assert stored(run, w).value == pytest.approx(14.2)  # the run is as it was; the data are stored
    Indicator.objects.filter(pk=w.mmr.pk).update(milestones=[])
    fragment = client.post(f"/evaluation/reassessments/{item.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "导入后重新评估：完成" in fragment
    item.refresh_from_db()
    assert item.state == "done" and item.attempts == 2 and stored(run, w).value == 13.0
    # a done one is not retried
    client.post(f"/evaluation/reassessments/{item.pk}/")
    item.refresh_from_db()
    assert item.attempts == 2


def test_others_do_not_see_the_status(client, data, settings):
    settings.TASKS = DATABASE
    w = data
    upload(client, w.users["monitor"], history(w))
    item = ImportReassessment.objects.get()
    client.force_login(w.users["admin"])  # the office of the same county
    assert client.get(f"/evaluation/reassessments/{item.pk}/").status_code == 200
    for name, code in (("other_monitor", 404), ("health", 403), ("leader", 403)):
        client.force_login(w.users[name])
        assert client.get(f"/evaluation/reassessments/{item.pk}/").status_code == code
        assert client.post(f"/evaluation/reassessments/{item.pk}/").status_code == code


def test_cli_history_and_sdmx_imports_reassess(data, settings, tmp_path):
    settings.TASKS = IMMEDIATE
    w = data
    run, _ = run_assessment(plan=w.plan, region=w.county)
    path = tmp_path / "h.csv"
    path.write_bytes(history(w, "12.5"))
    out = CliRunner().invoke(cli, ["data", "import", str(path), "--user", "monitor1"])
    assert out.exit_code == 0, out.output
    assert "重新评估：已重新评估 1 个规划" in out.output and stored(run, w).value == 12.5
    # the SDMX import goes through the same store, and so re-assesses too
    ImportReassessment.objects.all().delete()
    sdmx = tmp_path / "obs.csv"
    sdmx.write_text(f"{SDMX_HEADER}\ndataflow,PLANWATCH:WCDP(1.0.0),M,500116,PW-{w.mmr.pk},_T,_T,_T,2024,12.25,"
                    "PER_100000,A\n", encoding="utf-8")  # fmt: skip
    out = CliRunner().invoke(cli, ["data", "import-sdmx", str(sdmx), "--user", "monitor1"])
    assert out.exit_code == 0, out.output
    assert "重新评估：已重新评估 1 个规划" in out.output
    assert ImportReassessment.objects.get().source == "sdmx" and stored(run, w).value == 12.25


def test_the_bulk_import_without_reassessment(data, settings):
    settings.TASKS = IMMEDIATE
    w = data
    result = bulk.import_series(history(w), "h.csv", w.users["monitor"], reassess=False)
    assert result.changed == {(w.mmr.pk, w.county.pk, 2024)} and result.reassessment is None
    assert not ImportReassessment.objects.exists()
