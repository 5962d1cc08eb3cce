"""Target semantics: turn each stated target into one comparable rule.

Every target becomes ``cmp`` (">=", ">", "<=", "<" or "~"), an *anchor* and three shares of it:
``tv = anchor + shift·|anchor|`` is the level to reach, ``tol·|anchor|`` the half-width of a "~" target and
``band·|anchor|`` the 接近 (near) band. The anchor is the stated value (``mode = "static"``), the referenced
series' value (``"ref"``, 不低于本地区党员总数中女性比例) or the series' own base value (``"base"``:
逐年提高 / 明显降低 / 保持 without a level — judged on the change since the baseline). A 逐年 (every-year)
direction is ``yearly``: besides the change since the base, each year must not fall below the previous one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from planwatch.domain.targets import NOT_ASSESSABLE_KINDS
from planwatch.domain.units import display_unit, measure

from .config import AssessConfig
from .spec import IndicatorSpec

# Columns of the per-indicator rule table that the engine joins onto every row.
CMP_T = pl.Enum([">=", ">", "<=", "<", "~"])
MODE_T = pl.Enum(["static", "base", "ref"])
RULE_SCHEMA = {
    "key": pl.String,
    "cmp": CMP_T,
    "mode": MODE_T,
    "anchor": pl.Float64,
    "shift": pl.Float64,
    "tol": pl.Float64,
    "band": pl.Float64,
    "t_year": pl.Int32,
    "d": pl.Int8,
    "yearly": pl.Boolean,
    "reason": pl.String,
    "target_label": pl.String,
}


@dataclass(frozen=True)
class Rule:
    cmp: str | None
    mode: str = "static"
    anchor: float | None = None
    shift: float = 0.0
    tol: float = 0.0
    band: float = 0.0
    d: int = 0  # +1 higher is better, −1 lower is better, 0 neither
    reason: str | None = None  # why 不可评估
    yearly: bool = False  # 逐年提高/逐年降低: a year worse than the previous one is 未达标


# "逐年提高", "每年降低", "年年增长": the direction must hold from every year to the next
YEARLY_WORDS = ("逐年", "每年", "年年", "逐年度")


def is_yearly(text: str) -> bool:
    return any(w in (text or "") for w in YEARLY_WORDS)


def direction_sign(direction: str) -> int:
    return {"higher_is_better": 1, "lower_is_better": -1}.get(direction or "", 0)


def rule_for(
    kind: str,
    comparator: str | None,
    value: float | None,
    direction: str,
    cfg: AssessConfig,
    text: str = "",
    hi: float | None = None,
) -> Rule:
    """The comparable rule of one target (see module doc). ``hi``: the unit's natural upper bound (100 for a
    bounded %): "≥100%" cannot be exceeded, so it is full coverage, an exact target with its ±1 % rule."""
    d = direction_sign(direction)
    if kind in NOT_ASSESSABLE_KINDS:
        return Rule(None, d=d, reason=f"定性目标（{text or '无量化目标值'}），无法用数值评估")
    if kind in ("direction_up", "direction_down"):
        up = kind == "direction_up"
        return Rule(
            ">" if up else "<", "base", shift=cfg.flat_tolerance * (1 if up else -1), band=2 * cfg.flat_tolerance,
            d=1 if up else -1, yearly=is_yearly(text),
        )  # fmt: skip
    if kind == "relative":
        cmp = comparator or (">=" if d >= 0 else "<=")
        if cmp in ("~", "="):  # 与女职工比例相适应: about equal to the reference
            return Rule("~", "ref", tol=cfg.approx_tolerance, band=2 * cfg.approx_tolerance, d=0)
        return Rule(cmp, "ref", band=cfg.near_band, d=1 if cmp.startswith(">") else -1)
    if kind == "maintain" and value is None:
        if d > 0:
            return Rule(">=", "base", shift=-cfg.maintain_tolerance, band=cfg.maintain_tolerance, d=d)
        if d < 0:
            return Rule("<=", "base", shift=cfg.maintain_tolerance, band=cfg.maintain_tolerance, d=d)
        return Rule("~", "base", tol=cfg.maintain_tolerance, band=2 * cfg.maintain_tolerance, d=0)
    if value is None:
        return Rule(None, d=d, reason=f"目标「{text or kind}」缺少目标值，无法评估")
    if kind == "approx" or comparator == "~":
        return Rule("~", anchor=value, tol=cfg.approx_tolerance, band=2 * cfg.approx_tolerance, d=d)
    if kind == "ratio":
        return Rule("~", anchor=value, tol=cfg.ratio_tolerance, band=2 * cfg.ratio_tolerance, d=d)
    at_bound = (
        hi is not None and value >= hi and comparator in (None, ">=") and kind in ("numeric_min", "maintain")
    )
    if kind == "numeric_exact" or comparator == "=" or at_bound:
        return Rule("~", anchor=value, tol=cfg.exact_tolerance, band=cfg.near_band, d=d)
    if comparator in (">=", ">", "<=", "<"):
        cmp = comparator
    elif kind == "numeric_min" or (kind == "maintain" and d >= 0):
        cmp = ">="
    elif kind == "numeric_max" or kind == "maintain":
        cmp = "<="
    else:
        return Rule(None, d=d, reason=f"无法识别的目标类型「{kind}」")
    return Rule(cmp, anchor=value, band=cfg.near_band, d=1 if cmp.startswith(">") else -1)


def upper_bound(s: IndicatorSpec) -> float | None:
    """A rate's natural upper bound (100 for %; none for gross ratios such as 毛入学率)."""
    m = measure(s.unit, s.name)
    return m.hi if m.is_rate else None


def fmt_num(x: float | None) -> str:
    if x is None:
        return ""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


_CMP_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "", "=": ""}


def target_label(
    kind: str, comparator: str | None, value: float | None, unit: str, text: str, detail: dict
) -> str:
    """Short statement of a target for tables and sentences: ≥98%, <8/10万, 45%左右, 逐年提高."""
    u = display_unit(unit)
    if kind == "direction_up":
        return text or "提高"
    if kind == "direction_down":
        return text or "降低"
    if kind == "relative":
        return f"{_CMP_TEXT.get(comparator or '>=', '')}{(detail or {}).get('reference', '参照指标')}"
    if kind == "ratio" and detail and "a" in detail and "b" in detail:
        return f"{fmt_num(detail['a'])}：{fmt_num(detail['b'])}"
    if value is None:
        return text or kind
    if kind == "approx" or comparator == "~":
        return f"{fmt_num(value)}{u}左右"
    return f"{_CMP_TEXT.get(comparator or '', '')}{fmt_num(value)}{u}"


CMP_CODES = {">=": 1, ">": 2, "<=": 3, "<": 4, "~": 5}  # 0 = no comparable rule


def meets(v: np.ndarray, cmp: np.ndarray, tv: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """Element-wise: does value ``v`` satisfy the rule? (False where anything is NaN)."""
    with np.errstate(invalid="ignore"):
        return np.select(
            [cmp == 1, cmp == 2, cmp == 3, cmp == 4, cmp == 5],
            [v >= tv, v > tv, v <= tv, v < tv, np.abs(v - tv) <= tol + 1e-9],
            False,
        )


def near(v: np.ndarray, cmp: np.ndarray, tv: np.ndarray, band: np.ndarray) -> np.ndarray:
    """Element-wise: is ``v`` within the 接近 band of the rule's level?"""
    with np.errstate(invalid="ignore"):
        return np.select(
            [(cmp == 1) | (cmp == 2), (cmp == 3) | (cmp == 4), cmp == 5],
            [v >= tv - band, v <= tv + band, np.abs(v - tv) <= band + 1e-9],
            False,
        )


def rules_frame(specs: list[IndicatorSpec], cfg: AssessConfig) -> pl.DataFrame:
    """One rule row per indicator key (its final target)."""
    rows = []
    for s in specs:
        rule = rule_for(s.kind, s.comparator, s.target_value, s.direction, cfg, s.target_text, upper_bound(s))
        rows.append(
            {
                "key": s.key,
                "cmp": rule.cmp,
                "mode": rule.mode,
                "anchor": rule.anchor,
                "shift": rule.shift,
                "tol": rule.tol,
                "band": rule.band,
                "t_year": s.target_year,
                "d": rule.d,
                "yearly": rule.yearly,
                "reason": rule.reason,
                "target_label": target_label(
                    s.kind, s.comparator, s.target_value, s.unit, s.target_text, s.target_detail
                ),
            }
        )
    return pl.DataFrame(rows, schema=RULE_SCHEMA)


NEXT_SCHEMA = {
    "key": pl.String,
    "year": pl.Int32,
    "nt_year": pl.Int32,
    "nt_cmp": CMP_T,
    "nt_tv": pl.Float64,
    "nt_tol": pl.Float64,
}


def next_targets(specs: list[IndicatorSpec], years: list[int], cfg: AssessConfig) -> pl.DataFrame:
    """For each key and year Y: the nearest *static* numeric target (milestone or final) after Y.

    Used to project to the next milestone; base/ref-anchored targets have no fixed level to project to.
    """
    rows = []
    for s in specs:
        hi = upper_bound(s)
        items = [(s.target_year, rule_for(s.kind, s.comparator, s.target_value, s.direction, cfg, hi=hi))]
        items += [
            (m.year, rule_for(m.kind, m.comparator, m.value, s.direction, cfg, hi=hi)) for m in s.milestones
        ]
        items = sorted(
            ((ty, r) for ty, r in items if ty and r.cmp and r.mode == "static"), key=lambda t: t[0]
        )
        for y in years:
            nxt = next(((ty, r) for ty, r in items if ty > y), None)
            if nxt:
                ty, r = nxt
                rows.append(
                    {"key": s.key, "year": y, "nt_year": ty, "nt_cmp": r.cmp, "nt_tv": r.anchor,
                     "nt_tol": r.tol * abs(r.anchor or 0.0)}
                )  # fmt: skip
    return pl.DataFrame(rows, schema=NEXT_SCHEMA)


def _milestone_rules(s: IndicatorSpec, cfg: AssessConfig) -> list[tuple[int, Rule, str]]:
    """The indicator's milestones before its final year (a milestone in the final year is the final target),
    each as a rule with the same semantics as the final target, and its label (≥80%)."""
    out = []
    for m in sorted(s.milestones, key=lambda m: m.year):
        if not m.year or (s.target_year and m.year >= s.target_year):
            continue
        rule = rule_for(m.kind, m.comparator, m.value, s.direction, cfg, hi=upper_bound(s))
        label = target_label(m.kind, m.comparator, m.value, s.unit, "", {})
        out.append((int(m.year), rule, label))
    return out


def milestone_for(milestone_years: list[int], year: int, final_year: int | None) -> int | None:
    """The milestone a row of ``year`` is judged against: the one of that year, else (before the final year)
    the latest one already passed; None before the first milestone and from the final year on."""
    if year in milestone_years:
        return year
    if final_year is not None and year >= final_year:
        return None
    passed = [y for y in milestone_years if y < year]
    return max(passed) if passed else None


MILESTONE_FIELDS = ("ms_year", "ms_cmp", "ms_mode", "ms_anchor", "ms_shift", "ms_tol", "ms_band", "ms_d")
SCHEDULE_FIELDS = ("pt_year", "pt_cmp", "pt_mode", "pt_anchor", "pt_shift", "pt_tol")
_MODE_CODES = {"static": 0, "base": 1, "ref": 2}


def milestone_arrays(specs: list[IndicatorSpec], keys: list[str], years: np.ndarray, cfg: AssessConfig):
    """Per key (rows in ``keys`` order) × year: the applicable milestone's rule (``MILESTONE_FIELDS``; ms_year
    NaN where none), and per key × slot the schedule of future target years — every milestone, then the final
    year — with their rules (``SCHEDULE_FIELDS``; pt_year NaN in unused slots)."""
    pos = {k: i for i, k in enumerate(keys)}
    nk, ny = len(keys), len(years)
    per = {s.key: _milestone_rules(s, cfg) for s in specs}
    slots = max([len(m) + 1 for m in per.values()] or [1])
    ms = {f: np.full((nk, ny), np.nan) for f in MILESTONE_FIELDS}
    pt = {f: np.full((nk, slots), np.nan) for f in SCHEDULE_FIELDS}
    for s in specs:
        i = pos.get(s.key)
        if i is None:
            continue
        rules = per[s.key]
        by_year = {y: r for y, r, _ in rules}
        for c, y in enumerate(years.tolist()):
            my = milestone_for(list(by_year), y, s.target_year)
            if my is None:
                continue
            r = by_year[my]
            values = (
                my,
                CMP_CODES.get(r.cmp or "", 0),
                _MODE_CODES[r.mode],
                r.anchor,
                r.shift,
                r.tol,
                r.band,
                r.d,
            )
            for f, val in zip(MILESTONE_FIELDS, values, strict=True):
                ms[f][i, c] = np.nan if val is None else val
        final = rule_for(s.kind, s.comparator, s.target_value, s.direction, cfg, hi=upper_bound(s))
        schedule = [(y, r) for y, r, _ in rules] + ([(s.target_year, final)] if s.target_year else [])
        for k, (y, r) in enumerate(schedule):
            values = (y, CMP_CODES.get(r.cmp or "", 0), _MODE_CODES[r.mode], r.anchor, r.shift, r.tol)
            for f, val in zip(SCHEDULE_FIELDS, values, strict=True):
                pt[f][i, k] = np.nan if val is None else val
    return ms, pt


def milestone_labels(specs: list[IndicatorSpec], cfg: AssessConfig) -> pl.DataFrame:
    """key, year → the milestone's label (≥80%) and why it cannot be assessed (if so), for the milestone_target
    column and the sentences."""
    rows = [
        {"key": s.key, "year": y, "label": label, "reason": r.reason}
        for s in specs
        for y, r, label in _milestone_rules(s, cfg)
    ]
    return pl.DataFrame(
        rows, schema={"key": pl.String, "year": pl.Int16, "label": pl.String, "reason": pl.String}
    )


def schedule_years(specs: list[IndicatorSpec], cfg: AssessConfig) -> dict[str, list[int]]:
    """key → the years of its projection slots (milestones, then the final year), as in ``milestone_arrays``."""
    return {
        s.key: [y for y, _, _ in _milestone_rules(s, cfg)] + ([s.target_year] if s.target_year else [])
        for s in specs
    }
