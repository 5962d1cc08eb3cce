"""Alignment (规划衔接): a child region's targets next to its parent's for the same dictionary entry.

Rules, indicator by indicator (same code):
- Both numeric: the child's value is converted into the parent's unit, then judged by the entry's direction.
  higher_is_better compares floors (≥ / = / 左右 / 保持在), lower_is_better compares ceilings; at equal values a
  strict comparator (> / <) is stronger than an inclusive one. Neutral entries (性别比, 就业人员中女性比例 45%左右)
  are equal when the values agree, otherwise not comparable (a person judges which is right).
- One numeric, one not: a numeric child against a direction/maintain parent is stronger (it commits to a level),
  a directional child against a numeric parent is weaker (it does not commit to the parent's level).
- Both non-numeric: same kind → equal; 提高/降低 in the good direction beats 保持; the wrong direction is weaker;
  relative targets are equal only with the same reference; qualitative targets are not comparable.
- The child's target for the parent's target year is used (its milestones included); when it has none, its own
  target is compared and the reason says the years differ.
- One row per code. A plan that states one code more than once (a 专栏 table row and a goal sentence, or
  several sub-indicators) is judged by its firmest statement, on both sides: for the child, a statement for the
  parent's target year before one for another year, a number before a direction, a direction before a
  qualitative wording, and among equals the strongest (all statements bind the child, so the strictest is its
  commitment); the child's other statements are listed with their own verdicts in ``other_statements``. A
  parent is represented by its first numeric statement. Only-in-child rows stay one per statement.
Statuses: weaker / equal / stronger / missing_in_child / only_in_child / not_comparable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from planwatch.domain.targets import KIND_LABELS, NUMERIC_KINDS
from planwatch.domain.units import UnitError, convert, normalize_unit, unit_info

from .entries import DEFAULT_DIR, YAML_LOADER, Dictionary
from .errors import AlignmentInputError, OutlineCodesMissing

STATUSES = ("weaker", "equal", "stronger", "missing_in_child", "only_in_child", "not_comparable")
STATUS_LABELS = {
    "weaker": "弱于上级",
    "equal": "与上级一致",
    "stronger": "强于上级",
    "missing_in_child": "下级缺少",
    "only_in_child": "仅下级有",
    "not_comparable": "无法比较",
}


@dataclass
class AlignTarget:
    """One indicator's target, from a plan in the database, a PLAN.json or the national outline fixture."""

    code: str | None
    name: str
    kind: str
    comparator: str | None = None
    value: float | None = None
    unit: str = ""
    year: int | None = None
    text: str = ""
    direction: str | None = None
    detail: dict = field(default_factory=dict)
    milestones: list[dict] = field(default_factory=list)
    source: str = ""  # where it was read: "第 104 行", "指标 #12"

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS and self.value is not None


@dataclass
class AlignRow:
    code: str
    standard_name: str
    status: str
    reason: str
    child_name: str = ""
    child_target: str = ""
    child_value: float | None = None  # in the comparison unit
    parent_name: str = ""
    parent_target: str = ""
    parent_value: float | None = None
    unit: str = ""
    child_source: str = ""
    other_statements: list[str] = field(default_factory=list)  # the child's other statements of this code

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class AlignmentReport:
    child: str
    parent: str
    rows: list[AlignRow]
    unlinked: list[str] = field(default_factory=list)  # child indicators without a dictionary code

    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}

    def to_json(self) -> dict:
        return {
            "child": self.child,
            "parent": self.parent,
            "counts": self.counts(),
            "rows": [asdict(r) | {"status_label": r.status_label} for r in self.rows],
            "unlinked": list(self.unlinked),
        }


CSV_COLUMNS = (
    "code",
    "standard_name",
    "status",
    "status_label",
    "child_name",
    "child_target",
    "child_value",
    "parent_name",
    "parent_target",
    "parent_value",
    "unit",
    "reason",
    "child_source",
    "other_statements",
)


def align(
    child: list[AlignTarget],
    parent: list[AlignTarget],
    dictionary: Dictionary,
    *,
    child_label: str = "",
    parent_label: str = "",
) -> AlignmentReport:
    """Compare every child target with the parent's target of the same code (order: the parent's, then extras)."""
    by_code: dict[str, list[AlignTarget]] = {}
    unlinked = []
    for t in child:
        if t.code:
            by_code.setdefault(t.code, []).append(t)
        else:
            unlinked.append(t.name)
    rows: list[AlignRow] = []
    # A parent may state one indicator twice (table row and goal sentence): its firmest statement counts.
    firm: dict[str, AlignTarget] = {}
    for p in parent:
        if p.code and (p.code not in firm or (p.numeric and not firm[p.code].numeric)):
            firm[p.code] = p
    parent_codes = []
    for p in parent:
        if not p.code or p.code in parent_codes:
            continue
        parent_codes.append(p.code)
        p = firm[p.code]
        entry = dictionary.get(p.code)
        std = entry.name if entry else p.name
        kids = by_code.get(p.code, [])
        if not kids:
            rows.append(
                AlignRow(
                    p.code,
                    std,
                    "missing_in_child",
                    "下级规划没有对应指标",
                    parent_name=p.name,
                    parent_target=_describe(p),
                    parent_value=p.value,
                    unit=p.unit,
                )
            )
            continue
        direction = entry.direction if entry else (p.direction or kids[0].direction or "higher_is_better")
        judged = [(c, _compare_row(p.code, std, c, p, direction, entry.unit if entry else "")) for c in kids]
        rows.append(_firmest(judged, p.year))
    for code, kids in by_code.items():
        if code in parent_codes:
            continue
        entry = dictionary.get(code)
        for c in kids:
            rows.append(
                AlignRow(
                    code,
                    entry.name if entry else c.name,
                    "only_in_child",
                    "上级规划没有此指标",
                    child_name=c.name,
                    child_target=_describe(c),
                    child_value=c.value,
                    unit=c.unit,
                    child_source=c.source,
                )
            )
    return AlignmentReport(child_label, parent_label, rows, unlinked)


# Among equally firm statements the one that compares best is the child's commitment.
_STATUS_RANK = {"stronger": 3, "equal": 2, "weaker": 1, "not_comparable": 0}
_WORDING_RANK = {"qualitative": 0, "relative": 1}  # anything else (提高/降低/保持, numbers) ranks 2


def _firmest(judged: list[tuple[AlignTarget, AlignRow]], year: int | None) -> AlignRow:
    """The row of the child's firmest statement, the others listed in it (see the module docstring)."""

    def firmness(i: int) -> tuple:
        c, row = judged[i]
        at, _ = _at_year(c, year)
        for_year = year is None or at.year == year
        return (for_year, at.numeric, _WORDING_RANK.get(at.kind, 2), _STATUS_RANK[row.status], -i)

    best = max(range(len(judged)), key=firmness)
    row = judged[best][1]
    row.other_statements = [
        f"{r.child_name}：{r.child_target}（{r.status_label}{'，' + r.child_source if r.child_source else ''}）"
        for i, (_, r) in enumerate(judged)
        if i != best
    ]
    return row


def _at_year(c: AlignTarget, year: int | None) -> tuple[AlignTarget, str]:
    """The child's target for ``year``: its own, a milestone, or its own with a note that the years differ."""
    if year is None or c.year in (None, year):
        return c, ""
    for m in c.milestones:
        if m.get("year") == year:
            t = AlignTarget(
                c.code,
                c.name,
                m.get("kind") or "qualitative",
                m.get("comparator"),
                m.get("value"),
                m.get("unit") or c.unit,
                year,
                m.get("text") or "",
                c.direction,
                {},
                [],
                c.source,
            )
            return t, f"（取下级 {year} 年阶段目标）"
    return c, f"（目标年不同：下级 {c.year} 年，上级 {year} 年）"


def _compare_row(
    code: str, std: str, c0: AlignTarget, p: AlignTarget, direction: str, entry_unit: str
) -> AlignRow:
    c, year_note = _at_year(c0, p.year)
    status, reason, cv, pv, unit = compare(c, p, direction, entry_unit)
    return AlignRow(
        code,
        std,
        status,
        reason + year_note,
        child_name=c0.name,
        child_target=_describe(c),
        child_value=cv,
        parent_name=p.name,
        parent_target=_describe(p),
        parent_value=pv,
        unit=unit,
        child_source=c0.source,
    )


def compare(
    c: AlignTarget, p: AlignTarget, direction: str, entry_unit: str = ""
) -> tuple[str, str, float | None, float | None, str]:
    """(status, reason, child value, parent value, unit) for one pair of targets of the same entry."""
    if c.numeric and p.numeric:
        return _compare_numeric(c, p, direction, entry_unit)
    if c.kind == "qualitative" or p.kind == "qualitative":
        side = "下级" if c.kind == "qualitative" else "上级"
        return "not_comparable", f"{side}目标为定性表述，无法与另一方比较", c.value, p.value, p.unit or c.unit
    good = {"higher_is_better": "direction_up", "lower_is_better": "direction_down"}.get(direction)
    bad = {"direction_up": "direction_down", "direction_down": "direction_up"}.get(good or "")
    if c.kind == bad:
        return "weaker", f"下级目标为「{KIND_LABELS[c.kind]}」，与指标方向相反", c.value, p.value, p.unit
    if c.kind == "relative" or p.kind == "relative":
        if c.kind == p.kind and c.detail.get("reference") == p.detail.get("reference"):
            return "equal", "同一参照的相对目标", None, None, ""
        return "not_comparable", "相对目标（参照其他量）只能与同一参照的相对目标比较", c.value, p.value, ""
    if p.numeric and not c.numeric:
        if c.kind == good:
            return (
                "weaker",
                f"下级只要求「{KIND_LABELS[c.kind]}」，未承诺上级的数值目标",
                None,
                p.value,
                p.unit,
            )
        return (
            "weaker",
            f"下级目标为「{KIND_LABELS.get(c.kind, c.kind)}」，未达到上级的数值要求",
            None,
            p.value,
            p.unit,
        )
    if c.numeric and not p.numeric:
        if p.kind in (good, "maintain") or direction == "neutral":
            return "stronger", "下级给出了具体数值目标，上级只有方向性要求", c.value, None, c.unit
        return "not_comparable", f"上级目标为「{KIND_LABELS.get(p.kind, p.kind)}」", c.value, None, c.unit
    # both non-numeric, neither qualitative nor relative
    if c.kind == p.kind:
        return "equal", f"双方均为「{KIND_LABELS.get(c.kind, c.kind)}」", None, None, ""
    if c.kind == good and p.kind == "maintain":
        return "stronger", "下级要求提高/降低，上级只要求保持", None, None, ""
    if c.kind == "maintain" and p.kind == good:
        return "weaker", "下级只要求保持，上级要求改善", None, None, ""
    return (
        "not_comparable",
        f"下级「{KIND_LABELS.get(c.kind, c.kind)}」与上级「{KIND_LABELS.get(p.kind, p.kind)}」无法比较",
        (None),
        None,
        "",
    )


def _bound(t: AlignTarget, want: str) -> tuple[str, bool] | None:
    """Which side the target commits to: ('floor'|'ceiling'|'level', strict)."""
    comp = t.comparator or ""
    if t.kind == "numeric_min" or (t.kind == "maintain" and comp.startswith(">")):
        return "floor", comp == ">"
    if t.kind == "numeric_max" or (t.kind == "maintain" and comp.startswith("<")):
        return "ceiling", comp == "<"
    return "level", False  # numeric_exact, approx, ratio, maintain without comparator


def _compare_numeric(c: AlignTarget, p: AlignTarget, direction: str, entry_unit: str):
    c_unit = normalize_unit(c.unit) or normalize_unit(entry_unit)
    p_unit = normalize_unit(p.unit) or normalize_unit(entry_unit)
    note = ""
    if not normalize_unit(c.unit) and c_unit:
        note = f"（下级未标单位，按字典单位 {c_unit}）"
    try:
        if c_unit == p_unit or (unit_info(c_unit) is None and unit_info(p_unit) is None):
            cv = float(c.value)
        else:
            cv = convert(float(c.value), c_unit, p_unit)
            if c_unit != p_unit:
                note += f"（已由 {c_unit} 换算为 {p_unit}）"
    except UnitError as exc:
        return "not_comparable", f"单位无法换算：{exc}", c.value, p.value, p.unit
    pv = float(p.value)
    cb, cstrict = _bound(c, direction)
    pb, pstrict = _bound(p, direction)
    fmt = f"下级 {_num(cv)}，上级 {_num(pv)}" + (f"（{p_unit}）" if p_unit else "")
    if direction == "neutral" or "ratio" in (c.kind, p.kind):
        if abs(cv - pv) <= 1e-9 * max(1.0, abs(pv)):
            return "equal", f"目标值相同：{fmt}{note}", cv, pv, p_unit
        return "not_comparable", f"适度指标目标值不同（{fmt}），需人工判断{note}", cv, pv, p_unit
    higher = direction == "higher_is_better"
    wrong = "ceiling" if higher else "floor"
    if wrong in (cb, pb):
        side = "下级" if cb == wrong else "上级"
        return "not_comparable", f"{side}目标的比较方向与指标方向不一致（{fmt}）{note}", cv, pv, p_unit
    if abs(cv - pv) <= 1e-9 * max(1.0, abs(pv)):
        if c.kind == "approx" and p.kind != "approx":
            return "weaker", f"数值相同但下级为约数（左右），上级为确定界限：{fmt}{note}", cv, pv, p_unit
        if cstrict == pstrict:
            return "equal", f"目标相同：{fmt}{note}", cv, pv, p_unit
        status = "stronger" if cstrict else "weaker"
        return status, f"数值相同但{'下级' if cstrict else '上级'}为严格不等式：{fmt}{note}", cv, pv, p_unit
    better = cv > pv if higher else cv < pv
    verb = "高于" if cv > pv else "低于"
    if better:
        return "stronger", f"下级目标{verb}上级：{fmt}{note}", cv, pv, p_unit
    return "weaker", f"下级目标{verb}上级：{fmt}{note}", cv, pv, p_unit


def _num(v: float) -> str:
    return f"{v:g}"


def _describe(t: AlignTarget) -> str:
    if t.text:
        return t.text
    if t.numeric:
        # "8" + "1/10万" would read 81/10万: a per-N unit is printed as /10万 after its number.
        unit = t.unit[1:] if t.unit.startswith("1/") else t.unit
        return f"{t.comparator or ''}{_num(t.value)}{unit}"
    return KIND_LABELS.get(t.kind, t.kind)


# ---------------------------------------------------------------------------------------------- national outlines
OUTLINES_FILE = DEFAULT_DIR / "national_outline_targets.yaml"


@dataclass
class OutlinePlan:
    key: str
    title: str
    population: str
    period: tuple[int, int]
    issued_date: str
    targets: list[AlignTarget]


def load_outlines(
    path: Path | str | None = None, dictionary: Dictionary | None = None
) -> dict[str, OutlinePlan]:
    """The national outline targets fixture; codes are checked against the dictionary when given
    (OutlineCodesMissing names all codes the dictionary lacks)."""
    path = Path(path) if path else OUTLINES_FILE
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except FileNotFoundError as exc:
        raise AlignmentInputError(f"{path}：文件不存在") from exc
    except yaml.YAMLError as exc:
        raise AlignmentInputError(f"{path.name}：YAML 格式错误（{exc}）") from exc
    if not isinstance(data, dict) or not isinstance(data.get("outlines"), dict):
        raise AlignmentInputError(f"{path.name}：顶层应有「outlines」表")
    result = {}
    missing: list[tuple[str, str, str]] = []
    first_missing = ""
    for key, o in data["outlines"].items():
        targets = []
        for i, t in enumerate(o.get("targets") or [], start=1):
            where = f"{path.name}：{key} 第 {i} 条目标"
            if not isinstance(t, dict) or not t.get("code") or not t.get("kind"):
                raise AlignmentInputError(f"{where}：缺少 code 或 kind")
            if dictionary is not None and dictionary.get(t["code"]) is None:
                first_missing = first_missing or f"{where}：编码 {t['code']} 不在指标字典中"
                missing.append((key, t["code"], str(t.get("text") or "")))
                continue
            entry = dictionary.get(t["code"]) if dictionary else None
            targets.append(
                AlignTarget(
                    code=t["code"],
                    name=entry.name if entry else t.get("text", ""),
                    kind=t["kind"],
                    comparator=t.get("comparator"),
                    value=t.get("value"),
                    unit=normalize_unit(t.get("unit") or ""),
                    year=t.get("year") or (o.get("period") or [None, None])[1],
                    text=t.get("text", ""),
                    direction=entry.direction if entry else None,
                    detail=dict(t.get("detail") or {}),
                    source=key,
                )
            )
        result[key] = OutlinePlan(
            key, o["title"], o["population"], tuple(o["period"]), str(o.get("issued_date") or ""), targets
        )
    if missing:  # every missing code at once: whoever loads the dictionary needs the whole list
        more = f"（共 {len(missing)} 个编码缺失）" if len(missing) > 1 else ""
        raise OutlineCodesMissing(first_missing + more, missing)
    return result
