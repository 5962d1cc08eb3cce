"""The target grammar (CONVENTIONS.md table): printed forms → kind, comparator, value, unit, year."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planwatch.domain.targets import TARGET_KINDS
from planwatch.parsing.numerals import fold_width
from planwatch.parsing.targets import distribute, find_values, parse_target

# (printed, kwargs, kind, comparator, value, unit)
GRAMMAR = [
    # numeric_min
    ("≥94", {}, "numeric_min", ">=", 94, ""),
    ("94以上", {}, "numeric_min", ">=", 94, ""),
    ("94及以上", {}, "numeric_min", ">=", 94, ""),
    ("不低于94", {}, "numeric_min", ">=", 94, ""),
    ("达到94%以上", {}, "numeric_min", ">=", 94, "%"),
    ("保持在94%以上", {}, "numeric_min", ">=", 94, "%"),
    ("稳定在94%以上", {}, "numeric_min", ">=", 94, "%"),
    ("达到并保持在95%以上", {}, "numeric_min", ">=", 95, "%"),
    ("力争达到30%以上", {}, "numeric_min", ">=", 30, "%"),
    ("保持50%以上", {}, "numeric_min", ">=", 50, "%"),
    (">98.5", {}, "numeric_min", ">", 98.5, ""),
    ("＞98.5", {}, "numeric_min", ">", 98.5, ""),
    ("高于98.5", {}, "numeric_min", ">", 98.5, ""),
    ("超过98.5", {}, "numeric_min", ">", 98.5, ""),
    ("高于90%", {}, "numeric_min", ">", 90, "%"),
    # numeric_max
    ("<8", {}, "numeric_max", "<", 8, ""),
    ("低于8", {}, "numeric_max", "<", 8, ""),
    ("≤8", {}, "numeric_max", "<=", 8, ""),
    ("8以下", {}, "numeric_max", "<=", 8, ""),
    ("控制在8以下", {}, "numeric_max", "<=", 8, ""),
    ("不高于8", {}, "numeric_max", "<=", 8, ""),
    ("下降到8‰以下", {}, "numeric_max", "<=", 8, "‰"),
    ("降至8以下", {}, "numeric_max", "<=", 8, ""),
    ("下降到8", {}, "numeric_max", "<=", 8, ""),
    ("降低到8", {}, "numeric_max", "<=", 8, ""),
    ("降至2‰", {}, "numeric_max", "<=", 2, "‰"),
    ("控制在25%以内", {}, "numeric_max", "<=", 25, "%"),
    ("控制在十万分之九以下", {"direction": "lower_is_better"}, "numeric_max", "<=", 9, "1/10万"),
    ("下降到十万分之九以下", {}, "numeric_max", "<=", 9, "1/10万"),
    ("控制在8.5/10万以下", {}, "numeric_max", "<=", 8.5, "1/10万"),
    ("控制在８．５/１０万以下", {}, "numeric_max", "<=", 8.5, "1/10万"),
    ("控制在千分之五以下", {}, "numeric_max", "<=", 5, "‰"),
    # 达到 without 以上/以下: by direction
    ("达到94", {"direction": "higher_is_better"}, "numeric_min", ">=", 94, ""),
    ("达到94", {"direction": "lower_is_better"}, "numeric_max", "<=", 94, ""),
    ("提高到95%", {}, "numeric_min", ">=", 95, "%"),
    ("达到4.5个", {}, "numeric_min", ">=", 4.5, "个"),
    ("达到15.5年以上", {}, "numeric_min", ">=", 15.5, "年"),
    ("达到百分之八十", {}, "numeric_min", ">=", 80, "%"),
    ("两成以上", {}, "numeric_min", ">=", 20, "%"),
    ("四成左右", {}, "approx", "~", 40, "%"),
    # numeric_exact in sentences
    ("100%", {}, "numeric_exact", "=", 100, "%"),
    ("达到100%", {}, "numeric_exact", "=", 100, "%"),
    ("实现全覆盖", {}, "numeric_exact", "=", 100, "%"),
    ("100%覆盖", {}, "numeric_exact", "=", 100, "%"),
    # approx
    ("45左右", {}, "approx", "~", 45, ""),
    ("保持在45%左右", {}, "approx", "~", 45, "%"),
    # maintain with a level
    ("保持在90%", {}, "maintain", ">=", 90, "%"),
    ("保持在2%", {"direction": "lower_is_better"}, "maintain", "<=", 2, "%"),
    # directions
    ("逐年提高", {}, "direction_up", None, None, ""),
    ("提高", {}, "direction_up", None, None, ""),
    ("逐步提高", {}, "direction_up", None, None, ""),
    ("稳步提高", {}, "direction_up", None, None, ""),
    ("明显提升", {}, "direction_up", None, None, ""),
    ("持续增长", {}, "direction_up", None, None, ""),
    ("不断提高", {}, "direction_up", None, None, ""),
    ("增加", {}, "direction_up", None, None, ""),
    ("延长", {}, "direction_up", None, None, ""),
    ("逐年降低", {}, "direction_down", None, None, ""),
    ("明显降低", {}, "direction_down", None, None, ""),
    ("下降", {}, "direction_down", None, None, ""),
    ("逐步下降", {}, "direction_down", None, None, ""),
    ("得到控制", {}, "direction_down", None, None, ""),
    ("有效控制", {}, "direction_down", None, None, ""),
    ("持续减少", {}, "direction_down", None, None, ""),
    ("减少", {}, "direction_down", None, None, ""),
    ("上升趋势得到有效控制", {}, "direction_down", None, None, ""),
    # maintain without a level
    ("趋于平衡", {}, "maintain", None, None, ""),
    ("保持合理比例", {}, "maintain", None, None, ""),
    ("保持稳定", {}, "maintain", None, None, ""),
    ("巩固提高", {}, "maintain", None, None, ""),
    ("巩固", {}, "maintain", None, None, ""),
    ("保持", {}, "maintain", None, None, ""),
    ("保持均衡", {}, "maintain", None, None, ""),
    # qualitative
    ("实现基本普及", {}, "qualitative", None, None, ""),
    ("显著改善", {"direction": "higher_is_better"}, "direction_up", None, None, ""),
    ("逐步优化", {}, "qualitative", None, None, ""),
    ("上升趋势减缓", {}, "qualitative", None, None, ""),
    ("", {}, "qualitative", None, None, ""),
    ("以上", {}, "qualitative", None, None, ""),
]


@pytest.mark.parametrize(
    ("printed", "kwargs", "kind", "cmp", "value", "unit"), GRAMMAR, ids=[g[0] or "empty" for g in GRAMMAR]
)
def test_grammar(
    printed: str, kwargs: dict, kind: str, cmp: str | None, value: float | None, unit: str
) -> None:
    t = parse_target(printed, **kwargs).target
    assert (t.kind, t.comparator, t.value, t.unit) == (kind, cmp, value, unit)
    assert t.text == printed.strip()
    assert t.year == 2030
    assert not t.inferred


@pytest.mark.parametrize(
    ("cell", "direction", "kind", "cmp"),
    [("100", "higher_is_better", "numeric_min", ">="), ("2.3", "lower_is_better", "numeric_max", "<=")],
)
def test_bare_number_in_table_is_inferred(cell: str, direction: str, kind: str, cmp: str) -> None:
    t = parse_target(cell, direction=direction, table_cell=True, unit="‰").target
    assert (t.kind, t.comparator, t.value, t.unit) == (kind, cmp, float(cell), "‰")
    assert t.inferred
    assert "推定" in t.note and cmp in t.note


@pytest.mark.parametrize(("cell", "unit"), [("100", "%"), ("100", "（%）"), ("100%", "")])
def test_bare_100_of_a_rate_in_a_table_is_full_coverage(cell: str, unit: str) -> None:
    t = parse_target(cell, direction="higher_is_better", table_cell=True, unit=unit).target
    assert (t.kind, t.comparator, t.value, t.unit) == ("numeric_exact", "=", 100.0, "%")
    assert t.inferred and "全覆盖" in t.note
    # not a rate, or a number below 100: the direction decides as before
    assert (
        parse_target("100", direction="higher_is_better", table_cell=True, unit="个").target.kind
        == "numeric_min"
    )
    assert (
        parse_target("99", direction="higher_is_better", table_cell=True, unit="%").target.comparator == ">="
    )


def test_table_unit_and_printed_unit() -> None:
    assert parse_target("≥82.3", unit="岁", table_cell=True).unit == "岁"
    assert parse_target("≥82.3", unit="（岁）", table_cell=True).unit == "岁"
    # the printed unit wins over the header's
    assert parse_target("达到90%", unit="").target.unit == "%"


def test_table_cell_split_over_two_lines_joined() -> None:
    assert parse_target("巩固\n提高", table_cell=True).target.kind == "maintain"
    assert parse_target("明显\n提高", table_cell=True).target.kind == "direction_up"


def test_relative_target() -> None:
    t = parse_target("不低于本地区党员总数中女性比例").target
    assert (t.kind, t.comparator, t.value) == ("relative", ">=", None)
    assert t.detail == {"reference": "本地区党员总数中女性比例"}
    t = parse_target("与女职工比例相适应").target
    assert (t.kind, t.comparator, t.detail) == ("relative", "~", {"reference": "女职工比例"})
    # a reference that names no quantity is no relative target
    assert parse_target("与实际需求相适应").target.kind == "qualitative"


def test_change_against_a_base_is_relative() -> None:
    t = parse_target("以2020年数据为基数下降20%").target
    assert (t.kind, t.comparator, t.value, t.year, t.unit) == ("relative", "<=", None, 2030, "")
    assert t.detail["base_year"] == 2020 and t.detail["change"] == -20
    t = parse_target("在上一年度基础上每年降低1个百分点以上").target
    assert (t.kind, t.comparator, t.unit) == ("relative", "<=", "%")
    assert t.detail["change"] == -1 and t.detail["per"] == "year"


def test_ratio() -> None:
    for printed in ("2：3", "2:3", "２：３"):
        t = parse_target(printed).target
        assert (t.kind, t.comparator) == ("ratio", "=")
        assert t.value == pytest.approx(2 / 3)
        assert t.detail == {"a": 2, "b": 3}
    assert parse_target("1:0").target.kind == "qualitative"


def test_milestones_in_one_cell() -> None:
    p = parse_target("2025年达到80%，2030年达到90%")
    assert (p.target.year, p.target.kind, p.target.value) == (2030, "numeric_min", 90)
    assert [(m.year, m.kind, m.comparator, m.value) for m in p.milestones] == [
        (2025, "numeric_min", ">=", 80)
    ]
    assert p.milestones[0].text == "2025年达到80%"


def test_milestone_then_qualitative() -> None:
    p = parse_target("2025年普及率达到80%以上，2030年实现基本普及")
    assert (p.target.year, p.target.kind) == (2030, "qualitative")
    assert [(m.year, m.comparator, m.value) for m in p.milestones] == [(2025, ">=", 80)]


def test_years_listed_with_values_distributed() -> None:
    p = parse_target("2025年和2030年分别达到80%以上和82%以上")
    assert (p.target.year, p.target.value) == (2030, 82)
    assert [(m.year, m.value) for m in p.milestones] == [(2025, 80)]


def test_year_stated_in_text_and_base_year_ignored() -> None:
    assert parse_target("2025年达到4.5个", year=2030).target.year == 2025
    assert parse_target("达到4.5个", year=2025).target.year == 2025


def test_distribute() -> None:
    assert distribute("分别降至2‰、3.5‰和5‰及以下") == ["降至2‰及以下", "降至3.5‰及以下", "降至5‰及以下"]
    assert distribute("分别控制在8%和4%以下") == ["控制在8%以下", "控制在4%以下"]
    assert distribute("分别达到80%以上和82%以上") == ["达到80%以上", "达到82%以上"]
    assert distribute("达到90%") == ["达到90%"]


def test_find_values_skips_years() -> None:
    assert [v.value for v in find_values("2025年达到80%")] == [80]
    assert [v.unit for v in find_values("10/10万以下和9/10万以下")] == ["1/10万", "1/10万"]


# ── Properties ───────────────────────────────────────────────────────────────────────────────────────────
numbers = st.one_of(
    st.integers(min_value=0, max_value=100000).map(str),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(0, 99)),
)
units = st.sampled_from(["", "%", "‰", "岁", "年", "个", "万人"])
min_forms = st.sampled_from(
    ["≥{x}", "{x}以上", "{x}及以上", "不低于{x}", "达到{x}以上", "保持在{x}以上", "稳定在{x}以上"]
)
max_forms = st.sampled_from(["≤{x}", "{x}以下", "控制在{x}以下", "不高于{x}", "降至{x}以下", "下降到{x}"])


def _is_year(x: str, unit: str) -> bool:
    """ "2025年" is a year, never a value of unit 年 (documented limit of the grammar)."""
    return unit == "年" and bool(re.fullmatch(r"(?:19|20)\d{2}", x))


@settings(max_examples=300, deadline=None)
@given(
    x=numbers, unit=units, form=min_forms, direction=st.sampled_from(["higher_is_better", "lower_is_better"])
)
def test_min_forms_round_trip(x: str, unit: str, form: str, direction: str) -> None:
    assume(not _is_year(x, unit))
    t = parse_target(form.format(x=x + unit), direction=direction).target
    assert t.kind == "numeric_min" and t.comparator == ">="
    assert t.value == float(x)
    assert t.unit == unit


@settings(max_examples=300, deadline=None)
@given(x=numbers, unit=units, form=max_forms)
def test_max_forms_round_trip(x: str, unit: str, form: str) -> None:
    assume(not _is_year(x, unit))
    t = parse_target(form.format(x=x + unit)).target
    assert t.kind == "numeric_max" and t.comparator == "<="
    assert t.value == float(x)


_TO_FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789.%:<>="}


@settings(max_examples=300, deadline=None)
@given(x=numbers, unit=units, form=st.one_of(min_forms, max_forms), pad=st.sampled_from(["", " ", "\u3000"]))
def test_full_width_and_half_width_parse_the_same(x: str, unit: str, form: str, pad: str) -> None:
    assume(not _is_year(x, unit))
    half = form.format(x=x + unit)
    full = "".join(_TO_FULL.get(c, c) for c in half)
    a, b = parse_target(half).target, parse_target(pad + full + pad).target
    assert (a.kind, a.comparator, a.value, a.unit) == (b.kind, b.comparator, b.value, b.unit)


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            list("0123456789.%‰以上下达到不低于控制在左右保持年和、，分之十九万千百零发生≥≤<>:成—")
        ),
        max_size=24,
    )
)
def test_value_always_printed_in_text(text: str) -> None:
    """Whatever the input, a value comes from the text: no comparator phrase invents a number."""
    t = parse_target(text).target
    assert t.kind in TARGET_KINDS
    if t.value is None or t.kind == "ratio":
        return
    folded = fold_width(text)
    printed = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", folded)}
    # Chinese numerals, fractions (十分之九 → 90 %) and 成 are printed numbers too, in another notation
    spelled = bool(re.search(r"[零十九万千百]|成|分之", folded))
    assert t.value in printed or spelled, (text, t)


def test_unknown_and_empty_cells_say_why() -> None:
    t = parse_target("详见附件", table_cell=True).target
    assert t.kind == "qualitative" and "详见附件" in t.note and "定性" in t.note
    assert parse_target("   ", table_cell=True).target.note == "目标为空"
    assert "后项为0" in parse_target("1:0").target.note
    # a known qualitative phrase still says it was not read as a number
    assert parse_target("实现基本普及").target.kind == "qualitative"


def test_garbage_never_raises() -> None:
    for junk in (
        "\x00\x01",
        "%%%",
        "≥",
        "以上以下左右",
        "分之",
        "2025年",
        "2025年和2030年分别",
        "::",
        ".....",
    ):
        t = parse_target(junk, table_cell=True).target
        assert t.kind == "qualitative", junk
        assert t.value is None


def test_change_against_an_earlier_year() -> None:
    t = parse_target("较2020年下降10%").target
    assert (t.kind, t.comparator, t.year) == ("relative", "<=", 2030)
    assert t.detail["base_year"] == 2020 and t.detail["change"] == -10
    t = parse_target("比2020年提高5个百分点").target
    assert (t.kind, t.comparator, t.unit) == ("relative", ">=", "%")


def test_range_keeps_both_bounds() -> None:
    t = parse_target("保持在95%-98%").target
    assert (t.kind, t.comparator, t.value, t.unit) == ("numeric_min", ">=", 95, "%")
    assert t.detail == {"range": [95, 98]} and "区间" in t.note
    # an age band is no range target
    assert "range" not in parse_target("0—6岁儿童").target.detail


def test_zero_and_steady_rise() -> None:
    assert (parse_target("零发生").target.kind, parse_target("零发生").target.value) == ("numeric_exact", 0)
    assert parse_target("稳中有升").target.kind == "direction_up"
    assert parse_target("稳中有降").target.kind == "direction_down"


@pytest.mark.parametrize(
    ("printed", "cmp", "reference"),
    [
        ("控制在全国平均水平以下", "<=", "全国平均水平"),
        ("保持在全省平均水平以上", ">=", "全省平均水平"),
        ("达到国家标准", ">=", "国家标准"),
        ("低于全国平均水平", "<", "全国平均水平"),
    ],
)
def test_relative_to_a_level(printed: str, cmp: str, reference: str) -> None:
    t = parse_target(printed).target
    assert (t.kind, t.comparator, t.detail) == ("relative", cmp, {"reference": reference})


def test_inclusive_mark() -> None:
    t = parse_target("达到95%（含）以上").target
    assert (t.kind, t.comparator, t.value) == ("numeric_min", ">=", 95)


def test_from_value_is_not_the_target() -> None:
    t = parse_target("由2020年的92%提高到95%以上").target
    assert (t.kind, t.comparator, t.value, t.year) == ("numeric_min", ">=", 95, 2030)
    assert t.detail == {"from": 92}


def test_bracketed_milestone() -> None:
    p = parse_target("≥95（2025年≥90）", table_cell=True)
    assert (p.target.kind, p.target.comparator, p.target.value, p.target.year) == (
        "numeric_min",
        ">=",
        95,
        2030,
    )
    assert [(m.year, m.comparator, m.value) for m in p.milestones] == [(2025, ">=", 90)]
    # a bracket that only dates the value
    assert parse_target("90（2025年）", table_cell=True).target.year == 2025


@pytest.mark.parametrize(
    ("printed", "kind", "cmp", "value", "change"),
    [
        ("下降20%", "relative", "<=", None, -20),
        ("提高5个百分点", "relative", ">=", None, 5),
        ("下降到20%", "numeric_max", "<=", 20, None),
        ("约45%", "approx", "~", 45, None),
    ],
)
def test_change_versus_level(
    printed: str, kind: str, cmp: str, value: float | None, change: float | None
) -> None:
    t = parse_target(printed).target
    assert (t.kind, t.comparator, t.value) == (kind, cmp, value)
    assert t.detail.get("change") == change


def test_chinese_counts() -> None:
    t = parse_target("至少各配备一名女干部").target
    assert (t.kind, t.comparator, t.value, t.unit) == ("numeric_min", ">=", 1, "名")
    t = parse_target("两个以上").target
    assert (t.kind, t.comparator, t.value, t.unit) == ("numeric_min", ">=", 2, "个")
    # no counter word: not a value
    assert parse_target("一定数量").target.value is None


@pytest.mark.parametrize(
    ("text", "direction", "kind", "comparator", "value", "unit"),
    [
        ("由90%提高到全覆盖", "higher_is_better", "numeric_exact", "=", 100, "%"),
        ("从5‰进一步下降", "lower_is_better", "direction_down", None, None, "‰"),
        ("由2020年的92%逐步提高", "higher_is_better", "direction_up", None, None, "%"),
    ],
)
def test_a_start_value_alone_is_not_the_target(
    text: str, direction: str, kind: str, comparator: str | None, value: float | None, unit: str
) -> None:
    t = parse_target(text, direction=direction, year=2030).target
    assert (t.kind, t.comparator, t.value, t.unit, t.detail.get("from")) == (
        kind,
        comparator,
        value,
        unit,
        float(find_values(text.replace("2020年", ""))[0].value),
    )


def test_a_start_value_with_a_target_value_or_without_from_is_unchanged() -> None:
    # negative cases: the second value is the target; a value not after 由/从 is the target itself
    t = parse_target("由92%提高到95%以上", direction="higher_is_better", year=2030).target
    assert (t.kind, t.value, t.detail.get("from")) == ("numeric_min", 95, 92)
    t = parse_target("提高到90%并逐步实现全覆盖", direction="higher_is_better", year=2030).target
    assert (t.kind, t.value, "from" in t.detail) == ("numeric_min", 90, False)


def test_wan_scales_a_counted_unit_but_not_a_unit_of_its_own() -> None:
    from planwatch.parsing.targets import find_values

    assert [(v.value, v.unit) for v in find_values("改造农村户厕3万户")] == [(30000, "户")]
    assert [(v.value, v.unit) for v in find_values("1.5万平方米")] == [(15000, "平方米")]
    assert [(v.value, v.unit) for v in find_values("3万人")] == [(3, "万人")]
    assert [(v.value, v.unit) for v in find_values("2万元")] == [(2, "万元")]


def test_reach_or_exceed_is_at_least() -> None:
    t = parse_target("达到或超过80岁", direction="higher_is_better", year=2030).target
    assert (t.kind, t.comparator, t.value, t.unit) == ("numeric_min", ">=", 80, "岁")
