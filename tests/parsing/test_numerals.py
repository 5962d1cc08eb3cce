"""Chinese numerals, fractions, 成 and ratios (planwatch.parsing.numerals)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.parsing.numerals import (
    cn_to_number,
    fold_width,
    parse_fraction,
    parse_ratio,
    parse_tenths,
    to_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("九", 9),
        ("十", 10),
        ("十五", 15),
        ("八十", 80),
        ("一百", 100),
        ("两", 2),
        ("零点五", 0.5),
        ("二〇三〇", 2030),
    ],
)
def test_cn_to_number(text: str, value: float) -> None:
    assert cn_to_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "提高", "九x"])
def test_cn_to_number_rejects_non_numerals(text: str) -> None:
    assert cn_to_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("十万分之九", (9, "1/10万")),
        ("控制在十万分之九以下", (9, "1/10万")),
        ("千分之五", (5, "‰")),
        ("百分之八十", (80, "%")),
        ("百分之99.5", (99.5, "%")),
        ("万分之三", (3, "1/万")),
        ("三分之一", (33.3333, "%")),
        ("四分之三", (75, "%")),
    ],
)
def test_parse_fraction(text: str, expected: tuple[float, str]) -> None:
    value, unit = parse_fraction(text)
    assert unit == expected[1]
    assert value == pytest.approx(expected[0], abs=1e-3)


def test_parse_fraction_none() -> None:
    assert parse_fraction("达到90%") is None
    assert parse_fraction("零分之一") is None


@pytest.mark.parametrize(("text", "value"), [("两成", 20), ("四成以上", 40), ("九成", 90)])
def test_parse_tenths(text: str, value: float) -> None:
    assert parse_tenths(text) == (value, "%")


def test_tenths_not_inside_words() -> None:
    assert parse_tenths("建成标准化机构") is None
    assert parse_tenths("形成合力") is None


@pytest.mark.parametrize(
    ("text", "ratio"), [("2：3", (2, 3)), ("2:3", (2, 3)), ("２：３", (2, 3)), ("1 : 2", (1, 2))]
)
def test_parse_ratio(text: str, ratio: tuple[float, float]) -> None:
    assert parse_ratio(text) == ratio


def test_parse_ratio_zero_and_missing() -> None:
    assert parse_ratio("3:0") is None
    assert parse_ratio("三比二") is None


def test_fold_width_keeps_length() -> None:
    text = "８．５％以上，２：３（岁）≧９０"
    folded = fold_width(text)
    assert folded == "8.5%以上,2:3(岁)≥90"
    assert len(folded) == len(text)


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits_round_trip(n: int) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    assert to_number(full) == n
