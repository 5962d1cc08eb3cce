"""Target semantics: every target kind gives the documented status."""

import pytest

from .helpers import row, run, series, spec


def status(s, values, year=None, extra=()):
    result = run([s, *extra[0]] if extra else [s], series(s.key, values) + (extra[1] if extra else []))
    r = row(result, year or max(values), key=s.key)
    return r["status"], r


@pytest.mark.parametrize(
    ("value", "expected"), [(96.0, "met"), (95.0, "met"), (93.0, "near"), (80.0, "not_met")]
)
def test_numeric_min(value, expected):
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    assert status(s, {2021: 90.0, 2022: value})[0] == expected


def test_strict_comparators():
    gt = spec(kind="numeric_min", comparator=">", target_value=98.5, unit="%")
    assert status(gt, {2022: 98.5})[0] == "near"
    assert status(gt, {2022: 98.6})[0] == "met"
    lt = spec(kind="numeric_max", comparator="<", target_value=8, unit="1/10万", direction="lower_is_better")
    assert status(lt, {2022: 8.0})[0] == "near"
    assert status(lt, {2022: 7.9})[0] == "met"
    assert status(lt, {2022: 9.0})[0] == "not_met"


@pytest.mark.parametrize(("value", "expected"), [(7.2, "met"), (8.3, "near"), (9.0, "not_met")])
def test_numeric_max(value, expected):
    s = spec(kind="numeric_max", comparator="<=", target_value=8, unit="1/10万", direction="lower_is_better")
    assert status(s, {2021: 9.5, 2022: value})[0] == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(100.0, "met"), (99.2, "met"), (97.0, "near"), (90.0, "not_met")]
)
def test_numeric_exact_has_one_percent_tolerance(value, expected):
    s = spec(kind="numeric_exact", comparator="=", target_value=100, unit="%")
    assert status(s, {2022: value})[0] == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(45.0, "met"), (47.0, "met"), (42.8, "met"), (48.5, "near"), (55.0, "not_met")]
)
def test_approx_tolerance_five_percent(value, expected):
    s = spec(kind="approx", comparator="~", target_value=45, unit="%", direction="neutral")
    assert status(s, {2022: value})[0] == expected


def test_ratio_target():
    s = spec(
        kind="ratio", comparator="=", target_value=2 / 3, target_detail={"a": 2, "b": 3}, direction="neutral"
    )
    st, r = status(s, {2022: 0.68})
    assert st == "met"
    assert r["target"] == "2：3"
    assert status(s, {2022: 0.9})[0] == "not_met"


def test_direction_up_judged_on_trend_since_base():
    s = spec(kind="direction_up", target_text="逐年提高")
    assert status(s, {2020: 50.0, 2023: 53.0})[0] == "met"
    assert status(s, {2020: 50.0, 2023: 50.2})[0] == "near"  # within the 1 % flat band
    assert status(s, {2020: 50.0, 2023: 47.0})[0] == "not_met"
    st, r = status(s, {2023: 50.0})
    assert st == "not_assessable" and "基期" in r["reason"]


def test_direction_down():
    s = spec(kind="direction_down", direction="lower_is_better", target_text="明显降低")
    assert status(s, {2020: 10.0, 2023: 8.0})[0] == "met"
    assert status(s, {2020: 10.0, 2023: 11.0})[0] == "not_met"


def test_direction_uses_baseline_year():
    s = spec(kind="direction_up", baseline_year=2021)
    # 2020 is before the baseline year: the base is 2021's 60, so 55 in 2023 is a fall
    assert status(s, {2020: 40.0, 2021: 60.0, 2023: 55.0})[0] == "not_met"


def test_maintain_with_level_and_without():
    with_level = spec(kind="maintain", comparator=">=", target_value=90, unit="%")
    assert status(with_level, {2022: 91.0})[0] == "met"
    keep = spec(kind="maintain")  # 保持 without a level: stay at the base value
    assert status(keep, {2020: 100.0, 2023: 99.0})[0] == "met"
    assert status(keep, {2020: 100.0, 2023: 96.5})[0] == "near"
    assert status(keep, {2020: 100.0, 2023: 90.0})[0] == "not_met"
    neutral = spec(kind="maintain", direction="neutral")
    assert status(neutral, {2020: 100.0, 2023: 110.0})[0] == "not_met"


def test_relative_target_resolved_from_reference_series():
    s = spec(
        kind="relative", comparator=">=", reference_key="ref", target_detail={"reference": "党员中女性比例"}
    )
    ref_rows = series("ref", {2022: 27.5, 2023: 30.0})
    st, r = status(s, {2022: 28.0, 2023: 29.0}, year=2022, extra=([], ref_rows))
    assert st == "met"
    assert r["target"] == "≥党员中女性比例"
    st, _ = status(s, {2022: 28.0, 2023: 29.0}, year=2023, extra=([], ref_rows))
    assert st == "near"
    st, r = status(s, {2022: 28.0, 2024: 29.0}, year=2024, extra=([], ref_rows))
    assert st == "not_assessable" and "参照指标" in r["reason"]


def test_qualitative_not_assessable_with_reason():
    s = spec(kind="qualitative", target_text="实现基本普及")
    st, r = status(s, {2022: 80.0})
    assert st == "not_assessable"
    assert "定性目标" in r["reason"] and "实现基本普及" in r["reason"]


def test_numeric_kind_without_value_not_assessable():
    st, r = status(spec(kind="numeric_min", comparator=">="), {2022: 80.0})
    assert st == "not_assessable" and "缺少目标值" in r["reason"]


def test_missing_year_is_no_data():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    result = run([s], series("k", {2020: 90.0, 2022: 92.0}))
    r = row(result, 2021)
    assert r["status"] == "no_data" and r["source"] == "missing" and r["value"] is None


def test_tolerances_are_configurable():
    from planwatch.assessment import AssessConfig

    s = spec(kind="approx", comparator="~", target_value=45, direction="neutral")
    strict = AssessConfig().with_overrides(approx_tolerance=0.01)
    result = run([s], series("k", {2022: 45.8}), config=strict)
    assert row(result, 2022)["status"] == "near"
    with pytest.raises(ValueError, match="未知的评估参数"):
        AssessConfig().with_overrides(no_such=1)


def test_relative_about_equal_uses_approx_tolerance():
    s = spec(kind="relative", comparator="~", reference_key="ref", target_detail={"reference": "女职工比例"},
             direction="higher_is_better")  # fmt: skip
    ref_rows = series("ref", {2022: 40.0, 2023: 40.0})
    assert status(s, {2022: 41.0}, extra=([], ref_rows))[0] == "met"  # within ±5 % of 40
    assert status(s, {2023: 35.0}, extra=([], ref_rows))[0] == "not_met"
