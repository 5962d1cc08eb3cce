"""数据报表 (.xlsx, openpyxl): one sheet per area with every indicator × disaggregation as rows and every
year's value and status as columns, then the 统计资料 compendium of the report year. Frozen headers, A4
landscape fitted to the page width, header rows repeated on every printed page, page numbers."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from planwatch.domain import statuses

from . import narrative as nv
from .docx import Progress
from .model import ATTRIBUTE_LABELS, SAMPLE_NOTICE, AnnualReportData, IndicatorResult

FONT = "Noto Sans CJK SC"
STATUS_FILLS = {  # by status code; the cells show the Chinese label
    statuses.MET.code: "DCEFE3",
    statuses.NEAR.code: "FFF2CC",
    statuses.NOT_MET.code: "F8D7DA",
    statuses.NO_DATA.code: "EEEEEE",
    statuses.NOT_ASSESSABLE.code: "E2E6EF",
}
HEADER_FILL = PatternFill("solid", fgColor="E7ECF3")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    base = BAD_SHEET_CHARS.sub("", name)[:28] or "领域"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:26]}{n}", n + 1
    taken.add(title)
    return title


def years_of(data: AnnualReportData) -> list[int]:
    years = {y for i in data.indicators for c in i.cells for y in c.values if y <= data.year}
    return list(range(min(years), data.year + 1)) if years else [data.year]


def write_tables(data: AnnualReportData, progress: Progress = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    years = years_of(data)
    for k, area in enumerate(data.areas):
        if progress:
            progress(0.9 * k / max(len(data.areas), 1), f"数据报表：{area}")
        area_sheet(wb.create_sheet(sheet_title(area, taken)), data, area, years)
    if progress:
        progress(0.92, "统计资料")
    compendium_sheet(wb.create_sheet(sheet_title("统计资料", taken)), data)
    buf = io.BytesIO()
    wb.save(buf)
    if progress:
        progress(1.0, "完成")
    return buf.getvalue()


def _header(ws, row: int, values: list[str]) -> None:
    for col, text in enumerate(values, start=1):
        c = ws.cell(row=row, column=col, value=text)
        c.font = Font(name=FONT, bold=True, size=10)
        c.fill = HEADER_FILL
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title(ws, text: str, sample: bool) -> None:
    """The sheet's title in A1; a sheet of 示例数据 says so in red in the title and the printed header/footer."""
    c = ws.cell(row=1, column=1, value=f"{text}（{SAMPLE_NOTICE}）" if sample else text)
    c.font = Font(name=FONT, bold=True, size=13, color="C00000" if sample else None)
    if sample:
        ws.oddHeader.left.text = SAMPLE_NOTICE
        ws.oddHeader.left.color = "C00000"
        ws.oddFooter.left.text = SAMPLE_NOTICE
        ws.oddFooter.left.color = "C00000"


def _print_layout(ws, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.center.text = "&A"


def _body(cell, status: str | None = None, number: bool = False) -> None:
    cell.font = Font(name=FONT, size=10)
    cell.border = BORDER
    cell.alignment = Alignment(
        horizontal="right" if number else "left", vertical="center", wrap_text=not number
    )
    if status in STATUS_FILLS:
        cell.fill = PatternFill("solid", fgColor=STATUS_FILLS[status])


def area_sheet(ws, data: AnnualReportData, area: str, years: list[int]) -> None:
    fixed = ["序号", "指标", "单位", "属性", "分组"]
    tail = ["目标", "目标年", f"{data.year}年状态", "阶段目标", "预警", "责任单位"]
    _title(ws, f"{data.region}{data.year}年妇女儿童发展规划监测数据报表 · {area}", data.sample)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fixed) + 2 * len(years) + len(tail))
    n_years = len(years)
    _header(ws, 2, [*fixed, "数值", *[""] * (n_years - 1), "状态", *[""] * (n_years - 1), *tail])
    _header(ws, 3, [""] * len(fixed) + [f"{y}年" for y in years] * 2 + [""] * len(tail))
    for col in range(1, len(fixed) + 1):
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    first = len(fixed) + 1
    ws.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + n_years - 1)
    ws.merge_cells(start_row=2, start_column=first + n_years, end_row=2, end_column=first + 2 * n_years - 1)
    for k in range(len(tail)):
        col = first + 2 * n_years + k
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    row = 4
    for n, ind in enumerate(data.in_area(area), start=1):
        cells = ind.cells or []
        if not cells:
            _indicator_row(ws, row, n, ind, None, years, data.year)
            row += 1
        for cell in cells:
            _indicator_row(ws, row, n, ind, cell, years, data.year)
            row += 1
    widths = [5, 30, 8, 7, 10, *[9] * (2 * n_years), 14, 7, 9, 16, 20, 18]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=4, column=first)
    _print_layout(ws, "2:3")


def _indicator_row(ws, row: int, n: int, ind: IndicatorResult, cell, years: list[int], year: int) -> None:
    headline = cell is None or cell.is_headline
    fixed = [n, ind.name, ind.unit, ATTRIBUTE_LABELS.get(ind.attribute, "未标注"),
             cell.label if cell else "合计"]  # fmt: skip
    for col, value in enumerate(fixed, start=1):
        _body(ws.cell(row=row, column=col, value=value), number=col == 1)
    col = len(fixed) + 1
    for y in years:
        v = cell.values.get(y) if cell else None
        c = ws.cell(row=row, column=col, value=v)
        _body(c, number=True)
        c.number_format = "0.0##"
        col += 1
    for y in years:
        st = cell.statuses.get(y) if cell else None
        _body(ws.cell(row=row, column=col, value=statuses.label(st) if st else None), status=st)
        col += 1
    status = cell.statuses.get(year, statuses.NO_DATA.code) if cell else ind.status
    status = status if not headline else ind.status
    tail = [ind.target, ind.target_year, statuses.label(status),
            f"{ind.milestone_year}年{ind.milestone_target}：{statuses.label(ind.milestone_status)}" if headline and ind.milestone_status else "",
            "、".join(nv.warning_labels(ind) if headline else nv.labels_of(cell.warnings)), "、".join(ind.departments)]  # fmt: skip
    for k, value in enumerate(tail):
        _body(ws.cell(row=row, column=col + k, value=value), status=status if k == 2 else None)


def compendium_sheet(ws, data: AnnualReportData) -> None:
    """统计资料: the year's figures of every indicator on one sheet, as the yearbook prints them."""
    _title(ws, f"{data.year}年{data.region}妇女儿童统计资料", data.sample)
    header = ["领域", "指标", "单位", f"{data.year}年", f"{data.year - 1}年", "比上年", "基期年", "基期值", "目标",
              "状态", "女", "男", "城镇", "农村"]  # fmt: skip
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    _header(ws, 2, header)
    row = 3
    for ind in data.indicators:

        def at(sex="total", area_type="total", ind=ind):
            c = ind.cell(sex=sex, area_type=area_type)
            return c.values.get(data.year) if c else None

        values = [ind.area, ind.name, ind.unit, ind.value, ind.history.get(data.year - 1),
                  nv.change_cell(ind, data.year),
                  ind.baseline_year, ind.baseline_value, ind.target, statuses.label(ind.status), at(sex="female"), at(sex="male"),
                  at(area_type="urban"), at(area_type="rural")]  # fmt: skip
        for col, value in enumerate(values, start=1):
            c = ws.cell(row=row, column=col, value=value)
            _body(c, status=ind.status if col == 10 else None, number=isinstance(value, (int, float)))
            if isinstance(value, float):
                c.number_format = "0.0##"
        row += 1
    for col, width in enumerate([14, 32, 8, 10, 10, 14, 8, 9, 14, 9, 9, 9, 9, 9], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "C3"
    _print_layout(ws, "2:2")
