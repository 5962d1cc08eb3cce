"""数据报表: opened with openpyxl, sheets, cells and statuses against the input data, layout for printing."""

import io

import openpyxl
import pytest

from planwatch.domain import statuses
from planwatch.reports import build_data_tables


@pytest.fixture(scope="module")
def book(annual):
    return openpyxl.load_workbook(io.BytesIO(build_data_tables(annual)))


def test_one_sheet_per_area_and_the_compendium(book, annual):
    assert book.sheetnames == [*annual.areas, "统计资料"]


def rows_of(ws):
    return [[c.value for c in row] for row in ws.iter_rows(min_row=4)]


def test_every_indicator_year_and_cell_with_statuses(book, annual):
    ws = book["妇女与健康"]
    years = [ws.cell(row=3, column=c).value for c in range(6, 9)]
    assert years == ["2021年", "2022年", "2023年"]
    assert ws.cell(row=2, column=6).value == "数值" and ws.cell(row=2, column=9).value == "状态"
    rows = rows_of(ws)
    mmr = next(r for r in rows if r[1] == "孕产妇死亡率")
    assert mmr[2] == "1/10万" and mmr[3] == "约束性" and mmr[4] == "合计"
    assert mmr[5:8] == [9.0, 8.6, 7.5]
    assert mmr[10] == "达标"  # 2023 status
    health = [i for i in annual.indicators if i.area == "妇女与健康"]
    assert {r[1] for r in rows} == {i.name for i in health}
    status_col = [ws.cell(row=2, column=c).value for c in range(1, ws.max_column + 1)].index("2023年状态")
    for i in health:
        row = next(r for r in rows if r[1] == i.name and r[4] == "合计")
        assert row[status_col] == statuses.label(i.status)  # the sheet shows the label of the code
        assert row[status_col - 2] == i.target


def test_compendium_has_the_year_values(book, annual):
    ws = book["统计资料"]
    assert ws["A1"].value == "2023年A县妇女儿童统计资料"
    header = [c.value for c in ws[2]]
    data = {r[1]: r for r in ([c.value for c in row] for row in ws.iter_rows(min_row=3))}
    for i in annual.indicators:
        assert data[i.name][header.index("2023年")] == i.value
        assert data[i.name][header.index("状态")] == statuses.label(i.status)
    assert data["村委会成员中女性比例"][header.index("比上年")] == "下降1个百分点"


def test_frozen_headers_and_print_layout(book):
    for ws in book.worksheets:
        assert ws.freeze_panes is not None
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows
        assert "&P" in ws.oddFooter.center.text
    assert book["妇女与健康"].freeze_panes == "F4"


def test_sheet_names_are_valid_and_unique():
    from planwatch.reports.xlsx import sheet_title

    taken = set()
    assert sheet_title("妇女与健康/安全[试]", taken) == "妇女与健康安全试"
    assert sheet_title("妇女与健康/安全[试]", taken) == "妇女与健康安全试2"
    assert len(sheet_title("很" * 40, taken)) <= 31


def test_a_change_across_a_gap_names_the_year_in_the_tables():
    from planwatch.reports import build_annual_report
    from planwatch.reports.annual import appendix_rows
    from planwatch.reports.model import AnnualReportData, CellSeries, IndicatorResult

    gap = IndicatorResult(key="k", name="孕产妇死亡率", area="妇女与健康", unit="1/10万", kind="numeric_max",
                          value=7.2, prev_year=2015, change=-1.8, change_pct=-20.0, status="met",
                          cells=[CellSeries(values={2015: 9.0, 2023: 7.2})])  # fmt: skip
    data = AnnualReportData(
        plan_title="测试规划", region="A县", year=2023, period=(2021, 2030), indicators=[gap]
    )
    ws = openpyxl.load_workbook(io.BytesIO(build_data_tables(data)))["统计资料"]
    header = [c.value for c in ws[2]]
    assert ws.cell(row=3, column=header.index("比上年") + 1).value == "比2015年降低20%"
    assert appendix_rows(data)[0][8] == "比2015年降低20%"
    assert build_annual_report(data)[:2] == b"PK"
