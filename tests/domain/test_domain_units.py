"""The one unit vocabulary: spellings, families, bounds, aggregation, change words, display."""

import pytest

from planwatch.domain import units as U


@pytest.mark.parametrize(
    ("raw", "symbol"),
    [
        ("％", "%"),
        ("（%）", "%"),
        ("百分点", "个百分点"),
        ("‱", "1/万"),
        ("/万", "1/万"),
        ("万分之", "1/万"),
        ("/10万", "1/10万"),
        ("人/10万", "1/10万"),
        ("十万分之一", "1/10万"),
        ("千分之", "‰"),
        ("单位：万人", "万人"),
        ("㎡", "平方米"),
        ("起", "件"),
        (" 座 ", "座"),
    ],
)
def test_every_spelling_has_one_canonical_unit(raw, symbol):
    assert U.normalize_unit(raw) == symbol
    assert U.unit_info(raw).symbol == symbol


def test_unknown_spelling_is_kept_and_not_a_unit():
    assert U.normalize_unit("头") == "头"
    assert U.unit_info("头") is None
    assert not U.is_unit("社区")
    assert not U.is_unit("")


@pytest.mark.parametrize(
    ("unit", "family", "scale", "word", "shown"),
    [
        ("%", U.RATE, 100, "个百分点", "%"),
        ("‰", U.RATE, 1000, "个千分点", "‰"),
        ("1/万", U.RATE, 10_000, "个万分点", "/万"),
        ("1/10万", U.RATE, 100_000, "个十万分点", "/10万"),
        ("岁", U.LEVEL, None, "岁", "岁"),
        ("年", U.LEVEL, None, "年", "年"),
        ("座", U.COUNT, None, "座", "座"),
        ("万人", U.COUNT, None, "万人", "万人"),
        ("万元", U.MONEY, None, "", "万元"),
        ("小时", U.DURATION, None, "小时", "小时"),
        ("平方米", U.AREA, None, "", "平方米"),
        ("倍", U.RATIO, None, "", "倍"),
        ("个百分点", U.POINTS, None, "个百分点", "个百分点"),
    ],
)
def test_unit_families(unit, family, scale, word, shown):
    info = U.UNITS[unit]
    assert (info.family, info.scale, info.change_word, info.shown) == (family, scale, word, shown)


def test_every_unit_has_a_known_family_and_quantity():
    for info in U.UNITS.values():
        assert info.family in U.FAMILY_LABELS
        assert info.quantity in U.QUANTITIES
        if info.family == U.RATE:
            assert info.scale * info.factor == pytest.approx(1.0)
            assert (info.lo, info.hi) == (0.0, info.scale)


def test_value_suffixes_prefer_the_longest_spelling():
    suffixes = U.VALUE_SUFFIXES
    assert suffixes.index("万人次") < suffixes.index("万人") < suffixes.index("人")
    assert "十万分之一" not in suffixes  # printed before the number, read by the parser


@pytest.mark.parametrize(
    ("unit", "name", "family", "agg", "factor", "lo", "hi"),
    [
        ("%", "孕产妇系统管理率", U.RATE, U.RATIO_OF_SUMS, 100, 0, 100),
        ("1/万", "儿童意外伤害死亡率", U.RATE, U.RATIO_OF_SUMS, 10_000, 0, 10_000),
        ("1/10万", "孕产妇死亡率", U.RATE, U.RATIO_OF_SUMS, 100_000, 0, 100_000),
        ("%", "学前教育毛入园率", U.RATE, U.RATIO_OF_SUMS, 100, 0, 150),
        ("%", "妇女就业人数增长率", U.CHANGE, U.WEIGHTED, 1, None, None),
        ("座", "城市公共厕所", U.COUNT, U.SUM, 1, 0, None),
        ("所", "妇幼保健机构", U.COUNT, U.SUM, 1, 0, None),
        ("万人", "参保人数", U.COUNT, U.SUM, 1, 0, None),
        ("个", "每千人口拥有3岁以下婴幼儿托位数", U.PER_CAPITA, U.RATIO_OF_SUMS, 1000, 0, None),
        ("张", "每千名(0-14岁)儿童拥有医疗床位数", U.PER_CAPITA, U.RATIO_OF_SUMS, 1000, 0, None),
        ("名", "每千名儿童拥有儿科执业（助理）医生数", U.PER_CAPITA, U.RATIO_OF_SUMS, 1000, 0, None),
        ("平方米", "人均公园绿地面积", U.PER_CAPITA, U.RATIO_OF_SUMS, 1, 0, None),
        ("岁", "人均预期寿命", U.LEVEL, U.WEIGHTED, 1, 0, U.MAX_AGE),
        ("年", "女性平均受教育年限", U.LEVEL, U.WEIGHTED, 1, 0, U.MAX_YEARS),
        ("", "出生人口性别比", U.NONE, U.WEIGHTED, 1, None, None),
        ("", "女性参保人数", U.COUNT, U.SUM, 1, 0, None),
    ],
)
def test_measure_reads_the_unit_with_the_name(unit, name, family, agg, factor, lo, hi):
    m = U.measure(unit, name)
    assert (m.family, m.aggregation, m.factor, m.lo, m.hi) == (family, agg, factor, lo, hi)


def test_only_counts_are_additive():
    assert U.measure("座", "公共厕所").is_count
    assert U.measure("万元", "经费").is_count
    assert not U.measure("个", "每千人口托位数").is_count
    assert not U.measure("%", "覆盖率").is_count


@pytest.mark.parametrize(
    ("unit", "form", "word"),
    [
        ("%", "points", "个百分点"),
        ("‰", "points", "个千分点"),
        ("个百分点", "points", "个百分点"),
        ("1/10万", "relative", "个十万分点"),  # NBS: 比2023年降低5.3%; a gap still in 个十万分点
        ("1/万", "points", "个万分点"),
        ("岁", "unit", "岁"),
        ("年", "unit", "年"),
        ("座", "unit", "座"),
        ("小时", "unit", "小时"),
        ("万元", "relative", "万元"),
        ("", "relative", ""),
    ],
)
def test_change_form_and_word(unit, form, word):
    assert U.change_form(unit)[0] == form
    assert U.change_word(unit) == word


def test_unknown_unit_behaves_like_no_unit():
    m = U.measure("头", "牲畜")
    assert (m.family, m.aggregation, m.lo, m.hi) == (U.NONE, U.WEIGHTED, None, None)


def test_bounds_text():
    assert U.measure("%", "达标率").bounds_text() == "0～100%"
    assert U.measure("岁", "预期寿命").bounds_text() == "0～120岁"


def test_display_unit():
    assert U.display_unit("1/10万") == "/10万"
    assert U.display_unit("‱") == "/万"
    assert U.display_unit("头") == "头"
    assert U.display_unit(None) == ""


def test_conversion_within_a_quantity_and_refusal_across():
    assert U.convert(3, "1/万", "‰") == pytest.approx(0.3)
    assert U.convert(2, "万人", "人") == 20_000
    with pytest.raises(U.UnitError, match="「岁」.*与「年」.*不是同一类量"):
        U.convert(1, "岁", "年")
    with pytest.raises(U.UnitError, match="未知单位「斤」"):
        U.require_unit("斤")
    assert U.compatible("座", "所") is True
    assert U.compatible("张", "个") is False
    assert U.compatible("", "%") is None
