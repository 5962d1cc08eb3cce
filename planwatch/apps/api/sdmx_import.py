"""SDMX-CSV import: the inverse of the export (sdmx.py), through the history import's validation, scope
and all-or-nothing store (reporting/bulk.py).

Each SDMX row is one cell (REF_AREA × INDICATOR × TIME_PERIOD × SEX/AGE/URBANISATION). The rows are checked
for what only this format can get wrong (unknown columns and codes, another data structure, deletions,
duplicates, a unit that is not the indicator's), then gathered into one history-import row per indicator ×
region × year; problems found later name the SDMX line (第N行 OBS_VALUE)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from planwatch import uploads
from planwatch.apps.dictionary.models import IndicatorLink
from planwatch.apps.plans.models import Indicator
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.bulk import AGE_PREFIX, BulkResult, import_table
from planwatch.apps.reporting.services import ProblemLog, ValidationFailed
from planwatch.domain.cells import AREA_LABELS, SEX_LABELS, Cell
from planwatch.reporting_rules import Problem

from . import sdmx

REQUIRED = ("REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE")
ACTIONS = {"", "M", "I", "R"}  # merge, information, replace: all add or update; D (delete) is not taken
SEXES = {v: k for k, v in sdmx.SEX_CODES.items()}  # F → female
AREAS = {v: k for k, v in sdmx.URBANISATION_CODES.items()}  # U → urban
MISSING = {"NaN", "NAN", "nan"}


@dataclass
class _Cell:
    line: int
    column: str  # the history import's value column (合计, 女, 年龄组:3岁 …)
    value: object


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def import_sdmx(data: bytes, filename: str, user, *, source: str = "sdmx") -> BulkResult:
    try:
        table = uploads.read_table(data, filename, settings.PLANWATCH_UPLOAD_LIMITS)
    except uploads.UploadRefused as exc:
        raise ValidationFailed([Problem(filename, "整个文件", exc.rule, exc.message)]) from exc
    if not table or not any(_text(v) for v in table[0]):
        raise ValidationFailed([Problem(filename, "整个文件", "格式错误", "文件为空")])
    header = [_text(h).upper() for h in table[0]]
    col = {h: i for i, h in enumerate(header) if h}
    unknown = [h for h in header if h and h not in sdmx.COLUMNS]
    missing = [c for c in REQUIRED if c not in col]
    if unknown or missing:
        parts = ([f"缺少列：{'、'.join(missing)}"] if missing else []) + (
            [f"未知的列：{'、'.join(unknown)}（SDMX-CSV 的列为 {'、'.join(sdmx.COLUMNS)}）"]
            if unknown
            else []
        )
        raise ValidationFailed([Problem(filename, "第1行（表头）", "格式错误", "；".join(parts))])

    regions = {r.code: r for r in Region.objects.all()}
    links: dict[str, list[int]] = {}
    for iid, code in IndicatorLink.objects.filter(accepted=True, entry__isnull=False).values_list(
        "indicator_id", "entry__code"
    ):
        links.setdefault(code, []).append(iid)
    indicators = {
        i.pk: i for i in Indicator.objects.select_related("plan").only("id", "unit", "plan__region_id")
    }
    problems = ProblemLog()
    groups: dict[tuple[str, int, str], dict[str, _Cell]] = {}
    seen: dict[tuple, int] = {}
    cells_by_column: dict[str, Cell] = {}

    for n, values in enumerate(table[1:], start=2):
        if not any(_text(v) for v in values):
            continue

        def cell(name: str, values=values) -> str:
            i = col.get(name)
            return _text(values[i]) if i is not None and i < len(values) else ""

        def bad(column: str, rule: str, message: str, n=n) -> None:
            problems.add(Problem(filename, f"第{n}行 {column}列", rule, message))

        structure = cell("STRUCTURE_ID")
        if structure and structure != sdmx.STRUCTURE_ID:
            bad("STRUCTURE_ID", "格式错误", f"数据结构「{structure}」不是 {sdmx.STRUCTURE_ID}")
            continue
        action = cell("ACTION").upper()
        if action not in ACTIONS:
            message = (
                "不支持删除数据（ACTION=D）" if action == "D" else f"ACTION「{action}」无效，应为 M、I 或 R"
            )
            bad("ACTION", "格式错误", message)
            continue
        region = regions.get(cell("REF_AREA").removesuffix(".0"))
        if region is None:
            bad("REF_AREA", "地区不存在", f"地区代码「{cell('REF_AREA')}」不在行政区划库中")
            continue
        ind = _indicator(cell("INDICATOR"), region, links, indicators)
        if isinstance(ind, str):
            bad("INDICATOR", "指标不存在", ind)
            continue
        year = cell("TIME_PERIOD")
        if not (year.isdigit() and 1949 <= int(year) <= 2100):
            bad("TIME_PERIOD", "年份无效", f"年份「{year}」无效，应为 1949—2100 之间的年份")
            continue
        found = _value_column(cell("SEX"), cell("AGE"), cell("URBANISATION"))
        if isinstance(found, str):
            bad(found.split("：")[0], "维度代码无效", found.split("：", 1)[1])
            continue
        column, cells_by_column[column] = found
        unit = cell("UNIT_MEASURE")
        expected = sdmx.UNIT_CODES.get(ind.unit, ind.unit)
        if unit and unit != expected:
            bad(
                "UNIT_MEASURE",
                "单位不符",
                f"单位「{unit}」与指标的单位「{ind.unit or '无'}」（{expected}）不符",
            )
            continue
        key = (region.code, ind.pk, year, column)
        if key in seen:
            bad("OBS_VALUE", "重复数据", f"与第{seen[key]}行重复（{region.name} {year}年 {column}）")
            continue
        seen[key] = n
        value = cell("OBS_VALUE")
        groups.setdefault((region.code, ind.pk, year), {})[column] = _Cell(
            n, column, None if value in MISSING else value
        )
    if problems:
        raise problems.failed()
    return _import_groups(groups, cells_by_column, filename, user, source)


def _indicator(code: str, region: Region, links: dict[str, list[int]], indicators: dict[int, Indicator]):
    """The indicator an INDICATOR code names: PW-<id>, or a dictionary code confirmed for exactly one
    indicator of a plan of this region or of a region above it. A str is the problem."""
    if code.upper().startswith("PW-"):
        digits = code[3:]
        ind = indicators.get(int(digits)) if digits.isdigit() and len(digits) < 12 else None
        return ind or f"指标代码「{code}」不存在"
    above = {region.pk, *(r.pk for r in region.ancestors())}
    candidates = [
        indicators[i]
        for i in links.get(code, [])
        if i in indicators and indicators[i].plan.region_id in above
    ]
    if not candidates:
        return f"指标代码「{code}」未知：既不是 PW-<指标ID>，也不是{region.name}规划中已确认的指标字典代码"
    if len(candidates) > 1:
        ids = "、".join(f"PW-{i.pk}" for i in candidates)
        return f"指标代码「{code}」对应{region.name}的多个指标（{ids}），请改用 PW-<指标ID>"
    return candidates[0]


def _value_column(sex: str, age: str, urbanisation: str) -> tuple[str, Cell] | str:
    """The history import's column for a cell (合计, 女, 年龄组:3岁, or 女·3岁·农村 for a crossed cell) and
    the cell; a str beginning with the SDMX column for a code that is not ours."""
    sex, age, urbanisation = sex or sdmx.TOTAL, age or sdmx.TOTAL, urbanisation or sdmx.TOTAL
    if sex not in SEXES:
        return f"SEX：性别代码「{sex}」无效，应为 F、M 或 _T"
    if urbanisation not in AREAS:
        return f"URBANISATION：城乡代码「{urbanisation}」无效，应为 U、R 或 _T"
    if len(age) > 32:
        return "AGE：年龄组代码过长"
    c = Cell(SEXES[sex], "" if age == sdmx.TOTAL else age, AREAS[urbanisation])
    labels = [
        SEX_LABELS[c.sex] if c.sex != "total" else "",
        c.age_group,
        AREA_LABELS[c.area_type] if c.area_type != "total" else "",
    ]
    named = [x for x in labels if x]
    if not named:
        return "合计", c
    if len(named) == 1 and not c.age_group:
        return named[0], c
    if len(named) == 1:
        return AGE_PREFIX + c.age_group, c
    return "·".join(named), c


def _import_groups(groups, cells_by_column, filename: str, user, source: str) -> BulkResult:
    columns = sorted({c for cells in groups.values() for c in cells}, key=_column_order)
    header = ["地区代码", "指标ID", "年份", *columns]
    table: list[list] = [header]
    lines: dict[int, dict[int, int]] = {}  # table row → column index → SDMX line
    for (code, iid, year), cells in groups.items():
        n = len(table) + 1
        table.append([code, iid, int(year), *(cells[c].value if c in cells else "" for c in columns)])
        lines[n] = {3 + columns.index(c): cell.line for c, cell in cells.items()}

    def place(n: int, column: int | None) -> str:
        where = lines.get(n, {})
        if column is None:
            return "第" + "、".join(str(x) for x in sorted(where.values())) + "行"
        return f"第{where.get(column, n)}行 OBS_VALUE"

    return import_table(table, filename, user, source=source, place=place, cell_columns=cells_by_column)


def _column_order(c: str) -> tuple:
    fixed = ["合计", "女", "男", "城镇", "农村"]
    return (fixed.index(c), "") if c in fixed else (len(fixed), c)


def import_sdmx_upload(data: bytes, filename: str, user, *, source: str) -> BulkResult:
    """The web page's and the API's import: ``import_sdmx`` as ``user``, recorded in the audit log."""
    from planwatch.apps.audit.models import Action
    from planwatch.apps.audit.services import record

    result = import_sdmx(data, filename, user, source=source)
    record(Action.DATA, user=user, target="SDMX-CSV 导入",
           summary=f"{filename[:200]}：{result.rows} 组，新增 {result.created} 个单元格，更新 {result.updated} 个，"
                   f"未变 {result.unchanged} 个")  # fmt: skip
    return result
