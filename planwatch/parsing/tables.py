"""专栏 indicator tables whose cells are flattened one per line.

The header row tells which columns exist (类别, 序号, 指标名称（单位）, 2030年目标值 / 2030年规划 /
2025年目标值, 指标属性, 责任单位). Rows are then read by what each cell looks like, not by position,
because copies drop empty cells: a row may lack 类别 (only the first row of a category prints it), 序号
(a second sub-row under one number), 指标属性 or 责任单位, and one target can be split over two lines
("巩固" / "提高").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.domain.units import VALUE_SUFFIX_PATTERN

from . import model
from .para import Para

_HEADER = re.compile(
    r"^(?:类别|领域|类型|序号|编号|指标名称.*|指标|(?:\d{4}年)?(?:目标值|规划值?|目标|预期值|规划目标).*|\d{4}年.*|"
    r"基期值|基准值|基数|现状值|指标属性|属性|性质|责任单位|牵头单位|责任部门|牵头部门|主要责任单位|备注)$"
)
_TARGET_COLUMN = re.compile(r"^(?:(\d{4})年)?.*(?:目标|规划|预期)|^(\d{4})年?$")
_BASELINE_COLUMN = re.compile(r"基期|基准|基数|现状|现值|^(\d{4})年(?:基[期数准]|现状|实际)")
_SEQ = re.compile(r"^\d{1,3}$")
_NUMBER_CELL = re.compile(rf"^(\d+(?:\.\d+)?)\s*(?:{VALUE_SUFFIX_PATTERN})?$")
_ATTRIBUTE = re.compile(r"^(约束性|预期性)$")
_ATTRIBUTES = {"约束性": "binding", "预期性": "expected"}
_UNIT_BRACKET = re.compile(r"[（(][^（()）]{1,12}[)）]$")
_NAME_END = re.compile(
    r"(?:率|比|比例|占比|比重|寿命|年限|人数|数|覆盖面|人次|时间|水平|指数|面积|天数|长度)$"
)
_TARGET_START = re.compile(
    r"^(?:[≥≤<>=≧≦~～]|\d|不低于|不高于|不超过|低于|高于|超过|达到|保持|稳定|控制|逐[年步]|稳步|持续|明显|显著|"
    r"不断|进一步|有效|大幅|较大|提[高升]|降低|下降|减少|增加|增长|巩固|趋于|得到|实现|全覆盖|全面|基本|普及|"
    r"消除|缩小|扩大|上升|改善|力争|争取|保障|—|-)"
)
_DEPARTMENT = re.compile(
    r"(?:委|局|会|院|办|部|厅|署|联|团|政府|中心|分局|法院|检察院|队|站|所|公司|协会|集团|办公室)(?:[、，,；;\s]|$)"
)
_CATEGORY = re.compile(r"^(?:妇女|儿童|女性|未成年人)(?:与|参与)\S{1,8}$")
_STOP = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}(?:章|节|部分)|专栏|注[:：])"
)


@dataclass
class Columns:
    names: list[str]

    @property
    def values(self) -> list[tuple[str, int | None]]:
        """The value columns in order: ("baseline", year) and ("target", year) ("2030年目标值" → 2030)."""
        out: list[tuple[str, int | None]] = []
        for name in self.names:
            year = re.match(r"^(\d{4})", name)
            if _BASELINE_COLUMN.search(name):
                out.append(("baseline", int(year.group(1)) if year else None))
            elif not name.startswith("指标") and _TARGET_COLUMN.match(name):
                out.append(("target", int(year.group(1)) if year else None))
        return out or [("target", None)]

    @property
    def year(self) -> int | None:
        """Year of the (last) target column."""
        years = [y for kind, y in self.values if kind == "target" and y]
        return max(years) if years else None

    @property
    def has_category(self) -> bool:
        return any(n in {"类别", "领域", "类型"} for n in self.names)

    @property
    def has_department(self) -> bool:
        return any("单位" in n or "部门" in n for n in self.names if not n.startswith("指标名称"))


@dataclass
class Row:
    category: str | None
    seq: int | None
    name: Para
    values: list[str] = field(default_factory=list)  # value cells in column order (baseline, targets)
    attribute: str = ""
    departments: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)


@dataclass
class Table:
    title: str
    first: int  # index of the first header cell in the paragraph list
    end: int  # index just after the last cell
    columns: Columns
    rows: list[Row] = field(default_factory=list)


def is_header_cell(text: str) -> bool:
    return len(text) <= 20 and bool(_HEADER.match(text))


def is_name_like(text: str) -> bool:
    return bool(_UNIT_BRACKET.search(text) or _NAME_END.search(text) or "率" in text)


def is_target_like(text: str) -> bool:
    return len(text) <= 30 and bool(_TARGET_START.match(text)) and not _UNIT_BRACKET.search(text)


def is_department_like(text: str) -> bool:
    return not is_name_like(text) and not is_target_like(text) and bool(_DEPARTMENT.search(text))


def _is_cell(text: str) -> bool:
    return len(text) <= 80 and "。" not in text and not _STOP.match(text)


def find_tables(paras: list[Para]) -> list[Table]:
    """Every indicator table: a run of ≥3 header cells (with 指标名称) followed by cells."""
    tables: list[Table] = []
    i = 0
    n = len(paras)
    while i < n:
        if not is_header_cell(paras[i].text):
            i += 1
            continue
        j = i
        while j < n and is_header_cell(paras[j].text):
            j += 1
        names = [p.text for p in paras[i:j]]
        if j - i < 3 or not any(x.startswith("指标") for x in names):
            i = j
            continue
        end = j
        while end < n and _is_cell(paras[end].text):
            end += 1
        title = ""
        for k in range(i - 1, max(i - 4, -1), -1):
            if paras[k].text.startswith("专栏"):
                title = paras[k].text
                break
        table = Table(title, i, end, Columns(names))
        table.rows = read_rows(paras[j:end], table.columns)
        tables.append(table)
        i = end
    return tables


def mark_tables(paras: list[Para]) -> None:
    """Flag table cells so that the line joiner leaves them alone."""
    for table in find_tables(paras):
        for p in paras[table.first : table.end]:
            p.in_table = True


def read_rows(cells: list[Para], columns: Columns) -> list[Row]:
    """Read rows by what each cell looks like (see the module docstring for why not by position)."""
    rows: list[Row] = []
    category: str | None = None
    pending_seq: int | None = None
    row: Row | None = None
    wanted = len(columns.values)
    state = "start"  # start | values | attribute | department
    for k, cell in enumerate(cells):
        t = cell.text
        following = cells[k + 1].text if k + 1 < len(cells) else ""
        if row is not None and state == "values":
            if len(row.values) < wanted and not _ATTRIBUTE.match(t) and not is_department_like(t):
                row.values.append(t)  # still inside the value columns: even a bare "2" is a value here
                row.cells.append(t)
                continue
            if is_target_like(t) and not is_name_like(t) and not _SEQ.match(t) and len(t) <= 12:
                row.values[-1] += t  # a target split over two lines: "巩固" / "提高"
                row.cells.append(t)
                continue
        if row is not None and state == "values" and _ATTRIBUTE.match(t):
            row.attribute, state = _ATTRIBUTES[t], "attribute"
            row.cells.append(t)
            continue
        if (
            row is not None
            and state in {"values", "attribute"}
            and columns.has_department
            and is_department_like(t)
        ):
            row.departments = [d for d in re.split(r"[、，,；;\s]+", t) if d]
            row.cells.append(t)
            state = "department"
            continue
        if columns.has_category and (
            _CATEGORY.match(t)
            or (
                len(t) <= 8
                and not is_name_like(t)
                and not _SEQ.match(t)
                and not is_target_like(t)
                and not _ATTRIBUTE.match(t)
                # a short name without unit ("区级文明家庭") is followed by its target, a category is not
                and not (is_target_like(following) and not _SEQ.match(following))
            )
        ):
            category, state = t, "start"
            continue
        if _SEQ.match(t):
            pending_seq, state = int(t), "start"
            continue
        if _ATTRIBUTE.match(t) or is_target_like(t) and not is_name_like(t):
            continue  # a stray cell we cannot place; never turn it into an indicator name
        row = Row(category, pending_seq, cell, cells=[t])
        rows.append(row)
        pending_seq, state = None, "values"
    return rows


def _assign(values: list[str], columns: list[tuple[str, int | None]]) -> list[tuple[str, int | None, str]]:
    """Value cells → their columns. Fewer cells than columns: the cells are the LAST columns (an empty
    baseline cell is dropped by the copy, a target never is)."""
    cols = columns[len(columns) - len(values) :] if len(values) < len(columns) else columns
    return [(kind, year, text) for (kind, year), text in zip(cols, values, strict=False)]


def table_indicators(table: Table, *, plan_end_year: int) -> list[model.Indicator]:
    """Indicators of one table (origin "table", seq as printed, line of the name cell).

    The last target column is the target; earlier target columns (2025年 next to 2030年) are milestones; a
    baseline column (2020年基数, 基期值) gives the baseline when it holds a number.
    """
    from .targets import parse_target
    from .vocab import infer_direction, split_name_unit

    out: list[model.Indicator] = []
    start_year = plan_end_year - 10 if plan_end_year else None
    for row in table.rows:
        name, unit = split_name_unit(row.name.text)
        direction = infer_direction(name)
        cells = _assign(row.values, table.columns.values)
        targets = [(year or plan_end_year, text) for kind, year, text in cells if kind == "target"]
        if not targets:
            targets = [(plan_end_year, "")]
        year, text = targets[-1]
        parsed = parse_target(text, direction=direction, year=year, unit=unit, table_cell=True)
        target = parsed.target
        unit = unit or parsed.unit
        # approx / ratio targets and "about equal to another quantity" are neutral
        direction = infer_direction(name, target.kind, target.comparator)
        milestones = list(parsed.milestones)
        for m_year, m_text in targets[:-1]:
            milestones.append(
                parse_target(m_text, direction=direction, year=m_year, unit=unit, table_cell=True).target
            )
        baseline = None
        for kind, b_year, b_text in cells:
            m = _NUMBER_CELL.match(b_text) if kind == "baseline" else None
            if m:
                baseline = model.Baseline(b_year or start_year or 0, float(m.group(1)), b_text, row.name.line)
        out.append(
            model.Indicator(
                name=name,
                target=target,
                area=row.category,
                unit=unit,
                attribute=row.attribute,
                direction=direction,
                milestones=milestones,
                baseline=baseline,
                departments=row.departments,
                line=row.name.line,
                seq=row.seq,
                origin="table",
                source_text=" | ".join(row.cells),
            )
        )
    return out
