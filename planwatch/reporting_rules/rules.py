"""The checks one indicator row must pass, with messages in Chinese naming indicator, cell and rule.

Thresholds (documented in README.md, "年度数据报送"); what a unit allows is the domain's
(``planwatch.domain.units.measure``):
- a value must lie within its unit's bounds: a rate in 0 … its scale (% ≤ 100, ‰ ≤ 1000, 1/万 ≤ 10000,
  1/10万 ≤ 100000; a gross ratio such as 毛入学率 may exceed it, a growth rate may be negative), counts,
  per-capita values and money ≥ 0, 岁 in 0 … 120, 年 in 0 … 60;
- for counts female + male and urban + rural must equal the total within 0.1 %, and a subgroup (女, 男, 城镇,
  农村, an age group) may not exceed the total; for rates and levels the total must lie between its parts
  (between the female and the male value, between urban and rural);
- numerator ≤ denominator for rates, denominator > 0, and a value given with its numerator and denominator
  must agree with numerator / denominator × the unit's factor (within 1 %, or 0.05 for small values);
- a year-on-year change beyond the indicator's threshold needs a 波动说明 (see ``yoy_limit``): by default the
  assessment engine's volatility threshold (``AssessConfig.volatile_abs`` / ``volatile_rel``), so that what
  the reporting form lets through without a word is what the assessment does not flag as 波动较大;
- on submit, every required cell (and numerator/denominator when asked for) must be filled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.assessment.config import AssessConfig
from planwatch.domain import units as du
from planwatch.domain.cells import SPLITS, TOTAL, Cell, cell_label

from .numbers import AmbiguousNumber, NotANumber, UnitMismatch, parse_number

_ASSESS = AssessConfig()
# Year-on-year thresholds, shared with the assessment's 波动较大 warning: rates on a %/‰ scale move by points
# (5 个百分点, 3 个千分点), everything else (counts, 1/10万, years of age …) by a share of last year's value.
YOY_POINTS: dict[str, float] = dict(_ASSESS.volatile_abs)
YOY_THRESHOLD = _ASSESS.volatile_rel
YOY_DEFAULTS_TEXT = (
    "、".join(f"{u} 指标 {v:g} {du.change_word(u)}" for u, v in YOY_POINTS.items() if u in ("%", "‰"))
    + f"，其他指标上年值的 {YOY_THRESHOLD * 100:g}%"
)
SUM_TOLERANCE = 0.001

# Where the parts of a rate or level may differ from the total by rounding: 0.1 % of it, at least 0.05.
BETWEEN_TOLERANCE = 0.05
# Families whose total is a mean of its parts (it lies between them); counts add up instead.
_BETWEEN_FAMILIES = (du.RATE, du.LEVEL, du.PER_CAPITA, du.DURATION)


@dataclass(frozen=True)
class IndicatorSpec:
    """What validation needs to know about an indicator and its assignment."""

    name: str
    unit: str
    required: tuple[Cell, ...] = (TOTAL,)
    with_fraction: bool = False
    yoy_override: float | None = None  # set by the office per indicator: points for %/‰, else percent

    @property
    def measure(self) -> du.Measure:
        return du.measure(self.unit, self.name)

    @property
    def yoy(self) -> YoyLimit:
        return yoy_limit(self.unit, self.yoy_override)


@dataclass(frozen=True)
class YoyLimit:
    """How far a value may move from last year's without a 波动说明."""

    limit: float  # points (absolute) or a share of last year's value (relative)
    points: str = ""  # "个百分点" … for an absolute limit, empty for a relative one

    def change(self, before: float, value: float) -> float:
        if self.points:
            return abs(value - before)
        return abs(value - before) / abs(before) if before else (0.0 if value == 0 else float("inf"))

    def text(self, limit: float | None = None) -> str:
        limit = self.limit if limit is None else limit
        return f"{limit:g} {self.points}" if self.points else f"{limit * 100:g}%"


def yoy_limit(unit: str, override: float | None = None) -> YoyLimit:
    """The unit family's threshold, or the office's override (in points for %/‰, in percent otherwise)."""
    unit = du.normalize_unit(unit)
    if unit in YOY_POINTS:
        return YoyLimit(YOY_POINTS[unit] if override is None else override, du.change_word(unit))
    return YoyLimit(YOY_THRESHOLD if override is None else override / 100)


@dataclass(frozen=True)
class RawCell:
    raw: object
    place: str = ""  # where it was typed: a workbook cell such as "H7", or empty for the web form


@dataclass
class RowInput:
    cells: dict[Cell, RawCell] = field(default_factory=dict)
    numerator: RawCell | None = None
    denominator: RawCell | None = None
    explanation: str = ""
    unit_text: RawCell | None = None  # the unit printed in an uploaded row, compared with the indicator's


@dataclass(frozen=True)
class Problem:
    indicator: str
    cell: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"「{self.indicator}」{self.cell}：{self.message}（{self.rule}）"


@dataclass
class RowResult:
    values: dict[Cell, float | None] = field(default_factory=dict)
    numerator: float | None = None
    denominator: float | None = None
    problems: list[Problem] = field(default_factory=list)


def _where(raw: RawCell | None, label: str) -> str:
    return f"{raw.place}（{label}）" if raw is not None and raw.place else label


def check_row(
    spec: IndicatorSpec,
    row: RowInput,
    previous: dict[Cell, float] | None = None,
    *,
    submitting: bool = False,
    check_yoy: bool = True,
) -> RowResult:
    """Parse and check one indicator row; every problem found is listed, none stops the others."""
    result = RowResult()
    problems = result.problems

    def problem(raw: RawCell | None, label: str, rule: str, message: str) -> None:
        problems.append(Problem(spec.name, _where(raw, label), rule, message))

    if row.unit_text is not None:
        printed = str(row.unit_text.raw or "").strip()
        if printed != (spec.unit or "").strip():
            problem(
                row.unit_text, "单位", "单位不符", f"表中单位「{printed}」与指标单位「{spec.unit}」不一致"
            )

    failed: set[str] = set()  # labels whose text did not parse: already listed, not also "missing"

    def parse(raw: RawCell | None, label: str) -> float | None:
        if raw is None:
            return None
        try:
            return parse_number(raw.raw, spec.unit)
        except UnitMismatch as exc:
            message = f"填写的单位「{exc.typed}」与指标单位「{spec.unit or '无'}」不一致"
            problem(raw, label, "单位不符", message)
        except AmbiguousNumber as exc:
            problem(raw, label, "数字格式不明", str(exc))
        except NotANumber:
            problem(raw, label, "非数值", f"「{raw.raw}」不是数字")
        failed.add(label)
        return None

    for cell, raw in row.cells.items():
        result.values[cell] = parse(raw, cell_label(cell))
    result.numerator = parse(row.numerator, "分子")
    result.denominator = parse(row.denominator, "分母")
    values = {c: v for c, v in result.values.items() if v is not None}

    m = spec.measure
    for cell, value in values.items():
        out_of_range = _range_problem(m, value)
        if out_of_range:
            problem(row.cells[cell], cell_label(cell), "超出范围", out_of_range)

    if TOTAL in values and m.is_count:
        total = values[TOTAL]
        tolerance = max(abs(total) * SUM_TOLERANCE, 1e-9)
        for a, b, what in SPLITS:
            if a in values and b in values and abs(values[a] + values[b] - total) > tolerance:
                problem(
                    row.cells[TOTAL],
                    "合计",
                    f"{what}合计不符",
                    f"{cell_label(a)}（{values[a]:g}）+ {cell_label(b)}（{values[b]:g}）= "
                    f"{values[a] + values[b]:g}，不等于合计 {total:g}",
                )
        for cell, value in values.items():
            if cell != TOTAL and value > total + tolerance:
                problem(row.cells[cell], cell_label(cell), "分组大于合计", f"{value:g} 大于合计 {total:g}")
    elif TOTAL in values and m.family in _BETWEEN_FAMILIES:
        total = values[TOTAL]
        tolerance = max(abs(total) * SUM_TOLERANCE, BETWEEN_TOLERANCE)
        for a, b, what in SPLITS:
            if a in values and b in values:
                low, high = sorted((values[a], values[b]))
                if not low - tolerance <= total <= high + tolerance:
                    problem(
                        row.cells[TOTAL],
                        "合计",
                        f"{what}与合计矛盾",
                        f"合计 {total:g}{m.shown} 应介于{cell_label(a)}（{values[a]:g}）与{cell_label(b)}"
                        f"（{values[b]:g}）之间",
                    )

    num, den = result.numerator, result.denominator
    for raw, label, v in ((row.numerator, "分子", num), (row.denominator, "分母", den)):
        if v is not None and v < 0:
            problem(raw, label, "超出范围", f"{label}不能为负数（{v:g}）")
    if den is not None and den == 0:
        problem(row.denominator, "分母", "超出范围", "分母不能为 0")
    above = num is not None and den is not None and num > den and m.is_rate and m.hi is not None
    if above:
        problem(row.numerator, "分子", "分子大于分母", f"分子 {num:g} 大于分母 {den:g}")
    total = values.get(TOTAL)
    # (a numerator above its denominator is already refused: the value cannot agree with it either)
    if (
        total is not None
        and num is not None
        and den
        and den > 0
        and not above
        and m.aggregation == du.RATIO_OF_SUMS
    ):
        computed = num / den * m.factor
        if du.contradicts_fraction(total, computed):
            problem(
                row.cells[TOTAL],
                "合计",
                "与分子分母不符",
                f"{total:g}{m.shown} 与分子/分母算出的 {computed:.4g}{m.shown}（{num:g} ÷ {den:g}"
                + (f" × {m.factor:g}" if m.factor != 1 else "")
                + "）不符",
            )

    if check_yoy and previous and not (row.explanation and row.explanation.strip()):
        yoy = spec.yoy
        for cell, value in values.items():
            before = previous.get(cell)
            if before is None:
                continue
            change = yoy.change(before, value)
            if change > yoy.limit + 1e-9:
                if yoy.points:
                    shown = f"变化 {value - before:+.4g} {yoy.points}"
                else:
                    shown = "由 0 变为非 0" if before == 0 else f"变化 {change * 100:.1f}%"
                problem(
                    row.cells[cell],
                    cell_label(cell),
                    "同比波动超阈值",
                    f"较上年（{before:g}）{shown}，超过 ±{yoy.text()}，须填写波动说明",
                )

    if submitting:
        for cell in spec.required:
            if values.get(cell) is None and cell_label(cell) not in failed:
                problem(row.cells.get(cell), cell_label(cell), "必填缺失", "提交时必须填写")
        if spec.with_fraction:
            for raw, label, v in ((row.numerator, "分子", num), (row.denominator, "分母", den)):
                if v is None and label not in failed:
                    problem(raw, label, "必填缺失", "提交时必须填写")
    return result


def _range_problem(m: du.Measure, value: float) -> str:
    """Why ``value`` is impossible for an indicator of measure ``m`` ("" when it is possible)."""
    noun = {du.RATE: "比率", du.COUNT: "数量", du.MONEY: "金额"}.get(m.family, "数值")
    if m.lo is not None and value < m.lo:
        if m.lo == 0:
            return f"{noun}不能为负数（{value:g}{m.shown}）"
        return f"{noun} {value:g}{m.shown} 低于下限 {m.lo:g}{m.shown}"
    if m.hi is not None and value > m.hi:
        return f"{noun} {value:g}{m.shown} 超过上限 {m.hi:g}{m.shown}"
    return ""
