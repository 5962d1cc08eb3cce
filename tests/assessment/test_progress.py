"""Cross-check against the published formulas, computed by hand (StatCan/Open SDG CAGR measure, ESCAP)."""

import math

import pytest

from planwatch.assessment import progress as pg

from .helpers import row, run, series, spec


def cagr(a, b, dt):
    return (a / b) ** (1 / dt) - 1


def statcan_with_target(current, base, target, t, t0, T, higher=True):
    """sdg-build ProgressMeasure.methodology_2 + get_progress_status, transcribed."""
    if (higher and current >= target) or (not higher and current <= target):
        return pg.ACHIEVED, None
    ratio = cagr(current, base, t - t0) / cagr(target, base, T - t0)
    if ratio >= 0.95:
        return pg.SUBSTANTIAL, ratio
    if ratio >= 0.6:
        return pg.MODERATE, ratio
    if ratio >= 0:
        return pg.LIMITED, ratio
    return pg.DETERIORATION, ratio


def statcan_without_target(current, base, t, t0, higher=True):
    """sdg-build methodology_1: observed CAGR, sign flipped when lower is better; 1.5 % / 0.5 % / 0."""
    g = cagr(current, base, t - t0) * (1 if higher else -1)
    if g >= 0.015:
        return pg.SUBSTANTIAL, g
    if g >= 0.005:
        return pg.MODERATE, g
    if g >= 0:
        return pg.LIMITED, g
    return pg.DETERIORATION, g


def escap(current, base, target, t, t0, T, higher=True):
    """ESCAP current status and anticipated progress (CAGR projection to the target year)."""
    cs = (current - base) / (target - base) * 100
    projected = current * (1 + cagr(current, base, t - t0)) ** (T - t)
    d = 1 if higher else -1
    if (projected - target) * d >= 0:
        anticipated = "有望实现"
    elif (target - projected) * d > (target - base) * d:
        anticipated = "需扭转趋势"
    else:
        anticipated = "需加快进度"
    return cs, projected, anticipated


CASES = [
    # (values by year, target, higher is better)
    ({2015: 60.0, 2020: 66.0}, 80.0, True),  # ratio ≈ 1.0 → substantial
    ({2015: 60.0, 2020: 62.0}, 80.0, True),  # ratio ≈ 0.34 → limited
    ({2015: 60.0, 2018: 63.5}, 80.0, True),  # ratio ≈ 0.98
    ({2015: 60.0, 2020: 58.0}, 80.0, True),  # deterioration, reverse trend
    ({2015: 20.0, 2020: 17.0}, 10.0, False),  # lower is better, moderate
    ({2015: 20.0, 2020: 19.5}, 10.0, False),
    ({2015: 20.0, 2020: 23.0}, 10.0, False),
]


@pytest.mark.parametrize(("values", "target", "higher"), CASES)
def test_categories_match_hand_computed_formulas(values, target, higher):
    kind, comp = ("numeric_min", ">=") if higher else ("numeric_max", "<=")
    s = spec(kind=kind, comparator=comp, target_value=target, unit="人", target_year=2030,
             direction="higher_is_better" if higher else "lower_is_better")  # fmt: skip
    (t0, base), (t, current) = sorted(values.items())
    r = row(run([s], series("k", values)), t)
    expected, ratio = statcan_with_target(current, base, target, t, t0, 2030, higher)
    assert r["progress_measure"] == expected
    assert r["progress_ratio"] == pytest.approx(ratio, rel=1e-5)
    cs, projected, anticipated = escap(current, base, target, t, t0, 2030, higher)
    assert r["progress"] == pytest.approx(cs, rel=1e-5)
    assert r["projected_final"] == pytest.approx(projected, rel=1e-6)
    assert r["projection_method"] == "复合增长"
    assert r["anticipated"] == anticipated


@pytest.mark.parametrize(
    ("values", "higher"),
    [({2015: 100.0, 2020: 110.0}, True), ({2015: 100.0, 2020: 101.5}, True), ({2015: 100.0, 2020: 100.5}, True),
     ({2015: 100.0, 2020: 98.0}, True), ({2015: 10.0, 2020: 9.0}, False), ({2015: 10.0, 2020: 10.2}, False)],
)  # fmt: skip
def test_no_target_uses_cagr_thresholds(values, higher):
    s = spec(kind="direction_up" if higher else "direction_down",
             direction="higher_is_better" if higher else "lower_is_better")  # fmt: skip
    (t0, base), (t, current) = sorted(values.items())
    r = row(run([s], series("k", values)), t)
    expected, g = statcan_without_target(current, base, t, t0, higher)
    assert r["progress_measure"] == expected
    assert r["progress_ratio"] == pytest.approx(g, rel=1e-5)


def test_target_achieved_and_unable():
    s = spec(kind="numeric_min", comparator=">=", target_value=80.0, unit="人")
    result = run([s], series("k", {2015: 60.0, 2020: 85.0}))
    r = row(result, 2020)
    assert r["progress_measure"] == pg.ACHIEVED and r["progress"] == 100.0
    first = row(result, 2015)  # one point only: fewer than two years
    assert first["progress_measure"] == pg.UNABLE and first["cagr"] is None


def test_a_zero_target_uses_absolute_annual_changes_not_0_001():
    s = spec(kind="numeric_max", comparator="<=", target_value=0.0, unit="人", direction="lower_is_better")
    r = row(run([s], series("k", {2015: 5.0, 2020: 2.0})), 2020)
    # observed −0.6 a year against the −1/3 a year needed from 5 (2015) to 0 (2030)
    assert r["progress_ratio"] == pytest.approx((2.0 - 5.0) / 5 / ((0.0 - 5.0) / 15), rel=1e-6)
    assert r["progress_measure"] == pg.SUBSTANTIAL


def test_linear_fit_near_100_percent_and_on_sign_change():
    s = spec(kind="numeric_min", comparator=">=", target_value=99.5, unit="%")
    r = row(run([s], series("k", {2020: 96.0, 2021: 97.0, 2022: 97.5})), 2022)
    assert r["projection_method"] == "加权线性"
    # weights 1, 2, 3 on x = 0, 1, 2 — weighted least squares by hand
    w, x, y = [1, 2, 3], [0, 1, 2], [96.0, 97.0, 97.5]
    sw = sum(w)
    mx = sum(wi * xi for wi, xi in zip(w, x, strict=True)) / sw
    my = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sw
    slope = sum(wi * (xi - mx) * (yi - my) for wi, xi, yi in zip(w, x, y, strict=True)) / sum(
        wi * (xi - mx) ** 2 for wi, xi in zip(w, x, strict=True)
    )
    expected = min(100.0, my + slope * (2030 - 2020 - mx))
    assert r["projected_final"] == pytest.approx(expected)
    assert r["trend"] == pytest.approx(slope, rel=1e-5)
    g = spec(kind="direction_up", unit="")
    r = row(run([g], series("k", {2020: -2.0, 2021: 1.0, 2022: 3.0})), 2022)
    assert r["projection_method"] == "加权线性" and not math.isnan(r["projected_final"])


def test_projection_to_next_milestone():
    from planwatch.assessment.spec import Milestone

    s = spec(kind="numeric_min", comparator=">=", target_value=90.0, unit="人",
             milestones=[Milestone(2025, "numeric_min", ">=", 80.0)])  # fmt: skip
    r = row(run([s], series("k", {2020: 70.0, 2022: 72.0})), 2022)
    assert r["projection_year"] == 2025
    assert r["projected_value"] == pytest.approx(72.0 * (1 + cagr(72.0, 70.0, 2)) ** 3, rel=1e-5)
    assert "at_risk" in r["warnings"]  # misses the 2025 milestone (and 2030)
    assert "预计难以按期实现目标（预计2025年为" in r["explanation"] and "、2030年为" in r["explanation"]
