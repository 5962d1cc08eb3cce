"""Unit recognition and normalisation (planwatch.parsing.units)."""

from __future__ import annotations

import pytest

from planwatch.domain.units import UNITS as KNOWN_UNITS
from planwatch.domain.units import is_unit, normalize_unit
from planwatch.parsing.units import trailing_unit


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("%", "%"),
        ("％", "%"),
        ("‰", "‰"),
        ("1/10万", "1/10万"),
        ("/10万", "1/10万"),
        ("1/100000", "1/10万"),
        ("十万分之一", "1/10万"),
        ("（%）", "%"),
        ("(岁)", "岁"),
        ("单位：万人", "万人"),
        ("m²", "平方米"),
        (" 个 ", "个"),
        ("百分点", "个百分点"),
    ],
)
def test_normalize_unit(raw: str, unit: str) -> None:
    assert normalize_unit(raw) == unit


def test_unknown_unit_is_kept() -> None:
    assert normalize_unit("头") == "头"
    assert not is_unit("社区")
    assert normalize_unit("") == ""


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("孕产妇死亡率（1/10万）", ("孕产妇死亡率", "1/10万")),
        ("婚前医学检查率（%）", ("婚前医学检查率", "%")),
        ("新生儿死亡率(‰)", ("新生儿死亡率", "‰")),
        ("基本养老保险女性参保人数（万人）", ("基本养老保险女性参保人数", "万人")),
        ("区级文明家庭（户）", ("区级文明家庭", "户")),
        ("小学生每天睡眠时间(小时)", ("小学生每天睡眠时间", "小时")),
        ("每千名(0-14岁)儿童拥有医疗床位数(张)", ("每千名(0-14岁)儿童拥有医疗床位数", "张")),
        # a qualifier in brackets is not a unit
        ("村（社区）党组织书记中女性比例", ("村（社区）党组织书记中女性比例", "")),
        ("出生人口性别比", ("出生人口性别比", "")),
    ],
)
def test_trailing_unit(cell: str, expected: tuple[str, str]) -> None:
    assert trailing_unit(cell) == expected


def test_units_of_the_conventions_are_known() -> None:
    for unit in (
        "%",
        "‰",
        "1/10万",
        "岁",
        "年",
        "万人",
        "人",
        "个",
        "件",
        "所",
        "张",
        "次",
        "小时",
        "平方米",
        "元",
    ):
        assert unit in KNOWN_UNITS
