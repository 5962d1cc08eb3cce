"""The task workbook: template structure, round trip, identical results to the form, rejection lists."""

import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from planwatch.apps.reporting import excel, services
from planwatch.apps.reporting.models import Observation, ObservationHistory, Task, TaskEvent
from planwatch.domain.cells import FEMALE, MALE, RURAL, TOTAL, URBAN, age_cell
from planwatch.reporting_rules import RawCell, RowInput


def rows_by_name(ws) -> dict[str, int]:
    return {ws.cell(r, excel.COL["指标名称"]).value: r for r in range(excel.FIRST_ROW, ws.max_row + 1)}


def fill(task, values: dict[str, dict[str, object]]) -> bytes:
    """A filled copy of the task's template: {indicator name: {column title: value}}."""
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    ws = wb[excel.SHEET]
    where = rows_by_name(ws)
    for name, cells in values.items():
        for title, value in cells.items():
            ws.cell(where[name], excel.COL[title], value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


KIDS = {"合计": 100, "女": 60, "男": 40, "城镇": 70, "农村": 30}


def test_template_is_prefilled_locked_and_validated(world, tasks):
    task = tasks["区教委"]
    Observation.objects.create(indicator=world.enrol, region=world.county, year=2022, value=88.5)
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    ws = wb[excel.SHEET]
    assert [c.value for c in ws[excel.HEADER_ROW]] == excel.HEADERS
    where = rows_by_name(ws)
    assert set(where) == {"在园幼儿数", "  其中：3岁", "  其中：4-5岁", "学前教育毛入园率"}
    enrol = where["学前教育毛入园率"]
    assert ws.cell(enrol, excel.COL["上年值"]).value == 88.5
    assert ws.cell(enrol, excel.COL["单位"]).value == "%"
    assert ws.protection.sheet
    assert ws.cell(enrol, excel.COL["合计"]).protection.locked is False
    assert ws.cell(enrol, excel.COL["女"]).protection.locked is True  # not asked for by sex
    assert ws.cell(enrol, excel.COL["指标名称"]).protection.locked is True
    assert ws.cell(where["在园幼儿数"], excel.COL["农村"]).protection.locked is False
    validations = ws.data_validations.dataValidation
    assert validations and validations[0].type == "decimal"
    assert f"H{enrol}" in str(validations[0].sqref)
    assert wb[excel.META].sheet_state == "hidden"
    assert excel.workbook_task_id(excel.build_template(task)) == task.pk


def test_upload_stores_the_workbook(world, tasks):
    task, user = tasks["区教委"], world.users["education"]
    data = fill(task, {"在园幼儿数": KIDS, "  其中：3岁": {"合计": 30}, "学前教育毛入园率": {"合计": "91.5"}})
    excel.import_task_workbook(task, data, user, filename="教委.xlsx")
    stored = {
        (o.sex, o.area_type, o.age_group): o.value for o in Observation.objects.filter(indicator=world.kids)
    }
    assert stored[("female", "total", "")] == 60 and stored[("total", "urban", "")] == 70
    assert stored[("total", "total", "3岁")] == 30
    assert Observation.objects.get(indicator=world.enrol).value == 91.5
    assert TaskEvent.objects.filter(task=task, kind="uploaded").count() == 1
    assert set(ObservationHistory.objects.values_list("source", flat=True)) == {"excel"}
    # a second download shows what is stored
    again = load_workbook(io.BytesIO(excel.build_template(task)))[excel.SHEET]
    assert again.cell(rows_by_name(again)["在园幼儿数"], excel.COL["女"]).value == 60


def test_form_and_workbook_give_identical_results(world, tasks, db):
    task, user = tasks["区教委"], world.users["education"]
    rows = {
        world.kids.pk: RowInput(cells={TOTAL: RawCell("100"), FEMALE: RawCell("60"), MALE: RawCell("40"),
                                       URBAN: RawCell("70"), RURAL: RawCell("30"), age_cell("3岁"): RawCell("30"),
                                       age_cell("4-5岁"): RawCell("")}),
        world.enrol.pk: RowInput(cells={TOTAL: RawCell("91.5")}),
    }  # fmt: skip
    services.save_task_data(task, rows, user, source="form")

    def snapshot():
        return sorted(
            Observation.objects.values_list("indicator_id", "sex", "age_group", "area_type", "value", "numerator",
                                            "denominator", "explanation", "status")
        )  # fmt: skip

    by_form = snapshot()
    Observation.objects.all().delete()
    ObservationHistory.objects.all().delete()
    data = fill(task, {"在园幼儿数": KIDS, "  其中：3岁": {"合计": 30}, "学前教育毛入园率": {"合计": 91.5}})
    excel.import_task_workbook(task, data, user, filename="x.xlsx")
    assert snapshot() == by_form


def test_bad_workbook_is_rejected_whole_with_every_problem(world, tasks):
    task, user = tasks["区教委"], world.users["education"]
    data = fill(
        task,
        {"在园幼儿数": {**KIDS, "男": 30, "单位": "万人"}, "  其中：3岁": {"合计": 130},
         "学前教育毛入园率": {"合计": "九成"}},
    )  # fmt: skip
    with pytest.raises(services.ValidationFailed) as exc:
        excel.import_task_workbook(task, data, user, filename="bad.xlsx")
    text = "\n".join(str(p) for p in exc.value.problems)
    assert "「在园幼儿数」E4（单位）" in text and "单位不符" in text
    assert "「在园幼儿数」H4（合计）" in text and "分性别合计不符" in text
    assert "H5（3岁）" in text and "分组大于合计" in text
    assert "「学前教育毛入园率」H7（合计）：「九成」不是数字" in text
    assert not Observation.objects.exists()
    assert Task.objects.get(pk=task.pk).status == Task.Status.PENDING


def test_workbook_of_another_task_is_refused(world, tasks):
    health, education = tasks["区卫生健康委"], tasks["区教委"]
    data = fill(health, {"孕产妇死亡率": {"合计": 10}})
    with pytest.raises(services.ValidationFailed) as exc:
        excel.import_task_workbook(education, data, world.users["education"], filename="卫健.xlsx")
    assert exc.value.problems[0].rule == "模板不符"
    assert not Observation.objects.exists()


def test_foreign_rows_and_edited_headers_are_refused(world, tasks):
    task = tasks["区教委"]
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    ws = wb[excel.SHEET]
    ws.cell(ws.max_row + 1, 1, str(world.mmr.pk))  # a health indicator smuggled in
    ws.cell(ws.max_row, excel.COL["指标名称"], "孕产妇死亡率")
    ws.cell(ws.max_row, excel.COL["合计"], 5)
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(services.ValidationFailed) as exc:
        excel.import_task_workbook(task, buf.getvalue(), world.users["education"], filename="x.xlsx")
    assert [p.rule for p in exc.value.problems] == ["无权填报"]
    ws.cell(excel.HEADER_ROW, excel.COL["合计"], "总数")
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(services.ValidationFailed) as exc:
        excel.import_task_workbook(task, buf.getvalue(), world.users["education"], filename="x.xlsx")
    assert exc.value.problems[0].rule == "表头被修改"


def test_not_a_workbook(world, tasks):
    with pytest.raises(services.ValidationFailed) as exc:
        excel.import_task_workbook(tasks["区教委"], b"hello", world.users["education"], filename="a.xlsx")
    assert exc.value.problems[0].rule == "文件无法读取"


def test_unreadable_workbooks_are_explained_in_chinese(world, tasks):
    """A foreign workbook or a file that is not Excel at all gets a Chinese reason, not a library class name."""
    other = Workbook()
    other.active["A1"] = "hello"
    buf = io.BytesIO()
    other.save(buf)
    for data, expected in [(buf.getvalue(), "缺少工作表「填报表」"), (b"hello", "不是 Excel 工作簿")]:
        with pytest.raises(services.ValidationFailed) as exc:
            excel.import_task_workbook(tasks["区教委"], data, world.users["education"], filename="a.xlsx")
        message = exc.value.problems[0].message
        assert expected in message
        assert not re.search(r"[A-Za-z]{4,}", message.replace("Excel", "").replace(".xlsx", "")), message
