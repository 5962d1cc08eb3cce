"""Assessment semantics of issue 9: what 逐年, a base at or beyond the target, a base of 0, bands, the plan's
base year, gappy series, full-coverage targets and binding indicators mean for statuses, progress and words."""

import numpy as np
import pytest

from planwatch.assessment import AssessConfig
from planwatch.assessment import progress as pg
from planwatch.assessment import status as st
from planwatch.assessment.targets import is_yearly, rule_for

from .helpers import row, run, series, spec, warnings_of


def one(s, values, year=None):
    return row(run([s], series(s.key, values)), year or max(values), key=s.key)


# ── 逐年提高 / 逐年降低 ─────────────────────────────────────────────────────────────────────────────────
def test_every_year_means_a_year_below_the_previous_one_is_not_met():
    s = spec(kind="direction_up", target_text="逐年提高")
    assert one(s, {2020: 50.0, 2021: 53.0}, 2021)["status"] == "met"
    r = one(s, {2020: 50.0, 2021: 53.0, 2022: 52.0})
    # still 4 % above the 2020 base, but below 2021: not 逐年提高
    assert r["status"] == "not_met"
    assert "未达标（比上年反向变化，不符合「逐年提高」）" in r["explanation"]
    assert one(s, {2020: 50.0, 2021: 53.0, 2022: 52.0, 2023: 54.0})["status"] == "met"
    plain = spec(kind="direction_up", target_text="提高")  # no 逐年: judged on the change since the base
    assert one(plain, {2020: 50.0, 2021: 53.0, 2022: 52.0})["status"] == "met"


def test_every_year_down_and_across_a_gap():
    s = spec(kind="direction_down", direction="lower_is_better", target_text="逐年降低")
    assert one(s, {2020: 10.0, 2021: 9.0, 2022: 9.5})["status"] == "not_met"
    r = one(s, {2020: 10.0, 2021: 8.0, 2023: 8.5})  # the previous report is 2021: 比2021年, not 比上年
    assert r["status"] == "not_met" and "比2021年反向变化" in r["explanation"]
    assert one(s, {2020: 10.0, 2021: 9.0, 2022: 8.5})["status"] == "met"


def test_yearly_rule_and_judgement_are_pure_functions():
    cfg = AssessConfig()
    assert rule_for("direction_up", None, None, "", cfg, "逐年提高").yearly
    assert rule_for("direction_down", None, None, "", cfg, "每年降低").yearly
    assert not rule_for("direction_up", None, None, "", cfg, "稳步提高").yearly
    assert is_yearly("年年增长") and not is_yearly("")
    v = np.array([[50.0, 53.0, 52.0]])
    base = np.full_like(v, 50.0)
    prev = np.array([[np.nan, 50.0, 53.0]])
    two = np.array([[False, True, True]])
    col = lambda x: np.array([[x]])  # noqa: E731
    args = (
        v,
        base,
        np.full_like(v, np.nan),
        two,
        col(2),
        col(1),
        col(np.nan),
        col(0.01),
        col(0.0),
        col(0.02),
        col(1),
    )
    j = st.judge(*args, col(True), prev)
    assert j.status.tolist() == [[st.NOT_ASSESSABLE, st.MET, st.NOT_MET]]
    assert st.judge(*args, col(False), prev).status.tolist() == [[st.NOT_ASSESSABLE, st.MET, st.MET]]


# ── a base at or beyond the target ─────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("kw", "values"),
    [
        (dict(kind="numeric_min", comparator=">=", target_value=95, unit="%"), {2020: 95.0, 2023: 93.0}),
        (dict(kind="numeric_max", comparator="<=", target_value=8, unit="1/10万", direction="lower_is_better"),
         {2020: 8.0, 2023: 8.3}),
        (dict(kind="numeric_min", comparator=">", target_value=98.5, unit="%"), {2020: 98.5, 2023: 98.0}),
    ],
)  # fmt: skip
def test_base_equal_to_the_target_then_worse_is_deterioration(kw, values):
    r = one(spec(**kw), values)
    assert r["status"] in ("near", "not_met")
    assert r["progress_measure"] == pg.DETERIORATION  # was 无法评估, hiding the regression
    assert r["progress"] is None and "已完成目标差距" not in r["explanation"]
    assert "与2020年基期相比退步" in r["explanation"]


def test_base_beyond_the_target_then_past_it_the_wrong_way():
    s = spec(kind="numeric_min", comparator=">=", target_value=90, unit="%")
    r = one(s, {2020: 95.0, 2023: 85.0})
    assert r["status"] == "not_met" and r["progress_measure"] == pg.DETERIORATION
    assert r["progress"] is None and r["progress_ratio"] is None  # no "已完成目标差距的200%"
    assert "已完成目标差距" not in r["explanation"] and "与2020年基期相比退步" in r["explanation"]
    assert one(s, {2020: 95.0, 2023: 92.0})["progress_measure"] == pg.ACHIEVED


def test_progress_share_is_printed_only_between_0_and_100():
    s = spec(kind="numeric_min", comparator=">=", target_value=90, unit="%")
    away = one(s, {2020: 80.0, 2023: 78.0})
    assert away["progress"] == pytest.approx(-20.0)  # the figure stays in the data
    assert "已完成目标差距" not in away["explanation"] and "与2020年基期相比退步" in away["explanation"]
    toward = one(s, {2020: 80.0, 2023: 85.0})
    assert "自2020年以来已完成目标差距的50%" in toward["explanation"]


# ── a base of 0 ────────────────────────────────────────────────────────────────────────────────────────
def test_base_zero_uses_absolute_changes():
    s = spec(kind="numeric_min", comparator=">=", target_value=60, unit="%")
    r = one(s, {2020: 0.0, 2023: 30.0})
    # 10 points a year observed, 6 a year needed (0 → 60 from 2020 to 2030)
    assert r["progress_ratio"] == pytest.approx(10 / 6, rel=1e-5)
    assert r["progress_measure"] == pg.SUBSTANTIAL and r["progress"] == pytest.approx(50.0)


def test_zero_target_met_at_base_then_missed_is_deterioration_not_substantial():
    s = spec(kind="numeric_exact", comparator="=", target_value=0, unit="例", direction="lower_is_better",
             target_text="零发生")  # fmt: skip
    r = one(s, {2020: 0.0, 2023: 2.0})
    assert r["status"] == "not_met" and r["progress_measure"] == pg.DETERIORATION


def test_base_zero_without_a_level_says_why_it_cannot_be_measured():
    s = spec(kind="direction_up", target_text="提高", unit="个")
    r = one(s, {2020: 0.0, 2023: 5.0})
    assert r["status"] == "met" and r["progress_measure"] == pg.UNABLE and r["cagr"] is None
    assert "2020年基期值为0，无法计算年均增长率" in r["explanation"]


def test_cagr_and_level_ratio_pure():
    assert np.isnan(pg.cagr(np.array([5.0]), np.array([0.0]), np.array([3.0]))[0])
    assert pg.cagr(np.array([0.0]), np.array([5.0]), np.array([3.0]))[0] == pytest.approx(-1.0)
    one_ = np.array([1.0])
    ratio = pg.level_ratio(np.array([30.0]), np.array([0.0]), np.array([60.0]), 3 * one_, 10 * one_, one_ > 0)
    assert ratio[0] == pytest.approx(10 / 6)


# ── bands: 左右 and 2：3 ─────────────────────────────────────────────────────────────────────────────────
def test_overshooting_a_band_is_moving_away():
    for direction in ("neutral", "higher_is_better"):
        s = spec(kind="approx", comparator="~", target_value=45, unit="%", direction=direction)
        r = one(s, {2020: 40.0, 2023: 55.0})  # past 42.75–47.25 to the far side
        assert r["status"] == "not_met" and r["progress_measure"] == pg.DETERIORATION
        assert r["progress"] is None and "已完成目标差距" not in r["explanation"]


def test_a_neutral_band_gets_a_progress_category():
    s = spec(kind="approx", comparator="~", target_value=45, unit="%", direction="neutral")
    r = one(s, {2020: 40.0, 2023: 42.0})
    # towards the band's near edge 42.75: 2/3 a year observed, 2.75/10 a year needed
    assert r["progress_ratio"] == pytest.approx((2 / 3) / (2.75 / 10), rel=1e-5)
    assert r["progress_measure"] == pg.SUBSTANTIAL
    assert r["progress"] == pytest.approx(2 / 2.75 * 100, rel=1e-5)
    ratio = spec(kind="ratio", comparator="=", target_value=2 / 3, target_detail={"a": 2, "b": 3},
                 direction="neutral")  # fmt: skip
    assert one(ratio, {2020: 0.5, 2023: 0.6})["progress_measure"] == pg.SUBSTANTIAL
    assert one(ratio, {2020: 0.5, 2023: 0.75})["progress_measure"] == pg.DETERIORATION
    assert one(ratio, {2020: 0.5, 2023: 0.45})["progress_measure"] == pg.DETERIORATION
    assert one(ratio, {2020: 0.5, 2023: 0.66})["progress_measure"] == pg.ACHIEVED


def test_a_band_met_at_base_then_left_is_deterioration():
    s = spec(kind="approx", comparator="~", target_value=45, unit="%", direction="neutral")
    assert one(s, {2020: 45.0, 2023: 50.0})["progress_measure"] == pg.DETERIORATION


# ── the plan's base year ───────────────────────────────────────────────────────────────────────────────
def test_base_year_is_the_year_before_the_plan_period_not_the_first_observation():
    s = spec(kind="numeric_min", comparator=">=", target_value=90, unit="%", due_from=2021)
    history = {y: 50.0 + 2.0 * (y - 2010) for y in range(2010, 2024)}  # 2010: 50 … 2020: 70, 2023: 76
    r = one(s, history, 2023)
    assert r["base_year"] == 2020 and r["base_value"] == 70.0
    assert r["progress"] == pytest.approx((76 - 70) / (90 - 70) * 100)  # 30 %, not (76−50)/(90−50) = 65 %
    assert "自2020年以来已完成目标差距的30%" in r["explanation"]
    stated = spec(
        kind="numeric_min", comparator=">=", target_value=90, unit="%", due_from=2021, baseline_year=2018
    )
    assert one(stated, history, 2023)["base_year"] == 2018
    no_plan = spec(kind="numeric_min", comparator=">=", target_value=90, unit="%")
    assert one(no_plan, history, 2023)["base_year"] == 2010  # no period known: the first observation


def test_base_year_with_data_starting_inside_the_period():
    s = spec(kind="numeric_min", comparator=">=", target_value=90, unit="%", due_from=2021)
    assert one(s, {2022: 60.0, 2023: 62.0})["base_year"] == 2022


# ── gappy series and the words of changes ──────────────────────────────────────────────────────────────
def test_gappy_trending_series_is_not_volatile_at_nearly_every_point():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    result = run([s], series("k", {2000: 50.0, 2005: 60.0, 2010: 70.0, 2015: 80.0, 2020: 85.0}))
    flagged = [r for r in result.iter_rows(named=True) if "volatile" in warnings_of(r)]
    assert flagged == []
    people = spec(kind="numeric_min", comparator=">=", target_value=200, unit="人")
    values = {2000: 40.0, 2005: 50.0, 2010: 60.0, 2015: 70.0, 2020: 80.0, 2021: 80.5, 2022: 81.0, 2023: 81.5}
    result = run([people], series("k", values))
    assert [r["year"] for r in result.iter_rows(named=True) if "volatile" in warnings_of(r)] == []


def test_volatility_across_a_gap_names_the_year_and_the_yearly_change():
    s = spec(name="产前检查率", kind="numeric_min", comparator=">=", target_value=95, unit="%")
    r = one(s, {2015: 50.0, 2017: 65.0})
    assert "volatile" in warnings_of(r)
    assert "波动较大（比2015年+15个百分点，年均+7.5个百分点）" in r["explanation"]
    assert "比上年" not in r["explanation"]
    r = one(s, {2016: 50.0, 2017: 56.0})
    assert "波动较大（比上年+6个百分点）" in r["explanation"]


def test_levels_in_years_of_age_change_in_their_unit():
    s = spec(name="人均预期寿命", kind="numeric_min", comparator=">=", target_value=80, unit="岁")
    r = one(s, {2020: 77.0, 2023: 78.8})
    assert "比2020年提高1.8岁" in r["explanation"]
    school = spec(name="平均受教育年限", kind="numeric_min", comparator=">=", target_value=11, unit="年")
    assert "比2022年提高0.2年" in one(school, {2022: 10.5, 2023: 10.7})["explanation"]


def test_gender_gap_in_percentage_points():
    s = spec(name="高中阶段毛入学率", kind="numeric_min", comparator=">=", target_value=95, unit="%")
    rows = series("k", {2022: 90.0, 2023: 88.0}, sex="female") + series(
        "k", {2022: 90.0, 2023: 92.0}, sex="male"
    )
    assert "女性与男性之差由0变为-4个百分点" in row(run([s], rows), 2023, sex="female")["explanation"]


# ── full coverage and binding targets ──────────────────────────────────────────────────────────────────
def test_at_least_100_percent_of_a_rate_is_full_coverage_with_the_one_percent_rule():
    cfg = AssessConfig()
    r = rule_for("numeric_min", ">=", 100.0, "higher_is_better", cfg, hi=100.0)
    assert (r.cmp, r.anchor, r.tol) == ("~", 100.0, cfg.exact_tolerance)
    assert rule_for("numeric_min", ">=", 100.0, "higher_is_better", cfg).cmp == ">="  # no bound known
    assert rule_for("numeric_min", ">=", 95.0, "higher_is_better", cfg, hi=100.0).cmp == ">="
    s = spec(name="住院分娩率", kind="numeric_min", comparator=">=", target_value=100, unit="%")
    assert one(s, {2023: 99.2})["status"] == "met"
    assert one(s, {2023: 97.0})["status"] == "near"
    gross = spec(name="学前教育毛入园率", kind="numeric_min", comparator=">=", target_value=100, unit="%")
    assert one(gross, {2023: 99.2})["status"] == "near"  # a gross ratio may exceed 100: ≥ stays ≥


def test_binding_indicator_short_of_its_target_warns_even_when_near():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%", attribute="binding")
    r = one(s, {2023: 93.0})
    assert r["status"] == "near" and "binding_missed" in warnings_of(r)
    assert "binding_missed" not in warnings_of(one(s, {2023: 96.0}))
    expected = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%", attribute="expected")
    assert "binding_missed" not in warnings_of(one(expected, {2023: 93.0}))
