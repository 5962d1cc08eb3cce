"""The target grammar: a printed target ("≥94", "45左右", "控制在十万分之九以下", "逐年提高") → ``model.Target``.

The grammar, in the order it is tried (see CONVENTIONS.md and README.md, "How targets are read"):

1. several years in one text ("2025年达到80%，2030年达到90%") → one target per year; the plan's end year
   (or the last year) is the target, the others are milestones;
2. a change against another value of the same quantity ("以2020年为基数下降20%", "较2020年下降10%",
   "每年降低1个百分点") → relative, the change in ``detail``;
3. a target relative to another quantity ("不低于本地区党员总数中女性比例", "与女职工比例相适应") → relative;
4. a ratio ("2：3") → ratio; a range ("90%—95%") → at least the lower bound, both bounds in ``detail``;
5. a printed value (digits, Chinese fractions, 两成) with its comparator: a sign (≥ > ≤ <), a suffix
   (以上 以下 以内 左右) or a verb (不低于, 控制在, 降至, 达到, 保持在 …); without any, a table's bare number
   takes its comparator from the indicator's direction (``inferred``) — except a rate's bare "100", which is
   full coverage (exact) like a sentence's "100%";
6. full coverage without a number ("实现全覆盖") → exact 100 %; "零发生" → exact 0;
7. direction words (逐年提高 → up, 明显降低 / 得到控制 → down, 巩固 / 趋于平衡 / 保持合理比例 → maintain);
8. anything else → qualitative, with a ``note`` saying nothing was recognised.

Every value comes from the text; nothing is invented. Regexes are compiled once at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch.domain.units import VALUE_SUFFIX_PATTERN, normalize_unit

from . import model
from .numerals import CN_NUMERAL, NUMBER, fold_width, fraction_value, to_number

# ── Lexicon ────────────────────────────────────────────────────────────────────────────────────────────
YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})年(?:底|末)?")
BASE_YEAR_RE = re.compile(
    r"以(?:19|20)\d{2}年(?:的)?(?:数据|水平|数值)?(?:为|作为)?基(?:数|础|准|期|线)?"
    r"|(?:较|比|相比|由|从)(?:19|20)\d{2}年(?:底|末)?(?:的)?(?:水平)?"
)
# "由2020年的92%提高到95%以上": the first value is where the quantity starts from, not the target
FROM_VALUE_RE = re.compile(r"(?:由|从)(?:(?:19|20)\d{2}年(?:底|末)?)?(?:的)?(?=\d)")

# Counted units that "万" may scale in a printed value ("改水受益人口3万户" → 30000 户)
_SCALED_COUNTS = "户|个|所|家|名|人|件|张|座|处|项|次|册|例|支|平方米"
VALUE_RE = re.compile(
    rf"(?P<frac>(?P<den>十万|10万|万|千|百|{CN_NUMERAL}|{NUMBER})分之(?P<fnum>{NUMBER}|{CN_NUMERAL}))"
    r"|(?P<tenth>(?<![零〇一二两三四五六七八九十百千万\d])[一二两三四五六七八九]成)"
    # "至少配备一名女干部", "两个以上": a Chinese count with its counter word
    r"|(?P<cnint>(?<![零〇一二两三四五六七八九十百千万\d])[一二两三四五六七八九十]{1,3})(?P<counter>名|个|所|家|人|项|座|处|倍|张)"
    rf"|(?P<num>(?<![\d.]){NUMBER})(?P<per>/(?:10|十)万)?"
    # "3万户": 万 scales a counted unit (万人, 万元, 万人次 are units of their own and win)
    rf"(?:(?P<unit>%|‰|个百分点|百分点|{VALUE_SUFFIX_PATTERN})|万(?P<wan_unit>{_SCALED_COUNTS}))?"
)
SUFFIX_RE = re.compile(r"(?:\(含\))?(?:及|或)?(?:以上|以下|以内|之内|左右|上下)")
SIGN_RE = re.compile(r"(>=|<=|≥|≤|>|<|=)\s*$")

_SIGN = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", ">": ">", "<": "<", "=": "="}
_SUFFIX = {"以上": ">=", "以下": "<=", "以内": "<=", "之内": "<=", "左右": "~", "上下": "~"}

# Verbs before a value, by what they mean. Longer words first in the alternation so "不低于" wins over "低于".
_WORDS = {
    # "达到或超过80岁": at least 80, not more than 80
    ">=": (
        "不低于",
        "不少于",
        "不小于",
        "至少",
        "最少",
        "不得低于",
        "不得少于",
        "达到或超过",
        "达到或高于",
        "达到或优于",
    ),
    ">": ("高于", "超过", "大于", "多于", "优于"),
    "<": ("低于", "少于", "小于", "不到"),
    "<=": (
        "不高于",
        "不超过",
        "不多于",
        "不大于",
        "不得高于",
        "不得超过",
        "控制在",
        "控制到",
        "控制于",
        "下降到",
        "下降至",
        "下降为",
        "降低到",
        "降低至",
        "降低为",
        "降至",
        "降到",
        "降为",
        "减少到",
        "减少至",
        "减至",
        "压减至",
        "压缩至",
    ),
    "maintain": ("保持在", "稳定在", "维持在", "保持", "稳定", "维持"),
    "~": ("约为", "大约", "约"),
    "reach": (
        "达到",
        "达",
        "提高到",
        "提高至",
        "提升到",
        "提升至",
        "增加到",
        "增加至",
        "增长到",
        "增长至",
        "增至",
        "上升到",
        "上升至",
        "扩大到",
        "扩大至",
        "为",
        "是",
        "有",
        "实现",
    ),
}
_WORD_MEANING = {w: meaning for meaning, words in _WORDS.items() for w in words}
WORD_RE = re.compile("|".join(sorted(map(re.escape, _WORD_MEANING), key=len, reverse=True)))

FULL_COVERAGE_RE = re.compile(
    r"全覆盖|全面覆盖|全部覆盖|应保尽保|应助尽助|应检尽检|应筛尽筛|应种尽种|全部(?:达标|建立|配备)"
)

# Direction and level words (CONVENTIONS table). Checked in this order: level, down, up, keep.
MAINTAIN_RE = re.compile(
    r"巩固|趋于平衡|趋向平衡|基本平衡|保持平衡|保持均衡|均衡|合理比例|适当比例|一定比例|合理水平|合理区间|"
    r"自然状态|正常范围|趋于正常|恢复正常|正常水平|保持稳定(?!增长|提高|提升)|稳定在合理|持平"
)
DOWN_RE = re.compile(
    r"稳中有降|降低|下降|减少|减缓|减轻|缩小|控制|遏制|压减|压缩|下滑|回落|降至|降到|逐步消除|明显消除|有效防控"
)
# 优化 is not here: optimising a share may mean raising or lowering it
UP_RE = re.compile(
    r"稳中有升|有所上升|提高|提升|增长|增加|上升|扩大|延长|增强|增多|加大|改善|拓展|拓宽|壮大|攀升"
)
SLOWING_RISE_RE = re.compile(r"(?:上升|增长|增加)(?:的)?(?:趋势|势头|速度)(?:明显|逐步|有所)?(?:减缓|放缓)")
KEEP_RE = re.compile(r"保持|稳定|维持|持续保持")

RELATIVE_RE = re.compile(
    r"(?P<word>不低于|不少于|不得低于|高于|优于|不高于|低于|达到|相当于|等于|控制在|保持在|稳定在)"
    r"(?P<ref>[^,，。;；\d]{2,40}?(?:比例|比重|占比|水平|目标|标准|均值|平均值|平均数|要求))"
    r"(?:的?(?:水平|要求))?(?P<side>及?以上|及?以下)?$"
    r"|^与(?P<ref2>[^,，。;；\d]{2,40}?(?:比例|比重|占比|水平|数量|人数|率))(?:相适应|相当|相一致|相协调|相匹配|同步)"
)
_RELATIVE_CMP = {
    "不低于": ">=",
    "不少于": ">=",
    "不得低于": ">=",
    "高于": ">",
    "优于": ">",
    "不高于": "<=",
    "低于": "<",
    "达到": ">=",
    "相当于": "~",
    "等于": "=",
    "控制在": "<=",
    "保持在": "~",
    "稳定在": "~",
}

CHANGE_RE = re.compile(
    r"(?:以(?P<base>(?:19|20)\d{2})年(?:的)?(?:数据|水平|数值)?(?:为|作为)?基(?:数|础|准|期|线)?"
    r"|(?:较|比|相比)(?P<base2>(?:19|20)\d{2})年(?:的)?(?:水平|底|末)?"
    r"|在上一?年度?(?:的)?基础上|(?P<annual>每年|年均|逐年)"
    r"|(?P<bare>^(?:再|累计|进一步|逐步|平均|持续)?))"
    r"[,，]?(?P<verb>下降|降低|减少|提高|提升|增长|增加|上升)了?"
    # "降低0.5到1个百分点" (a range of changes), "下降1/5", "减少三分之一" (a share of the base level)
    rf"(?:(?:(?P<lo>{NUMBER})(?:到|至|-|—|~)(?=\d))?(?P<num>{NUMBER})(?P<unit>%|个百分点|百分点)"
    r"|(?P<fa>\d{1,2})/(?P<fb>\d{1,2})(?![\d万])"
    rf"|(?P<cden>{CN_NUMERAL})分之(?P<cnum>{CN_NUMERAL}))(?P<suffix>以上|左右)?"
)
# "90%—95%", "保持在95%-98%": a range; read as at least the lower bound, the upper bound kept in detail
RANGE_RE = re.compile(
    rf"(?P<lo>{NUMBER})(?P<u1>%|‰)?(?:—|-|~|～|至|到)(?P<hi>{NUMBER})(?P<u2>%|‰)?(?![\d.]|岁|个?月|年|周|天)"
)
# "≥95（2025年≥90）": another year's target in brackets (after folding, brackets are ASCII)
BRACKET_YEAR_RE = re.compile(r"\((?P<inner>[^()]*(?:19|20)\d{2}年[^()]*)\)")
# "零发生", "动态清零": a count that should be zero
ZERO_RE = re.compile(r"零发生|动态清零|实现清零|零事故|零死亡|零病例")
RATIO_TARGET_RE = re.compile(rf"(?<![\d.:])(?P<a>{NUMBER}):(?P<b>{NUMBER})(?![\d:])")

_UP_CHANGE = ("提高", "提升", "增长", "增加", "上升")


@dataclass
class ParsedTarget:
    target: model.Target
    milestones: list[model.Target] = field(default_factory=list)
    unit: str = ""


@dataclass
class ValueMatch:
    """A printed value inside a (folded, compact) text."""

    start: int
    end: int
    value: float
    unit: str


def compact(text: str) -> tuple[str, list[int]]:
    """Fold widths and drop whitespace: (compact text, original index of every compact character)."""
    folded = fold_width(text)
    keep = [i for i, c in enumerate(folded) if not c.isspace()]
    return "".join(folded[i] for i in keep), keep


def find_values(s: str) -> list[ValueMatch]:
    """Printed values in ``s`` (folded, compact), years and year-like numbers excluded.

    "5岁以下" inside a subject is a value too; callers pass only the target part of a sentence.
    """
    out: list[ValueMatch] = []
    for m in VALUE_RE.finditer(s):
        if m.group("frac"):
            fv = fraction_value(m.group("den"), m.group("fnum"))
            if fv is None:
                continue
            out.append(ValueMatch(m.start(), m.end(), fv[0], fv[1]))
        elif m.group("tenth"):
            n = to_number(m.group("tenth")[0])
            if n is not None:
                out.append(ValueMatch(m.start(), m.end(), n * 10, "%"))
        elif m.group("cnint"):
            n = to_number(m.group("cnint"))
            if n is not None:
                out.append(ValueMatch(m.start(), m.end(), n, normalize_unit(m.group("counter"))))
        else:
            num = m.group("num")
            unit = m.group("unit") or ""
            # "2025年" is a year, "202" inside "2025" is never matched because of the look-behind
            if unit == "年" and re.fullmatch(r"(?:19|20)\d{2}", num):
                continue
            value = float(num)
            if m.group("per"):
                unit = "1/10万"
            elif m.group("wan_unit"):
                value, unit = value * 10000, normalize_unit(m.group("wan_unit"))
            elif unit:
                unit = normalize_unit(unit)
            out.append(ValueMatch(m.start(), m.end(), value, unit))
    return out


def _years(s: str) -> list[re.Match]:
    """Year mentions that say when a target is due (not "以2020年为基数")."""
    bases = [m.span() for m in BASE_YEAR_RE.finditer(s)]
    return [m for m in YEAR_RE.finditer(s) if not any(a <= m.start() < b for a, b in bases)]


def _comparator_for(direction: str) -> str:
    if direction == "lower_is_better":
        return "<="
    if direction == "neutral":
        return "="
    return ">="


def _kind_for(comparator: str) -> str:
    return {
        ">=": "numeric_min",
        ">": "numeric_min",
        "<=": "numeric_max",
        "<": "numeric_max",
        "=": "numeric_exact",
    }[comparator]


def _direction_target(s: str, text: str, year: int, unit: str) -> model.Target:
    """A target without a printed value: full coverage, level words, direction words, or qualitative."""
    if FULL_COVERAGE_RE.search(s):
        return model.Target(text, "numeric_exact", "=", 100.0, year, "%")
    if MAINTAIN_RE.search(s):
        return model.Target(text, "maintain", None, None, year, unit)
    if SLOWING_RISE_RE.search(s):
        # "患病率上升趋势减缓": the rise slows, the rate itself may still rise — no direction for the rate
        return model.Target(text, "qualitative", None, None, year, unit)
    down, up = DOWN_RE.search(s), UP_RE.search(s)
    # "上升趋势得到有效控制" / "增长率持续减缓": a rise that is being curbed reads as down
    if down and (not up or "趋势" in s or down.start() < up.start() or re.search(r"控制|减缓|遏制", s)):
        return model.Target(text, "direction_down", None, None, year, unit)
    if up:
        return model.Target(text, "direction_up", None, None, year, unit)
    if KEEP_RE.search(s):
        return model.Target(text, "maintain", None, None, year, unit)
    return model.Target(text, "qualitative", None, None, year, unit)


def _value_target(
    s: str, text: str, vm: ValueMatch, *, direction: str, year: int, unit: str, table_cell: bool
) -> model.Target:
    """Comparator for the value ``vm`` of ``s``: printed sign > suffix > verb > inferred from direction."""
    value_unit = vm.unit or unit
    prefix, rest = s[: vm.start], s[vm.end :]
    sign = SIGN_RE.search(prefix)
    suffix = SUFFIX_RE.match(rest)
    words = [w.group() for w in WORD_RE.finditer(prefix)]
    word = _WORD_MEANING[words[-1]] if words else None
    if sign:
        cmp = _SIGN[sign.group(1)]
        return model.Target(text, _kind_for(cmp), cmp, vm.value, year, value_unit)
    if suffix:
        cmp = _SUFFIX[suffix.group().replace("(含)", "").lstrip("及或")]
        if cmp == "~":
            return model.Target(text, "approx", "~", vm.value, year, value_unit)
        return model.Target(text, _kind_for(cmp), cmp, vm.value, year, value_unit)
    if word in (">=", ">", "<", "<="):
        return model.Target(text, _kind_for(word), word, vm.value, year, value_unit)
    if word == "~":
        return model.Target(text, "approx", "~", vm.value, year, value_unit)
    if word == "maintain":
        return model.Target(text, "maintain", _comparator_for(direction), vm.value, year, value_unit)
    if not table_cell and vm.value == 100 and value_unit == "%":
        return model.Target(text, "numeric_exact", "=", vm.value, year, value_unit)
    if table_cell and vm.value == 100 and value_unit == "%" and direction != "lower_is_better":
        # a rate cannot exceed 100 %: a bare "100" is full coverage (=, met within ±1 %), not "≥100"
        note = "未标明比较符，率的目标值为100%，按全覆盖推定为“=”"
        return model.Target(text, "numeric_exact", "=", vm.value, year, value_unit, inferred=True, note=note)
    cmp = _comparator_for(direction)
    if word == "reach":
        if cmp == "=":
            return model.Target(text, "numeric_exact", "=", vm.value, year, value_unit)
        return model.Target(text, _kind_for(cmp), cmp, vm.value, year, value_unit)
    note = (
        f"未标明比较符，按指标方向（{'越低越好' if cmp == '<=' else '越高越好'}）推定为“{cmp}”"
        if cmp != "="
        else "未标明比较符，按中性指标推定为“=”"
    )
    return model.Target(text, _kind_for(cmp), cmp, vm.value, year, value_unit, inferred=True, note=note)


def _parse_one(s: str, text: str, *, direction: str, year: int, unit: str, table_cell: bool) -> model.Target:
    """One target in ``s`` (folded, compact, for one year); ``text`` is what the plan printed."""
    change = CHANGE_RE.search(s)
    if change:
        # a change against another value of the same quantity (a base year, the previous year): relative, the
        # reference and the size of the change in detail
        up = change.group("verb") in _UP_CHANGE
        if change.group("num"):
            size, change_unit = float(change.group("num")), normalize_unit(change.group("unit"))
        elif change.group("fa"):
            size, change_unit = 100 * float(change.group("fa")) / float(change.group("fb")), "%"
        else:
            den, num = to_number(change.group("cden")), to_number(change.group("cnum"))
            size, change_unit = 100 * num / den, "%"
        detail: dict = {"change": round(size * (1 if up else -1), 4), "change_unit": change_unit}
        if change.group("lo"):
            detail["range"] = [float(change.group("lo")), size]
            detail["change"] = float(change.group("lo")) * (1 if up else -1)  # at least the smaller change
        base = change.group("base") or change.group("base2")
        if base:
            detail["reference"] = f"{base}年水平"
            detail["base_year"] = int(base)
        elif change.group("bare") is not None:
            # "下降20%" (not "下降到20%"): a change against the plan's base level
            detail["reference"] = "基期水平"
        else:
            detail["reference"] = "上一年度水平"
            detail["per"] = "year"
        if change.group("suffix") == "以上":
            detail["at_least"] = True
        # percentage points move a rate printed in %; a relative % change says nothing about the unit
        target_unit = "%" if change_unit == "个百分点" else unit
        return model.Target(text, "relative", ">=" if up else "<=", None, year, target_unit, detail=detail)
    rel = RELATIVE_RE.search(s)
    if rel:
        ref = rel.group("ref") or rel.group("ref2")
        side = (rel.group("side") or "").lstrip("及")
        cmp = _SUFFIX[side] if side else _RELATIVE_CMP.get(rel.group("word") or "", "~")
        return model.Target(text, "relative", cmp, None, year, unit, detail={"reference": ref})
    ratio = RATIO_TARGET_RE.search(s)
    if ratio and float(ratio.group("b")) == 0:
        return model.Target(
            text, "qualitative", None, None, year, unit, note=f"比值“{ratio.group()}”的后项为0，无法计算"
        )
    if ratio:
        a, b = float(ratio.group("a")), float(ratio.group("b"))
        return model.Target(text, "ratio", "=", a / b, year, unit, detail={"a": a, "b": b})
    rng = RANGE_RE.search(s)
    if rng and float(rng.group("hi")) > float(rng.group("lo")):
        lo, hi = float(rng.group("lo")), float(rng.group("hi"))
        rng_unit = normalize_unit(rng.group("u2") or rng.group("u1") or "") or unit
        return model.Target(
            text,
            "numeric_min",
            ">=",
            lo,
            year,
            rng_unit,
            note=f"区间目标 {rng.group()}：按下限记录，上限见 detail",
            detail={"range": [lo, hi]},
        )
    values = find_values(s)
    if not values and ZERO_RE.search(s):
        return model.Target(text, "numeric_exact", "=", 0.0, year, unit)
    start = FROM_VALUE_RE.search(s)
    if start and len(values) >= 2 and values[0].start == start.end():
        target = _value_target(
            s, text, values[1], direction=direction, year=year, unit=unit, table_cell=table_cell
        )
        target.detail["from"] = values[0].value
        return target
    if start and len(values) == 1 and values[0].start == start.end():
        # "由90%提高到全覆盖", "从5‰进一步下降": the only number is where the quantity starts, never its target
        target = _direction_target(s[values[0].end :], text, year, values[0].unit or unit)
        target.detail["from"] = values[0].value
        return target
    if values:
        return _value_target(
            s, text, values[0], direction=direction, year=year, unit=unit, table_cell=table_cell
        )
    return _direction_target(s, text, year, unit)


def parse_piece(
    piece: str, *, text: str, direction: str = "higher_is_better", year: int = 2030, unit: str = ""
) -> model.Target:
    """One value of a distributed predicate (see ``distribute``); ``text`` is the printed predicate."""
    s, _ = compact(piece)
    return _parse_one(
        s, text, direction=direction, year=year, unit=normalize_unit(unit) if unit else "", table_cell=False
    )


def distribute(s: str) -> list[str]:
    """Split a predicate with several values ("分别降至2‰、3.5‰和5‰及以下") into one predicate per value.

    The verb before the first value is shared; a value without its own suffix (以上/以下/左右) takes the
    suffix of the last value ("控制在8%和4%以下" → "控制在8%以下", "控制在4%以下"). A predicate with one value
    is returned unchanged.
    """
    values = find_values(s)
    if len(values) < 2:
        return [s]
    verb = re.sub(r"分别|均|都", "", s[: values[0].start])
    suffixes = []
    for vm in values:
        m = SUFFIX_RE.match(s, vm.end)
        suffixes.append(m.group() if m else "")
    last = suffixes[-1]
    return [f"{verb}{s[vm.start : vm.end]}{suf or last}" for vm, suf in zip(values, suffixes, strict=True)]


def _slice(text: str, index: list[int], start: int, end: int) -> str:
    """The printed text behind compact positions [start, end)."""
    if start >= end or not index:
        return ""
    return text[index[start] : index[end - 1] + 1].strip()


def parse_target(
    text: str,
    *,
    direction: str = "higher_is_better",
    year: int = 2030,
    unit: str = "",
    table_cell: bool = False,
) -> ParsedTarget:
    """Read one printed target (a table cell or the predicate of a goal sentence).

    ``direction`` decides comparators that are not printed ("达到94", a bare "2.3" in a table); ``year`` is the
    plan's end year, used when the text names none; ``unit`` is the indicator's unit from the table header.
    """
    printed = (text or "").strip()
    s, index = compact(printed)
    unit = normalize_unit(unit) if unit else ""
    bracket = BRACKET_YEAR_RE.search(s)
    if bracket and find_values(YEAR_RE.sub("", bracket.group("inner"))):
        # "≥95（2025年≥90）": the bracket holds another year's target
        outside = s[: bracket.start()] + s[bracket.end() :]
        main = _parse_one(outside, printed, direction=direction, year=year, unit=unit, table_cell=table_cell)
        inner = parse_target(
            _slice(printed, index, bracket.start("inner"), bracket.end("inner")),
            direction=direction,
            year=year,
            unit=unit,
            table_cell=table_cell,
        )
        return ParsedTarget(main, [inner.target, *inner.milestones], main.unit or unit)
    years = _years(s)
    if len(years) >= 2:
        parsed = _parse_years(
            s, printed, index, years, direction=direction, year=year, unit=unit, table_cell=table_cell
        )
        if parsed:
            return parsed
    target_year = int(years[0].group(1)) if years else year
    body = s
    if years:
        # the year phrase is not part of the value ("2025年达到80%")
        body = s[: years[0].start()] + s[years[0].end() :]
    target = _parse_one(
        body, printed, direction=direction, year=target_year, unit=unit, table_cell=table_cell
    )
    if target.kind == "qualitative" and not target.note:
        # say why, so that an import can warn about cells the grammar does not know
        target.note = (
            "目标为空" if not s else f"目标“{printed}”中未识别出数值、比较符或方向词，按定性目标记录"
        )
    return ParsedTarget(target, [], target.unit or unit)


def _parse_years(
    s: str,
    printed: str,
    index: list[int],
    years: list[re.Match],
    *,
    direction: str,
    year: int,
    unit: str,
    table_cell: bool,
) -> ParsedTarget | None:
    """Targets for several years: "2025年达到80%以上，2030年实现基本普及" or "2025年和2030年分别达到80%和90%"."""
    targets: list[model.Target] = []
    between = s[years[0].end() : years[1].start()]
    if re.fullmatch(r"[和及、与,，]?", between):
        # "2025年和2030年…分别达到80%以上和82%以上": one value per year, in order
        listed = [years[0]]
        for m in years[1:]:
            if re.fullmatch(r"[和及、与,，]?", s[listed[-1].end() : m.start()]):
                listed.append(m)
        rest = s[listed[-1].end() :]
        parts = distribute(rest)
        if len(parts) != len(listed):
            return None
        for m, part in zip(listed, parts, strict=True):
            t = _parse_one(
                part, printed, direction=direction, year=int(m.group(1)), unit=unit, table_cell=table_cell
            )
            targets.append(t)
    else:
        bounds = [m.start() for m in years] + [len(s)]
        for i, m in enumerate(years):
            seg = s[m.end() : bounds[i + 1]].strip(",，;；。")
            if not seg:
                continue
            seg_text = _slice(printed, index, m.start(), bounds[i + 1]).rstrip(",，;；。")
            targets.append(
                _parse_one(
                    seg, seg_text, direction=direction, year=int(m.group(1)), unit=unit, table_cell=table_cell
                )
            )
    if len(targets) < 2:
        return None
    main = next((t for t in targets if t.year == year), None) or max(targets, key=lambda t: t.year or 0)
    milestones = [t for t in targets if t is not main]
    return ParsedTarget(main, milestones, main.unit or unit)
