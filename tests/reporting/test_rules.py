"""Every validation rule, on the pure functions (no database)."""

import pytest

from planwatch.domain.cells import (
    FEMALE,
    MALE,
    RURAL,
    TOTAL,
    URBAN,
    age_cell,
    cell_from_key,
    cell_key,
)
from planwatch.reporting_rules import (
    IndicatorSpec,
    NotANumber,
    RawCell,
    RowInput,
    UnitMismatch,
    check_row,
    parse_number,
    yoy_limit,
)

COUNT = IndicatorSpec("在园幼儿数", "人", (TOTAL, FEMALE, MALE))
RATE = IndicatorSpec("住院分娩率", "%", (TOTAL,), with_fraction=True)


def row(**cells) -> RowInput:
    keys = {"total": TOTAL, "female": FEMALE, "male": MALE, "urban": URBAN, "rural": RURAL}
    cols = {"total": "H", "female": "I", "male": "J", "urban": "K", "rural": "L"}
    return RowInput(cells={keys[k]: RawCell(v, f"{cols[k]}5") for k, v in cells.items()})


def rules_of(result) -> list[str]:
    return [p.rule for p in result.problems]


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("1,234", "人", 1234.0), (" 85.5% ", "%", 85.5), ("１２．５", "", 12.5), ("", "%", None), ("—", "", None),
     (7, "人", 7.0), ("3e2", "", 300.0), ("98％", "%", 98.0), ("12人", "人", 12.0),
     ("7.2/10万", "1/10万", 7.2), ("7.2 1/10万", "1/10万", 7.2), ("3/万", "1/万", 3.0), ("1 234 567", "人", 1234567.0),
     ("85.5 %", "%", 85.5)],
)  # fmt: skip
def test_parse_number_accepts_what_people_type(text, unit, expected):
    assert parse_number(text, unit) == expected


def test_parse_number_rejects_text_and_other_units():
    with pytest.raises(NotANumber):
        parse_number("约九成", "%")
    with pytest.raises(NotANumber):
        parse_number(float("nan"))
    with pytest.raises(NotANumber):  # two numbers are not read as one (once "12 34" became 1234)
        parse_number("12 34", "人")
    with pytest.raises(UnitMismatch) as exc:
        parse_number("12‰", "%")
    assert exc.value.typed == "‰"


def test_not_a_number_names_indicator_cell_and_rule():
    result = check_row(COUNT, row(total="一百", female="50", male="50"))
    assert rules_of(result) == ["非数值"]
    message = str(result.problems[0])
    assert "在园幼儿数" in message and "H5（合计）" in message and "「一百」不是数字" in message


def test_unit_mismatch_in_a_value_and_in_the_unit_column():
    result = check_row(RATE, row(total="9.5‰"))
    assert rules_of(result) == ["单位不符"]
    printed = RowInput(cells={TOTAL: RawCell("95", "H4")}, unit_text=RawCell("‰", "E4"))
    result = check_row(RATE, printed)
    assert rules_of(result) == ["单位不符"]
    assert "E4（单位）" in str(result.problems[0])


def test_rate_above_its_scale_and_negative_values_are_out_of_range():
    assert rules_of(check_row(RATE, row(total="100.1"))) == ["超出范围"]
    assert rules_of(check_row(RATE, row(total="100"))) == []
    per_100k = IndicatorSpec("孕产妇死亡率", "1/10万", (TOTAL,))
    assert rules_of(check_row(per_100k, row(total="120"))) == []
    assert rules_of(check_row(per_100k, row(total="100001"))) == ["超出范围"]
    result = check_row(COUNT, row(total="-3"))
    assert rules_of(result) == ["超出范围"] and "数量不能为负数" in str(result.problems[0])


def test_growth_rates_may_be_negative_or_above_100():
    growth = IndicatorSpec("妇女就业人数增长率", "%", (TOTAL,))
    assert growth.measure.family == "change"
    assert rules_of(check_row(growth, row(total="-5"))) == []
    assert rules_of(check_row(growth, row(total="130"))) == []


def test_female_plus_male_must_equal_total():
    result = check_row(COUNT, row(total="100", female="60", male="30"))
    assert rules_of(result) == ["分性别合计不符"]
    assert "女（60）+ 男（30）= 90，不等于合计 100" in str(result.problems[0])
    assert rules_of(check_row(COUNT, row(total="100", female="60", male="40"))) == []
    assert rules_of(check_row(COUNT, row(total="100000", female="60000", male="40050"))) == []  # within 0.1 %


def test_urban_plus_rural_must_equal_total():
    spec = IndicatorSpec("在园幼儿数", "人", (TOTAL, URBAN, RURAL))
    assert rules_of(check_row(spec, row(total="100", urban="70", rural="20"))) == ["分城乡合计不符"]


def test_subgroup_above_total():
    spec = IndicatorSpec("在园幼儿数", "人", (TOTAL, age_cell("3岁")))
    r = RowInput(cells={TOTAL: RawCell("100", "H4"), age_cell("3岁"): RawCell("120", "H5")})
    result = check_row(spec, r)
    assert rules_of(result) == ["分组大于合计"]
    assert "H5（3岁）" in str(result.problems[0])
    assert "分组大于合计" in rules_of(check_row(COUNT, row(total="100", female="101")))


def test_rates_are_not_added_up():
    spec = IndicatorSpec("学前教育毛入园率", "%", (TOTAL, FEMALE, MALE))
    assert rules_of(check_row(spec, row(total="90", female="91", male="89"))) == []


def test_numerator_above_denominator():
    r = row(total="95")
    r.numerator, r.denominator = RawCell("120", "M4"), RawCell("100", "N4")
    result = check_row(RATE, r)
    assert rules_of(result) == ["分子大于分母"]
    assert "M4（分子）" in str(result.problems[0])
    r.denominator = RawCell("0", "N4")
    assert "超出范围" in rules_of(check_row(RATE, r))


def test_year_on_year_change_needs_an_explanation():
    # A rate in % moves by points: 80 → 50 is 30 个百分点, beyond the default 5.
    prev = {TOTAL: 80.0}
    result = check_row(RATE, row(total="50"), prev)
    assert rules_of(result) == ["同比波动超阈值"]
    assert "较上年（80）变化 -30 个百分点，超过 ±5 个百分点" in str(result.problems[0])
    assert rules_of(check_row(RATE, row(total="85"), prev)) == []  # exactly 5 points: allowed
    assert rules_of(check_row(RATE, row(total="85.1"), prev)) == ["同比波动超阈值"]
    explained = row(total="50")
    explained.explanation = "统计口径调整"
    assert rules_of(check_row(RATE, explained, prev)) == []
    assert rules_of(check_row(RATE, row(total="6"), {TOTAL: 0.0})) == ["同比波动超阈值"]
    assert rules_of(check_row(RATE, row(total="50"), prev, check_yoy=False)) == []


def test_counts_and_per_100k_rates_move_by_a_share_of_last_year():
    result = check_row(COUNT, row(total="130.5"), {TOTAL: 100.0})
    assert "较上年（100）变化 30.5%，超过 ±30%" in str(result.problems[0])
    assert rules_of(check_row(COUNT, row(total="130"), {TOTAL: 100.0})) == []
    assert rules_of(check_row(COUNT, row(total="5"), {TOTAL: 0.0})) == ["同比波动超阈值"]  # from 0
    per_100k = IndicatorSpec("孕产妇死亡率", "1/10万", (TOTAL,))
    assert rules_of(check_row(per_100k, row(total="12"), {TOTAL: 10.0})) == []  # 2 units but 20 %
    assert rules_of(check_row(per_100k, row(total="14"), {TOTAL: 10.0})) == ["同比波动超阈值"]
    permille = IndicatorSpec("婴儿死亡率", "‰", (TOTAL,))
    assert rules_of(check_row(permille, row(total="5"), {TOTAL: 2.5})) == []  # 2.5 个千分点 ≤ 3
    assert "超过 ±3 个千分点" in str(check_row(permille, row(total="6"), {TOTAL: 2.5}).problems[0])


def test_the_office_overrides_the_threshold_per_indicator():
    loose = IndicatorSpec("住院分娩率", "%", (TOTAL,), yoy_override=12)
    assert rules_of(check_row(loose, row(total="70"), {TOTAL: 80.0})) == []
    assert "超过 ±12 个百分点" in str(check_row(loose, row(total="60"), {TOTAL: 80.0}).problems[0])
    strict = IndicatorSpec("在园幼儿数", "人", (TOTAL,), yoy_override=10)  # percent for counts
    assert rules_of(check_row(strict, row(total="115"), {TOTAL: 100.0})) == ["同比波动超阈值"]
    assert rules_of(check_row(strict, row(total="109"), {TOTAL: 100.0})) == []


def test_default_thresholds_are_the_assessment_volatility_thresholds():
    from planwatch.assessment.config import AssessConfig

    cfg = AssessConfig()
    assert yoy_limit("%").limit == cfg.volatile_abs["%"] and yoy_limit("%").points == "个百分点"
    assert yoy_limit("‰").limit == cfg.volatile_abs["‰"]
    assert yoy_limit("1/10万").limit == yoy_limit("人").limit == cfg.volatile_rel
    assert yoy_limit("1/10万").points == ""


def test_required_cells_missing_only_on_submit():
    partial = row(total="100", female="")
    assert rules_of(check_row(COUNT, partial)) == []
    result = check_row(COUNT, partial, submitting=True)
    assert rules_of(result) == ["必填缺失", "必填缺失"]
    assert {p.cell for p in result.problems} == {"I5（女）", "男"}
    fraction = check_row(RATE, row(total="95"), submitting=True)
    assert rules_of(fraction) == ["必填缺失", "必填缺失"]


def test_a_cell_that_does_not_parse_is_not_also_missing():
    result = check_row(COUNT, row(total="abc", female="1", male="2"), submitting=True)
    assert rules_of(result) == ["非数值"]


def test_every_problem_of_a_row_is_listed():
    r = row(total="-1", female="x", male="200")
    result = check_row(COUNT, r, {TOTAL: 10.0}, submitting=True)
    assert set(rules_of(result)) == {"非数值", "超出范围", "分组大于合计", "同比波动超阈值"}


def test_cell_keys_round_trip():
    for cell in (TOTAL, FEMALE, MALE, URBAN, RURAL, age_cell("0-5岁")):
        assert cell_from_key(cell_key(cell)) == cell
    with pytest.raises(ValueError, match="未知单元格"):
        cell_from_key("both")


def test_stored_numbers_are_shown_with_every_digit():
    from planwatch.reporting_rules import number_text

    # The form used to print 1234567.5 as 1.23457e+06: saving the form again would have changed the value.
    assert number_text(1234567.5) == "1234567.5" and parse_number(number_text(1234567.5)) == 1234567.5
    assert (number_text(12.0), number_text(7), number_text(None), number_text("说明")) == (
        "12",
        "7",
        "",
        "说明",
    )


@pytest.mark.parametrize("text", ["1,5", "12,34", "1,2345", "1.234,5", "1,234,56", "1,5%"])
def test_a_decimal_comma_is_refused_never_read_as_thousands(text):
    with pytest.raises(NotANumber):
        parse_number(text, "%")
    result = check_row(RATE, row(total=text))
    assert rules_of(result) == ["数字格式不明"]
    message = str(result.problems[0])
    assert "H5（合计）" in message and "小数请写小数点（如 1.5）" in message and result.values[TOTAL] is None


@pytest.mark.parametrize(("text", "value"), [("1,234", 1234.0), ("12,345.6", 12345.6), ("1,234,567", 1234567.0),
                                             ("-1,000", -1000.0), ("1，234", 1234.0)])  # fmt: skip
def test_thousands_separators_between_groups_of_three_are_read(text, value):
    assert parse_number(text, "人") == value


@pytest.mark.parametrize(
    ("name", "unit", "good", "bad", "says"),
    [
        ("女性人均预期寿命", "岁", "80.5", "-3", "不能为负数（-3岁）"),
        ("女性人均预期寿命", "岁", "0", "130", "超过上限 120岁"),
        ("女性平均受教育年限", "年", "11.2", "-1", "不能为负数（-1年）"),
        ("女性平均受教育年限", "年", "11.2", "75", "超过上限 60年"),
        ("儿童意外伤害死亡率", "1/万", "3", "10001", "超过上限 10000/万"),
        ("孕产妇死亡率", "1/10万", "7.2", "-0.1", "比率不能为负数"),
        ("婴儿死亡率", "‰", "5", "1000.5", "超过上限 1000‰"),
        ("城乡公共厕所", "座", "12", "-1", "数量不能为负数"),
        ("每千人口拥有3岁以下婴幼儿托位数", "个", "4.5", "-0.5", "不能为负数"),
        ("妇女发展经费", "万元", "120", "-5", "金额不能为负数"),
        ("中小学生每天体育活动时间", "小时", "1", "-1", "不能为负数"),
    ],
)
def test_impossible_values_by_unit_family(name, unit, good, bad, says):
    spec = IndicatorSpec(name, unit, (TOTAL,))
    assert rules_of(check_row(spec, row(total=good))) == []
    result = check_row(spec, row(total=bad))
    assert rules_of(result) == ["超出范围"] and says in str(result.problems[0])


def test_gross_ratios_may_exceed_100_but_not_by_half_nor_be_negative():
    gross = IndicatorSpec("学前教育毛入园率", "%", (TOTAL,))
    assert rules_of(check_row(gross, row(total="104.2"))) == []
    assert rules_of(check_row(gross, row(total="150.5"))) == ["超出范围"]
    assert rules_of(check_row(gross, row(total="-1"))) == ["超出范围"]


def test_a_rate_total_must_lie_between_female_and_male():
    spec = IndicatorSpec("九年义务教育巩固率", "%", (TOTAL, FEMALE, MALE))
    result = check_row(spec, row(total="100", female="60", male="50"))
    assert rules_of(result) == ["分性别与合计矛盾"]
    assert "H5（合计）" in str(result.problems[0]) and "合计 100% 应介于女（60）与男（50）之间" in str(
        result.problems[0]
    )
    assert rules_of(check_row(spec, row(total="55", female="60", male="50"))) == []
    assert rules_of(check_row(spec, row(total="60.04", female="60", male="60"))) == []  # rounding
    assert rules_of(check_row(spec, row(total="95", female="95", male="95"))) == []


def test_a_level_total_must_lie_between_urban_and_rural():
    spec = IndicatorSpec("人均预期寿命", "岁", (TOTAL, URBAN, RURAL))
    assert rules_of(check_row(spec, row(total="81", urban="80", rural="78"))) == ["分城乡与合计矛盾"]
    assert rules_of(check_row(spec, row(total="79", urban="80", rural="78"))) == []


def test_a_value_must_agree_with_its_own_numerator_and_denominator():
    r = row(total="95")
    r.numerator, r.denominator = RawCell("80", "M5"), RawCell("100", "N5")
    result = check_row(RATE, r)
    assert rules_of(result) == ["与分子分母不符"]
    assert "95% 与分子/分母算出的 80%（80 ÷ 100 × 100）不符" in str(result.problems[0])
    r.numerator = RawCell("95", "M5")
    assert rules_of(check_row(RATE, r)) == []
    rounded = row(total="33.3")
    rounded.numerator, rounded.denominator = RawCell("1", "M5"), RawCell("3", "N5")
    assert rules_of(check_row(RATE, rounded)) == []  # 33.33… printed with one decimal
    per_10k = IndicatorSpec("儿童意外伤害死亡率", "1/万", (TOTAL,), with_fraction=True)
    r = row(total="0.0003")
    r.numerator, r.denominator = RawCell("3", "M5"), RawCell("10000", "N5")
    assert rules_of(check_row(per_10k, r)) == ["与分子分母不符"]  # 3 per 10,000 is 3/万
    r.cells[TOTAL] = RawCell("3", "H5")
    assert rules_of(check_row(per_10k, r)) == []
    per_capita = IndicatorSpec("每千人口拥有3岁以下婴幼儿托位数", "个", (TOTAL,), with_fraction=True)
    r = row(total="4.5")
    r.numerator, r.denominator = RawCell("450", "M5"), RawCell("100000", "N5")
    assert rules_of(check_row(per_capita, r)) == []  # 450 places per 100,000 people = 4.5 per thousand
    r.cells[TOTAL] = RawCell("45", "H5")
    assert rules_of(check_row(per_capita, r)) == ["与分子分母不符"]
