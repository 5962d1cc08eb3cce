"""Units and unit families: which units measure the same kind of quantity and how to convert between them.

A rate can be printed per hundred, per thousand or per hundred thousand (孕产妇死亡率 "9/10万", 婴儿死亡率
"5‰", an accident death rate "0.1‰"); alignment must compare them in one unit. Counts of different things
(张 beds, 次 sessions) are not convertible; people counted as 人, 名 or 万人 are.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.parsing.numerals import fold_width
from planwatch.parsing.units import normalize_unit as _parser_normalize

from .errors import UnitError


@dataclass(frozen=True)
class Unit:
    symbol: str
    family: str
    factor: float  # value × factor = value in the family's base unit
    label: str


# family → (base unit, Chinese label)
FAMILIES: dict[str, str] = {
    "rate": "比率（%、‰、1/万、1/10万）",
    "points": "百分点（两个比率之差）",
    "age": "年龄（岁）",
    "years": "年限（年）",
    "hours": "时长（小时、分钟）",
    "people": "人数（人、名、万人）",
    "person_times": "人次",
    "count": "个数（个、所、家、座、项）",
    "cases": "件数（件）",
    "beds": "床位（张）",
    "times": "次数（次）",
    "households": "户数（户）",
    "money": "金额（元、万元、亿元）",
    "area_m2": "面积（平方米）",
    "ratio": "比值（无量纲，如性别比）",
    "none": "无单位（未标注或定性）",
}

UNITS: dict[str, Unit] = {
    u.symbol: u
    for u in (
        Unit("%", "rate", 1e-2, "百分比"),
        Unit("‰", "rate", 1e-3, "千分比"),
        Unit("1/万", "rate", 1e-4, "万分比"),
        Unit("1/10万", "rate", 1e-5, "十万分比"),
        Unit("个百分点", "points", 1.0, "百分点"),
        Unit("岁", "age", 1.0, "岁"),
        Unit("年", "years", 1.0, "年"),
        Unit("小时", "hours", 1.0, "小时"),
        Unit("分钟", "hours", 1 / 60, "分钟"),
        Unit("人", "people", 1.0, "人"),
        Unit("名", "people", 1.0, "名"),
        Unit("万人", "people", 1e4, "万人"),
        Unit("人次", "person_times", 1.0, "人次"),
        Unit("万人次", "person_times", 1e4, "万人次"),
        Unit("个", "count", 1.0, "个"),
        Unit("所", "count", 1.0, "所"),
        Unit("家", "count", 1.0, "家"),
        Unit("座", "count", 1.0, "座"),
        Unit("项", "count", 1.0, "项"),
        Unit("件", "cases", 1.0, "件"),
        Unit("张", "beds", 1.0, "张"),
        Unit("次", "times", 1.0, "次"),
        Unit("户", "households", 1.0, "户"),
        Unit("元", "money", 1.0, "元"),
        Unit("万元", "money", 1e4, "万元"),
        Unit("亿元", "money", 1e8, "亿元"),
        Unit("平方米", "area_m2", 1.0, "平方米"),
        Unit("比值", "ratio", 1.0, "比值"),
        Unit("", "none", 1.0, "无"),
    )
}

# Spellings the parser does not know but people type (in dictionary files, CLI options, other systems).
_EXTRA_ALIASES = {
    "千分之": "‰",
    "1/1000": "‰",
    "每千": "‰",
    "十万分之": "1/10万",
    "每10万": "1/10万",
    "/100000": "1/10万",
    "万分之": "1/万",
    "1/10000": "1/万",
    "百分点": "个百分点",
    "pp": "个百分点",
    "无": "",
}


def normalize_unit(raw: str | None) -> str:
    """One spelling per unit: "％" → "%", "十万分之" → "1/10万", "（‰）" → "‰"; unknown text is returned cleaned."""
    text = fold_width(raw or "").strip().replace(" ", "").strip("()（）")
    text = _EXTRA_ALIASES.get(text, text)
    return _parser_normalize(text)


def unit_info(raw: str | None) -> Unit | None:
    """The unit, or None when the spelling is unknown."""
    return UNITS.get(normalize_unit(raw))


def require_unit(raw: str | None, where: str = "") -> Unit:
    unit = unit_info(raw)
    if unit is None:
        known = "、".join(s for s in UNITS if s)
        raise UnitError(f"{where}未知单位「{raw}」；可用单位：{known}")
    return unit


def family_of(raw: str | None) -> str | None:
    unit = unit_info(raw)
    return unit.family if unit else None


def compatible(a: str | None, b: str | None) -> bool | None:
    """True/False when both units are known and specified; None when either is unknown or empty (no evidence)."""
    ua, ub = unit_info(a), unit_info(b)
    if ua is None or ub is None or ua.family == "none" or ub.family == "none":
        return None
    return ua.family == ub.family


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float:
    """Convert ``value`` between units of one family: convert(0.1, "‰", "1/10万") == 10."""
    src = require_unit(from_unit, "换算：")
    dst = require_unit(to_unit, "换算：")
    if src.family != dst.family:
        raise UnitError(
            f"换算：单位「{src.symbol}」（{FAMILIES[src.family]}）与「{dst.symbol}」（{FAMILIES[dst.family]}）"
            "不是同一类量，不能换算"
        )
    result = value * src.factor / dst.factor
    # Round away binary noise (0.1‰ → 9.999999999999998/10万) without losing real precision.
    return round(result, 10)
