"""Units of indicators: every spelling a plan, a form or a dictionary file uses → one canonical unit.

A canonical ``Unit`` knows its *family* (what kind of number it is: rate, count, level …), its *quantity*
(what is measured: only units of one quantity convert into each other — 人 and 万人 do, 张 and 个 do not),
its factor to the quantity's base unit, the scale of a rate (100 for %, 100 000 for 1/10万), its natural
bounds, the word a change is printed in (个百分点, 个十万分点, 岁) and its display form (7.2/10万).

How an *indicator* behaves also depends on its name: "每千人口拥有3岁以下婴幼儿托位数（个）" is a per-capita
level, not a count — two counties at 3.5 and 4.0 give a parent near 3.75, never 7.5; "毛入学率（%）" may
exceed 100; "增长率（%）" may be negative. ``measure(unit, name)`` decides this once for everybody.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Families: what kind of number a value is. They decide aggregation, bounds and how a change is worded.
RATE = "rate"  # a share of a whole: %, ‰, 1/万, 1/10万
POINTS = "points"  # a difference of two rates: 个百分点
LEVEL = "level"  # a level of a person-attribute: 岁 (age, life expectancy), 年 (years of schooling)
COUNT = "count"  # things or people counted: 人, 万人, 所, 座, 张, 件 …
PER_CAPITA = "per_capita"  # a count per N people: 每千人口托位数（个）, 每千名儿童床位数（张）, 人均…
MONEY = "money"  # 元, 万元, 亿元
DURATION = "duration"  # 小时, 分钟, 天
AREA = "area"  # 平方米
RATIO = "ratio"  # dimensionless: 性别比, 倍
CHANGE = "change"  # a growth rate or change (增长率 …): any sign, no fixed scale
NONE = "none"  # no unit printed (or a qualitative indicator)

FAMILY_LABELS: dict[str, str] = {
    RATE: "比率",
    POINTS: "百分点",
    LEVEL: "水平值",
    COUNT: "数量",
    PER_CAPITA: "人均（每千人口等）",
    MONEY: "金额",
    DURATION: "时长",
    AREA: "面积",
    RATIO: "比值",
    CHANGE: "增长率或变化",
    NONE: "无单位",
}

# Aggregation of a value over regions (the roll-up along the region tree):
SUM = "sum"  # counts and money: Σ value
RATIO_OF_SUMS = "ratio"  # rates and per-capita values: Σ numerator / Σ denominator × factor
WEIGHTED = "weighted"  # other levels: Σ(value × denominator) / Σ denominator (a population-weighted mean)

# Quantities: only units of one quantity convert into each other (the dictionary stores these as unit_family).
QUANTITIES: dict[str, str] = {
    "rate": "比率（%、‰、1/万、1/10万）",
    "points": "百分点（两个比率之差）",
    "age": "年龄（岁）",
    "years": "年限（年）",
    "hours": "时长（小时、分钟）",
    "days": "天数（天）",
    "people": "人数（人、名、万人）",
    "person_times": "人次",
    "count": "个数（个、所、家、座、项、处、支）",
    "cases": "件数（件、例）",
    "beds": "床位（张）",
    "times": "次数（次）",
    "households": "户数（户）",
    "volumes": "册数（册）",
    "money": "金额（元、万元、亿元）",
    "area_m2": "面积（平方米）",
    "ratio": "比值（无量纲，如性别比）",
    "none": "无单位（未标注或定性）",
}

# Plausible maxima of levels: nobody's life expectancy is 150 岁, no schooling lasts 100 年.
MAX_AGE = 120.0
MAX_YEARS = 60.0


@dataclass(frozen=True)
class Unit:
    symbol: str  # the canonical spelling, stored everywhere
    family: str
    quantity: str
    factor: float  # value × factor = value in the quantity's base unit
    label: str
    scale: float | None = None  # rates: the value of a whole (100 for %); None otherwise
    lo: float | None = None  # natural bounds of a value in this unit
    hi: float | None = None
    change_word: str = ""  # how a difference is worded: 个百分点, 岁 …; "" → a relative change in %
    display: str = ""  # as printed after a number (7.2/10万); "" → the symbol
    # A year-on-year change of a rate is printed in points (比上年提高0.7个百分点, 下降0.4个千分点) for %, ‰
    # and 1/万 (‱); per-10万 rates change in relative % as the NBS monitoring reports print them
    # ("孕产妇死亡率为14.3/10万，比2023年降低5.3%"). Their change word still words a gap (相差1.6个十万分点).
    points_change: bool = False

    @property
    def shown(self) -> str:
        return self.display or self.symbol


def _rate(symbol: str, scale: float, label: str, word: str, display: str = "") -> Unit:
    return Unit(symbol, RATE, "rate", 1 / scale, label, scale, 0.0, scale, word, display, scale <= 10_000)


def _count(symbol: str, quantity: str, factor: float = 1.0) -> Unit:
    return Unit(symbol, COUNT, quantity, factor, symbol, lo=0.0, change_word=symbol)


UNITS: dict[str, Unit] = {
    u.symbol: u
    for u in (
        _rate("%", 100.0, "百分比", "个百分点"),
        _rate("‰", 1000.0, "千分比", "个千分点"),
        _rate("1/万", 10_000.0, "万分比", "个万分点", "/万"),
        _rate("1/10万", 100_000.0, "十万分比", "个十万分点", "/10万"),
        Unit("个百分点", POINTS, "points", 1.0, "百分点", change_word="个百分点", points_change=True),
        Unit("岁", LEVEL, "age", 1.0, "岁", lo=0.0, hi=MAX_AGE, change_word="岁"),
        Unit("年", LEVEL, "years", 1.0, "年", lo=0.0, hi=MAX_YEARS, change_word="年"),
        Unit("小时", DURATION, "hours", 1.0, "小时", lo=0.0, change_word="小时"),
        Unit("分钟", DURATION, "hours", 1 / 60, "分钟", lo=0.0, change_word="分钟"),
        Unit("天", DURATION, "days", 1.0, "天", lo=0.0, change_word="天"),
        _count("人", "people"),
        _count("名", "people"),
        _count("万人", "people", 1e4),
        _count("人次", "person_times"),
        _count("万人次", "person_times", 1e4),
        _count("个", "count"),
        _count("所", "count"),
        _count("家", "count"),
        _count("座", "count"),
        _count("项", "count"),
        _count("处", "count"),
        _count("支", "count"),
        _count("件", "cases"),
        _count("例", "cases"),
        _count("张", "beds"),
        _count("次", "times"),
        _count("户", "households"),
        _count("册", "volumes"),
        Unit("元", MONEY, "money", 1.0, "元", lo=0.0),
        Unit("万元", MONEY, "money", 1e4, "万元", lo=0.0),
        Unit("亿元", MONEY, "money", 1e8, "亿元", lo=0.0),
        Unit("平方米", AREA, "area_m2", 1.0, "平方米", lo=0.0),
        Unit("比值", RATIO, "ratio", 1.0, "比值", lo=0.0),
        Unit("倍", RATIO, "ratio", 1.0, "倍", lo=0.0),
        Unit("", NONE, "none", 1.0, "无"),
    )
}

# Every other spelling seen in plans, forms, dictionary files and other systems → the canonical symbol.
ALIASES: dict[str, str] = {
    "％": "%",
    "百分比": "%",
    "百分之": "%",
    "百分点": "个百分点",
    "pp": "个百分点",
    "千分比": "‰",
    "千分之": "‰",
    "1/1000": "‰",
    "每千": "‰",
    "‱": "1/万",
    "/万": "1/万",
    "万分之": "1/万",
    "万分之一": "1/万",
    "1/10000": "1/万",
    "/10万": "1/10万",
    "1/100000": "1/10万",
    "/100000": "1/10万",
    "十万分之": "1/10万",
    "十万分之一": "1/10万",
    "每10万": "1/10万",
    "人/10万": "1/10万",
    "例/10万": "1/10万",
    "起": "件",
    "h": "小时",
    "m2": "平方米",
    "m²": "平方米",
    "㎡": "平方米",
    "无": "",
}

# Units a plan prints right after a number ("82.3岁", "4.5个", "95%"), longest first so that "万人次" wins
# over "万人"; spelled-out forms (十万分之…, 百分之…) come *before* a number and are read by the parser.
VALUE_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            s
            for s in (*UNITS, *ALIASES)
            if s and not s.startswith(("1/", "十万", "百分", "千分", "万分", "每"))
        }
        - {"pp", "无", "比值", "个百分点"},
        key=len,
        reverse=True,
    )
)
VALUE_SUFFIX_PATTERN = "|".join(re.escape(u) for u in VALUE_SUFFIXES)


# A value reported with its numerator and denominator must agree with num / den × factor within 1 % of it
# (or 0.05 in the unit, for small values rounded when printed).
FRACTION_REL_TOLERANCE = 0.01
FRACTION_ABS_TOLERANCE = 0.05


def contradicts_fraction(value: float, computed: float) -> bool:
    """True when ``value`` is not num / den × factor (``computed``) within the tolerance above."""
    return abs(value - computed) > max(abs(computed) * FRACTION_REL_TOLERANCE, FRACTION_ABS_TOLERANCE)


class UnitError(ValueError):
    """A unit is unknown, or two units cannot be converted into each other (the message is Chinese)."""


def normalize_unit(raw: str | None) -> str:
    """One spelling per unit: "％" → "%", "（‰）" → "‰", "单位：万人" → "万人", "十万分之一" → "1/10万".

    Unknown spellings are returned cleaned (width folded, spaces and brackets removed)."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace(" ", "")
    text = text.removeprefix("单位:").strip("()[]（）")
    return ALIASES.get(text, text)


def unit_info(raw: str | None) -> Unit | None:
    """The canonical unit, or None when the spelling is unknown."""
    return UNITS.get(normalize_unit(raw))


def is_unit(raw: str | None) -> bool:
    return unit_info(raw) is not None and normalize_unit(raw) != ""


def require_unit(raw: str | None, where: str = "") -> Unit:
    unit = unit_info(raw)
    if unit is None:
        known = "、".join(s for s in UNITS if s)
        raise UnitError(f"{where}未知单位「{raw}」；可用单位：{known}")
    return unit


def compatible(a: str | None, b: str | None) -> bool | None:
    """True/False when both units are known and given; None when either is unknown or empty (no evidence)."""
    ua, ub = unit_info(a), unit_info(b)
    if ua is None or ub is None or ua.family == NONE or ub.family == NONE:
        return None
    return ua.quantity == ub.quantity


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float:
    """Convert ``value`` between units of one quantity: convert(0.1, "‰", "1/10万") == 10."""
    src = require_unit(from_unit, "换算：")
    dst = require_unit(to_unit, "换算：")
    if src.quantity != dst.quantity:
        raise UnitError(
            f"换算：单位「{src.symbol}」（{QUANTITIES[src.quantity]}）与「{dst.symbol}」"
            f"（{QUANTITIES[dst.quantity]}）不是同一类量，不能换算"
        )
    # Round away binary noise (0.1‰ → 9.999999999999998/10万) without losing real precision.
    return round(value * src.factor / dst.factor, 10)


def display_unit(raw: str | None) -> str:
    """The unit as printed after a number: "1/10万" → "/10万", "%" → "%"; unknown units as given."""
    info = unit_info(raw)
    return info.shown if info else (raw or "")


def change_form(raw: str | None) -> tuple[str, str]:
    """How a year-on-year change of a value in this unit is worded: ("points", "个百分点") for %, ‰ and 1/万,
    ("unit", "岁") for counts, levels and durations (提高1.8岁), ("relative", "") otherwise (1/10万, money:
    比上年降低5.3%)."""
    info = unit_info(raw)
    if info is not None and info.points_change:
        return "points", info.change_word
    if info is None or not info.change_word or info.family in (RATE, POINTS):
        return "relative", ""
    return "unit", info.change_word


def change_word(raw: str | None) -> str:
    """The word after a difference of two values (a change, a gap): 个百分点 for %, 个十万分点 for 1/10万, the
    unit itself otherwise."""
    info = unit_info(raw)
    if info is not None and info.family in (RATE, POINTS):
        return info.change_word
    return display_unit(raw)


# --- indicators: a unit read together with the indicator's name --------------------------------------------

# Names of growth rates and changes: any sign, no scale (增长率 −3 % is fine).
CHANGE_WORDS = ("增长率", "增长", "增幅", "增速", "变化", "下降幅度", "比上年")
# Gross ratios may exceed 100 % (毛入学率 105 %: pupils of any age over the children of school age), but
# not by half: above 1.5 × the scale a value is a typing error.
GROSS_WORDS = ("毛入学率", "毛入园率")
GROSS_MAX = 1.5
# Per-capita names: "每千人口拥有…托位数", "每千名（0-14岁）儿童拥有…医生数", "每万人…", "人均…".
_PER_CAPITA = re.compile(r"每\s*(十万|10万|万|千|1000|百|100)\s*(?:人|名|户|个)|人均")
_PER_SCALE = {"十万": 1e5, "10万": 1e5, "万": 1e4, "千": 1e3, "1000": 1e3, "百": 100.0, "100": 100.0}


@dataclass(frozen=True)
class Measure:
    """How values of one indicator behave: its unit as read with its name."""

    unit: Unit
    family: str
    aggregation: str  # SUM | RATIO_OF_SUMS | WEIGHTED
    factor: float  # a value computed from numerator/denominator is num / den × factor
    lo: float | None
    hi: float | None
    change_word: str  # "" → a change is worded as a relative % change

    @property
    def symbol(self) -> str:
        return self.unit.symbol

    @property
    def shown(self) -> str:
        return self.unit.shown

    @property
    def is_rate(self) -> bool:
        return self.family == RATE

    @property
    def is_count(self) -> bool:
        """Additive: female + male = total, a subgroup never exceeds the total."""
        return self.family in (COUNT, MONEY)

    def bounds_text(self) -> str:
        lo = "" if self.lo is None else f"{self.lo:g}"
        hi = "" if self.hi is None else f"{self.hi:g}"
        return f"{lo}～{hi}{self.shown}"


_UNKNOWN = Unit("?", NONE, "none", 1.0, "未知")


def per_capita_scale(name: str) -> float | None:
    """Per how many people a per-capita indicator is counted (每千人口 → 1000, 人均 → 1); None if not one."""
    m = _PER_CAPITA.search(name or "")
    if not m:
        return None
    return _PER_SCALE[m.group(1)] if m.group(1) else 1.0


def measure(raw_unit: str | None, name: str = "") -> Measure:
    """The behaviour of indicator ``name`` measured in ``raw_unit`` (unknown units behave like no unit)."""
    info = unit_info(raw_unit)
    unit = info if info is not None else _UNKNOWN
    name = name or ""
    family = unit.family
    if any(w in name for w in CHANGE_WORDS) and family in (RATE, COUNT, NONE, MONEY):
        return Measure(unit, CHANGE, WEIGHTED, 1.0, None, None, unit.change_word if family == RATE else "")
    if family == RATE:
        hi = unit.hi * GROSS_MAX if any(w in name for w in GROSS_WORDS) and unit.hi else unit.hi
        return Measure(unit, RATE, RATIO_OF_SUMS, unit.scale or 1.0, 0.0, hi, unit.change_word)
    per = per_capita_scale(name) if family in (COUNT, MONEY, AREA, NONE) else None
    if per is not None:
        word = unit.symbol if family in (COUNT, AREA) else ""
        return Measure(unit, PER_CAPITA, RATIO_OF_SUMS, per, 0.0, None, word)
    if family in (COUNT, MONEY):
        return Measure(unit, family, SUM, 1.0, 0.0, None, unit.change_word)
    if family == NONE and name.endswith(("人数", "数量", "件数", "案件数", "个数")):
        return Measure(unit, COUNT, SUM, 1.0, 0.0, None, "")
    return Measure(unit, family, WEIGHTED, 1.0, unit.lo, unit.hi, unit.change_word)
