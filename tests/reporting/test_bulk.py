"""Bulk import of historical series from CSV / Excel."""

import io

import pytest
from openpyxl import Workbook

from planwatch.apps.reporting import bulk
from planwatch.apps.reporting.models import Observation, ObservationHistory
from planwatch.apps.reporting.services import ValidationFailed


def csv_bytes(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def test_csv_series_2010_2020(world):
    lines = ["地区代码,指标ID,年份,合计,女,男"]
    lines += [f"500116,{world.kids.pk},{y},{100 + y - 2010},{50 + y - 2010},50" for y in range(2010, 2021)]
    result = bulk.import_series(csv_bytes(lines), "series.csv", world.users["admin"])
    assert result.rows == 11 and result.created == 33
    assert Observation.objects.approved().filter(indicator=world.kids).count() == 33
    assert Observation.objects.get(indicator=world.kids, year=2020, sex="female").value == 60
    assert ObservationHistory.objects.filter(source="import").count() == 33
    # importing again changes nothing; a corrected value is updated with its trace
    lines[-1] = f"500116,{world.kids.pk},2020,111,61,50"
    again = bulk.import_series(csv_bytes(lines), "series.csv", world.users["admin"])
    assert again.updated == 2 and again.created == 0
    h = ObservationHistory.objects.get(year=2020, cell="total", old="110")
    assert h.new == "111"


def test_excel_series_by_indicator_name_and_gbk_csv(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["地区代码", "指标名称", "年份", "合计", "分子", "分母"])
    ws.append(["500116", "住院分娩率", 2015, 99.1, 991, 1000])
    buf = io.BytesIO()
    wb.save(buf)
    bulk.import_series(buf.getvalue(), "h.xlsx", world.users["monitor"], plan=world.plan)
    obs = Observation.objects.get(indicator=world.hosp, year=2015)
    assert (obs.value, obs.numerator, obs.denominator) == (99.1, 991, 1000)
    gbk = csv_bytes(["地区代码,指标ID,年份,合计", f"500116,{world.mmr.pk},2012,15.2"], "gb18030")
    bulk.import_series(gbk, "g.csv", world.users["monitor"])
    assert Observation.objects.get(indicator=world.mmr, year=2012).value == 15.2


def test_bad_series_lists_every_problem_and_stores_nothing(world):
    lines = [
        "地区代码,指标ID,年份,合计,女,男",
        f"500116,{world.kids.pk},2010,100,60,30",
        f"999999,{world.kids.pk},2011,100,50,50",
        f"500116,{world.enrol.pk},2012,151,,",
        f"500116,{world.kids.pk},二〇一三,1,,",
        f"500116,{world.kids.pk},2014,-1,,",
        f"500116,{world.kids.pk},2015,5,,",
        f"500116,{world.kids.pk},2015,5,,",
        "500116,123456,2015,5,,",
        f"500104,{world.kids.pk},2016,5,,",
    ]
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(csv_bytes(lines), "bad.csv", world.users["admin"])
    rules = [p.rule for p in exc.value.problems]
    assert rules == [
        "分性别合计不符",
        "地区不存在",
        "超出范围",
        "年份无效",
        "超出范围",
        "重复数据",
        "指标不存在",
        "无权导入",
    ]
    assert "第3行 A列" in str(exc.value.problems[1])
    assert not Observation.objects.exists()


def test_missing_columns_are_named(world):
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(csv_bytes(["地区,年份,合计"]), "x.csv", world.users["admin"])
    assert "缺少列：地区代码" in str(exc.value.problems[0])


def test_cells_reported_through_a_round_cannot_be_overwritten_by_import(world, tasks):
    from planwatch.apps.reporting import services
    from planwatch.domain.cells import TOTAL
    from planwatch.reporting_rules import RawCell, RowInput

    task = tasks["区卫生健康委"]
    services.save_task_data(task, {world.mmr.pk: RowInput(cells={TOTAL: RawCell("10")})}, world.users["health"],
                            source="form")  # fmt: skip
    lines = ["地区代码,指标ID,年份,合计", f"500116,{world.mmr.pk},2023,12"]
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(csv_bytes(lines), "h.csv", world.users["admin"])
    assert exc.value.problems[0].rule == "已在报送任务中"
    obs = Observation.objects.get(indicator=world.mmr, year=2023)
    assert (obs.value, obs.status) == (10, "draft")
    lines[-1] = f"500116,{world.mmr.pk},2023,10"
    with pytest.raises(ValidationFailed):  # still a draft: importing would approve it behind review's back
        bulk.import_series(csv_bytes(lines), "h.csv", world.users["admin"])


def test_a_file_that_is_neither_excel_nor_csv_is_explained_in_chinese(world):
    with pytest.raises(ValidationFailed) as exc:
        bulk.import_series(b"just some notes", "notes.txt", world.users["admin"])
    message = str(exc.value.problems[0])
    assert "不是有效的 Excel" in message and "notes.txt" in message
    assert "Cannot detect" not in message  # calamine's own English text is not shown
