"""The task workbook (填报模板): written with openpyxl, read back row by row within the upload limits
(planwatch.uploads).

One row per indicator (plus one row per required age group). Structure and reference cells are locked;
only the cells the indicator's assignment asks for are unlocked, and they accept numbers only. Column A
holds the row key (indicator id, or "id|age:组") and a hidden sheet ``_meta`` names the task, so an upload
can be matched to its task and rows to indicators whatever the user did to the visible text.
"""

from __future__ import annotations

import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planwatch.apps.accounts import permissions as perm
from planwatch.domain.cells import FEMALE, MALE, RURAL, TOTAL, URBAN, Cell, age_cell
from planwatch.reporting_rules import YOY_DEFAULTS_TEXT, Problem, RawCell, RowInput
from planwatch.uploads import SheetNotFound, TooLarge, UploadedWorkbook, UploadLimits, UploadRefused

from .models import Task
from .services import (
    ValidationFailed,
    WorkflowError,
    previous_values,
    save_task_data,
    stored_cells,
    task_assignments,
)

SHEET = "填报表"
META = "_meta"
MAGIC = "planwatch-task-workbook"
HEADER_ROW = 3
FIRST_ROW = 4
HEADERS = ["行标识", "序号", "领域", "指标名称", "单位", "目标", "上年值", "合计", "女", "男", "城镇", "农村",
           "分子", "分母", "波动说明", "数据来源"]  # fmt: skip
COL = {h: i + 1 for i, h in enumerate(HEADERS)}
CELL_COLUMNS = {TOTAL: "合计", FEMALE: "女", MALE: "男", URBAN: "城镇", RURAL: "农村"}
PASSWORD = "planwatch"  # sheet protection keeps the structure; it is not a secret

_thin = Side(style="thin", color="BBBBCC")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_LOCKED_FILL = PatternFill("solid", fgColor="EEEEF2")
_HEAD_FILL = PatternFill("solid", fgColor="B0306A")


def _fmt(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else v


def build_template(task: Task) -> bytes:
    """The workbook for one task, pre-filled with reference values and with what is already stored."""
    round_ = task.round
    assignments = task_assignments(task)
    ids = [a.indicator_id for a in assignments]
    previous = previous_values(task, ids)
    stored = stored_cells(task, ids, round_.year)

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["B1"] = f"{task.region.name} {round_.year} 年度 {round_.plan.title} 监测数据填报表"
    ws["B1"].font = Font(bold=True, size=14)
    ws["B2"] = (
        f"填报单位：{task.unit_name}    截止日期：{round_.deadline:%Y-%m-%d}    "
        f"只在白色单元格填写数字；灰色单元格已锁定。同比变化超过阈值（{YOY_DEFAULTS_TEXT}，"
        "工委办可按指标调整）须填写波动说明。"
    )
    for col, title in enumerate(HEADERS, start=1):
        c = ws.cell(HEADER_ROW, col, title)
        c.font, c.fill, c.border = Font(bold=True, color="FFFFFF"), _HEAD_FILL, _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center")

    numbers = DataValidation(
        type="decimal", operator="between", formula1="-1000000000000", formula2="1000000000000"
    )
    numbers.error, numbers.errorTitle, numbers.errorStyle = "请填写数字", "格式错误", "stop"
    numbers.prompt, numbers.promptTitle = "只能填写数字（不带单位）", "填写提示"
    numbers.showErrorMessage = numbers.showInputMessage = True
    ws.add_data_validation(numbers)

    row = FIRST_ROW
    for seq, a in enumerate(assignments, start=1):
        ind = a.indicator
        cells = stored.get(ind.pk, {})
        total = cells.get(TOTAL)
        prev = previous.get(ind.pk, {}).get(TOTAL)
        values = {
            "行标识": str(ind.pk), "序号": seq, "领域": ind.area.name if ind.area else "", "指标名称": ind.name,
            "单位": ind.unit, "目标": ind.target_text, "上年值": _fmt(prev), "数据来源": a.data_source,
            "波动说明": next((o.explanation for o in cells.values() if o.explanation), ""),
            "分子": _fmt(total.numerator) if total else None, "分母": _fmt(total.denominator) if total else None,
        }  # fmt: skip
        inputs = {"合计", "波动说明"}
        if a.by_sex:
            inputs |= {"女", "男"}
        if a.by_area:
            inputs |= {"城镇", "农村"}
        if a.with_fraction:
            inputs |= {"分子", "分母"}
        for cell, title in CELL_COLUMNS.items():
            if title in inputs and cell in cells:
                values[title] = _fmt(cells[cell].value)
        _write_row(ws, row, values, inputs, numbers)
        row += 1
        for group in a.age_group_list():
            obs = cells.get(age_cell(group))
            age_values = {"行标识": f"{ind.pk}|age:{group}", "指标名称": f"  其中：{group}", "单位": ind.unit,
                          "合计": _fmt(obs.value) if obs else None,
                          "上年值": _fmt(previous.get(ind.pk, {}).get(age_cell(group)))}  # fmt: skip
            _write_row(ws, row, age_values, {"合计"}, numbers)
            row += 1

    widths = {
        "行标识": 8,
        "序号": 6,
        "领域": 14,
        "指标名称": 40,
        "单位": 8,
        "目标": 22,
        "波动说明": 28,
        "数据来源": 16,
    }
    for title, col in COL.items():
        ws.column_dimensions[get_column_letter(col)].width = widths.get(title, 11)
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, COL["合计"])
    ws.protection.sheet = True
    ws.protection.password = PASSWORD
    ws.protection.formatColumns = False  # people may widen columns; they may not change content

    meta = wb.create_sheet(META)
    for r, (k, v) in enumerate(
        [("magic", MAGIC), ("task", task.pk), ("round", round_.pk), ("region", task.region.code),
         ("unit", task.unit_name), ("year", round_.year)], start=1):  # fmt: skip
        meta.cell(r, 1, k)
        meta.cell(r, 2, v)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    meta.protection.password = PASSWORD
    wb.security.lockStructure = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_row(ws, row: int, values: dict, inputs: set[str], numbers: DataValidation) -> None:
    for title, col in COL.items():
        c = ws.cell(row, col, values.get(title))
        c.border = _BORDER
        if title in inputs:
            c.protection = Protection(locked=False)
            if title != "波动说明":
                numbers.add(c.coordinate)
        else:
            c.fill = _LOCKED_FILL
        if title in ("指标名称", "目标", "波动说明"):
            c.alignment = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------- reading an upload


def _place(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def upload_limits() -> UploadLimits:
    return settings.PLANWATCH_UPLOAD_LIMITS


def _meta_task_id(book: UploadedWorkbook) -> int | None:
    try:
        meta = {str(r[0]): r[1] for r in book.rows(META) if len(r) >= 2}
    except SheetNotFound:
        return None
    if meta.get("magic") != MAGIC:
        return None
    try:
        return int(float(meta["task"]))
    except (KeyError, TypeError, ValueError):
        return None


def workbook_task_id(data: bytes, filename: str = "工作簿") -> int | None:
    """The task a workbook was made for, or None if it is not a task workbook (or no workbook at all).
    A file beyond the upload limits raises TooLarge: it must not be read as anything else either."""
    try:
        with UploadedWorkbook(data, filename, upload_limits()) as book:
            return _meta_task_id(book)
    except TooLarge:
        raise
    except UploadRefused:
        return None


def parse_task_workbook(task: Task, data: bytes, filename: str = "工作簿") -> dict[int, RowInput]:
    """Rows of an uploaded workbook, keyed by indicator id. Raises ValidationFailed listing every problem
    of structure (wrong task, edited header, unknown or foreign rows, missing rows), or naming the upload
    limit the file exceeds (nothing of it is read then)."""

    def fail(where: str, rule: str, message: str) -> ValidationFailed:
        return ValidationFailed([Problem(filename, where, rule, message)])

    try:
        with UploadedWorkbook(data, filename, upload_limits()) as book:
            owner = _meta_task_id(book)
            rows = book.rows(SHEET)
    except SheetNotFound as exc:
        raise fail(
            "整个文件", "文件无法读取", f"缺少工作表「{SHEET}」，不是本系统的填报模板：请下载本任务的模板填写"
        ) from exc
    except TooLarge as exc:
        raise fail("整个文件", exc.rule, exc.message) from exc
    except UploadRefused as exc:
        # The reader's reason is for any file; the reporter needs to know what to do.
        raise fail(
            "整个文件", "文件无法读取", "不是 Excel 工作簿（.xlsx）或文件已损坏：请下载本任务的模板填写"
        ) from exc
    if owner is None:
        raise fail("整个文件", "模板不符", "缺少模板标识：请下载本任务的模板填写，不要另存为其他格式")
    if owner != task.pk:
        raise fail(
            "整个文件", "模板不符", f"该工作簿是任务 {owner} 的模板，不能上传到本任务（{task.unit_name}）"
        )
    header = [str(v).strip() for v in (rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else [])][
        : len(HEADERS)
    ]
    if header != HEADERS:
        raise fail(f"第{HEADER_ROW}行", "表头被修改", "表头与模板不一致：请使用本任务的原始模板")

    assignments = {a.indicator_id: a for a in task_assignments(task)}
    problems: list[Problem] = []
    result: dict[int, RowInput] = {}

    def get(values: list, title: str, r: int) -> RawCell:
        i = COL[title] - 1
        v = values[i] if i < len(values) else None
        return RawCell(None if v == "" else v, _place(r, COL[title]))

    for r, values in enumerate(rows[FIRST_ROW - 1 :], start=FIRST_ROW):
        key = str(values[0]).strip() if values and values[0] not in (None, "") else ""
        if not key:
            if any(v not in (None, "") for v in values):
                problems.append(
                    Problem(filename, f"第{r}行", "模板不符", "行标识缺失：请勿插入行或改动 A 列")
                )
            continue
        iid_text, _, age = key.partition("|age:")
        try:
            iid = int(float(iid_text))
        except ValueError:
            problems.append(Problem(filename, _place(r, 1), "模板不符", f"行标识「{key}」无法识别"))
            continue
        a = assignments.get(iid)
        if a is None:
            name = str(values[COL["指标名称"] - 1]) if len(values) >= COL["指标名称"] else key
            problems.append(Problem(name.strip(), f"第{r}行", "无权填报", "该指标不属于本任务，不能填报"))
            continue
        row = result.setdefault(iid, RowInput())
        if age:
            if age not in a.age_group_list():
                problems.append(Problem(a.indicator.name, f"第{r}行", "模板不符", f"未要求分年龄组「{age}」"))
                continue
            row.cells[age_cell(age)] = get(values, "合计", r)
            continue
        row.unit_text = get(values, "单位", r)
        row.unit_text = RawCell(row.unit_text.raw or "", row.unit_text.place)
        wanted: list[Cell] = [TOTAL]
        wanted += [FEMALE, MALE] if a.by_sex else []
        wanted += [URBAN, RURAL] if a.by_area else []
        for cell in wanted:
            row.cells[cell] = get(values, CELL_COLUMNS[cell], r)
        if a.with_fraction:
            row.numerator, row.denominator = get(values, "分子", r), get(values, "分母", r)
        row.explanation = str(get(values, "波动说明", r).raw or "")
    for iid, a in assignments.items():
        if iid not in result:
            problems.append(Problem(a.indicator.name, "整行", "模板不符", "工作簿中缺少该指标的行"))
    if problems:
        raise ValidationFailed(problems)
    return result


def import_task_workbook(
    task: Task, data: bytes, user, *, filename: str, source: str = "excel", submit: bool = False
):
    """Parse and store an uploaded workbook: all cells or none."""
    if user is not None and not perm.can_edit_task(user, task):
        raise WorkflowError(f"{user.username} 无权填报任务 {task.pk}（{task.unit_name}）")
    rows = parse_task_workbook(task, data, filename)
    return save_task_data(task, rows, user, source=source, submit=submit, reason=f"上传 {filename}")
