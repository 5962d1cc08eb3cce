"""Unit conversion (‰ ↔ % ↔ 1/10万) and name normalisation."""

import pytest

from planwatch.dictionary.normalize import loose_key, normalize_name
from planwatch.domain.units import UnitError, compatible, convert, normalize_unit, unit_info


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (5.0, "‰", "%", 0.5),
        (0.5, "%", "‰", 5.0),
        (12, "1/10万", "‰", 0.12),
        (0.1, "‰", "1/10万", 10.0),
        (9, "十万分之", "%", 0.009),
        (2, "％", "1/10万", 2000.0),
        (3, "1/万", "‰", 0.3),
        (1.5, "万人", "人", 15000.0),
        (90, "分钟", "小时", 1.5),
    ],
)
def test_conversion_within_a_family(value, src, dst, expected):
    assert convert(value, src, dst) == pytest.approx(expected)


def test_conversion_between_families_is_refused_in_chinese():
    with pytest.raises(UnitError, match="「岁」.*与「%」.*不是同一类量，不能换算"):
        convert(80, "岁", "%")


def test_unknown_unit_is_named():
    with pytest.raises(UnitError, match="未知单位「斤」"):
        convert(1, "斤", "%")


def test_unit_spellings_and_families():
    assert normalize_unit("（‰）") == "‰"
    assert normalize_unit("/10万") == "1/10万"
    assert normalize_unit("千分之") == "‰"
    assert unit_info("名").quantity == unit_info("人").quantity == "people"
    assert compatible("%", "1/10万") is True
    assert compatible("张", "个") is False
    assert compatible("", "%") is None  # no unit printed: no evidence either way


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("全区孕产妇死亡率（1/10万）", "孕产妇死亡率"),
        ("到2030年，我县婴儿死亡率(‰)", "婴儿死亡率"),
        ("0—6岁儿童眼保健和视力检查覆盖率", "0至6岁儿童眼保健和视力检查覆盖率"),
        ("0-6岁儿童眼保健和视力检查覆盖率", "0至6岁儿童眼保健和视力检查覆盖率"),
        ("中小学生《国家学生体质健康标准》达标优良率", "中小学生国家学生体质健康标准达标优良率"),
        ("以乡镇（街道）为单位的适龄儿童免疫规划疫苗接种率", "以乡镇街道为单位的适龄儿童免疫规划疫苗接种率"),
        ("ＡＢ指标（％）", "AB指标"),
    ],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


def test_qualifier_brackets_are_not_mistaken_for_units():
    assert normalize_name("村（社区）党组织书记中女性比例") == "村社区党组织书记中女性比例"


def test_loose_key_drops_level_prefix_and_de():
    assert loose_key("县人大代表中的女性比例") == loose_key("各级人大代表中女性比例") == "人大代表中女性比例"
