"""Every early warning, with the figures behind it."""

import pytest

from .helpers import row, run, series, spec, warnings_of


def test_at_risk_when_projection_misses_target():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    r = row(run([s], series("k", {2020: 80.0, 2022: 80.5})), 2022)
    assert "at_risk" in warnings_of(r)
    assert r["projected_final"] < 95
    assert "预计难以按期实现目标" in r["explanation"]
    on_track = row(run([s], series("k", {2020: 80.0, 2022: 84.0})), 2022)
    assert "at_risk" not in warnings_of(on_track)


def test_met_series_is_not_at_risk_even_if_falling():
    s = spec(kind="numeric_min", comparator=">=", target_value=50, unit="人")
    r = row(run([s], series("k", {2020: 80.0, 2022: 70.0})), 2022)
    assert r["status"] == "met"
    assert "at_risk" not in warnings_of(r)
    assert "regressing" in warnings_of(r)


def test_volatile_by_unit_threshold():
    pct = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    r = row(run([pct], series("k", {2021: 80.0, 2022: 86.0})), 2022)  # +6 个百分点 > 5
    assert "volatile" in warnings_of(r)
    r = row(run([pct], series("k", {2021: 80.0, 2022: 84.0})), 2022)
    assert "volatile" not in warnings_of(r)
    count = spec(kind="numeric_min", comparator=">=", target_value=95, unit="人")
    r = row(run([count], series("k", {2021: 100.0, 2022: 140.0})), 2022)  # +40 % > 30 %
    assert "volatile" in warnings_of(r)


def test_volatile_by_modified_z_score():
    s = spec(kind="numeric_min", comparator=">=", target_value=200, unit="人")
    values = {2015: 100.0, 2016: 101.0, 2017: 99.0, 2018: 100.0, 2019: 102.0, 2020: 125.0}
    result = run([s], series("k", values))
    r = row(result, 2020)
    # on the year-on-year changes 1, −2, 1, 2, 23: median 1, MAD = median(0, 3, 0, 1, 22) = 1 → z = 0.6745 · 22
    assert r["zscore"] == pytest.approx(0.6745 * 22, rel=1e-4)
    assert "volatile" in warnings_of(r)
    assert row(result, 2018)["zscore"] < 3


def test_regressing_wrong_way_trend():
    s = spec(kind="numeric_max", comparator="<=", target_value=5, unit="‰", direction="lower_is_better")
    r = row(run([s], series("k", {2020: 6.0, 2021: 6.3, 2022: 6.6})), 2022)
    assert "regressing" in warnings_of(r)
    assert "逆向变化" in r["explanation"]
    r = row(run([s], series("k", {2020: 6.0, 2021: 5.8, 2022: 5.6})), 2022)
    assert "regressing" not in warnings_of(r)


def test_binding_missed_only_for_binding_indicators():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%", attribute="binding")
    assert "binding_missed" in warnings_of(row(run([s], series("k", {2022: 80.0})), 2022))
    e = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%", attribute="expected")
    assert "binding_missed" not in warnings_of(row(run([e], series("k", {2022: 80.0})), 2022))


def test_missing_for_year_due():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    result = run([s], series("k", {2020: 90.0, 2021: None, 2023: 91.0}))
    for y in (2021, 2022):
        r = row(result, y)
        assert warnings_of(r) == {"missing"} and "应报未报" in r["explanation"]


def test_missing_when_series_stops_before_current_year():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    rows = series("k", {2020: 90.0, 2021: 91.0}, region="A") + series(
        "k", {2020: 90.0, 2022: 92.0}, region="B"
    )
    result = run([s], rows)
    assert "missing" in warnings_of(row(result, 2022, region="A"))


def test_gap_widening_female_male():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    rows = (
        series("k", {2021: 90.0, 2022: 89.0}, sex="female")
        + series("k", {2021: 91.0, 2022: 93.0}, sex="male")
        + series("k", {2021: 90.5, 2022: 91.0}, sex="total")
    )
    result = run([s], rows)
    f, m = row(result, 2022, sex="female"), row(result, 2022, sex="male")
    assert "gap_widening" in warnings_of(f) and "gap_widening" in warnings_of(m)
    assert f["gap"] == pytest.approx(-4.0) and m["gap"] == pytest.approx(-4.0)
    assert "gap_widening" not in warnings_of(row(result, 2022, sex="total"))
    assert "gap_widening" not in warnings_of(row(result, 2021, sex="female"))


def test_gap_widening_urban_rural_and_narrowing():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    rows = series("k", {2021: 80.0, 2022: 78.0}, area_type="rural") + series(
        "k", {2021: 90.0, 2022: 91.0}, area_type="urban"
    )
    result = run([s], rows)
    assert "gap_widening" in warnings_of(row(result, 2022, area="rural"))
    closing = series("k", {2021: 80.0, 2022: 85.0}, area_type="rural") + series(
        "k", {2021: 90.0, 2022: 91.0}, area_type="urban"
    )
    assert "gap_widening" not in warnings_of(row(run([s], closing), 2022, area="rural"))


def test_missing_from_the_plan_start_year():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%", due_from=2021)
    result = run([s], series("k", {2023: 91.0, 2024: 92.0}))
    assert result["year"].to_list() == [2021, 2022, 2023, 2024]
    for y in (2021, 2022):
        assert warnings_of(row(result, y)) == {"missing"}
    assert row(result, 2024)["base_year"] == 2023  # the base is still the first value
