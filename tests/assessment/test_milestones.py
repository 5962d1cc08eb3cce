"""Milestones (阶段目标, "2025年达到80%，2030年达到90%"): the mid-term status against the milestone, projections to
every milestone and the final year, and at_risk naming the milestone expected to be missed."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from planwatch.assessment.io import output_frame, write_result
from planwatch.assessment.spec import Milestone
from planwatch.assessment.targets import milestone_for

from .helpers import row, run, series, spec, warnings_of


def coverage(**kw):
    """≥90% by 2030 with milestones ≥80% (2025) and ≥85% (2027)."""
    kw.setdefault(
        "milestones", [Milestone(2025, "numeric_min", ">=", 80.0), Milestone(2027, "numeric_min", ">=", 85.0)]
    )
    return spec(unit="%", kind="numeric_min", comparator=">=", target_value=90.0, **kw)


def test_mid_term_value_is_judged_against_the_milestone_and_final_status_is_kept():
    r = row(run([coverage()], series("k", {2021: 70.0, 2023: 76.0, 2025: 81.0})), 2025)
    assert r["status"] == "not_met"  # the final target ≥90% is unchanged
    assert r["milestone_year"] == 2025 and r["milestone_target"] == "≥80%" and r["milestone_status"] == "met"
    assert "；目标≥90%（2030年），未达标；2025年阶段目标≥80%，已达到" in r["explanation"]


@pytest.mark.parametrize(
    ("value", "expected", "words"),
    [(79.0, "near", "，接近阶段目标"), (70.0, "not_met", "，未达到"), (80.0, "met", "，已达到")],
)
def test_milestone_near_band_is_that_of_the_final_target(value, expected, words):
    r = row(run([coverage()], series("k", {2021: 70.0, 2025: value})), 2025)
    assert r["milestone_status"] == expected  # 接近: within 5 % of 80 (76–80)
    assert f"2025年阶段目标≥80%{words}" in r["explanation"]


def test_which_milestone_a_year_is_judged_against():
    result = run([coverage()], series("k", {y: 70.0 + y - 2021 for y in range(2021, 2031)}))
    got = {
        y: (row(result, y)["milestone_year"], row(result, y)["milestone_status"]) for y in range(2021, 2031)
    }
    assert got[2021] == (None, None) and got[2024] == (None, None)  # before the first milestone
    assert got[2025] == (2025, "not_met") and got[2026] == (2025, "not_met")  # 74 / 75 against ≥80
    assert got[2027][0] == 2027 and got[2029][0] == 2027  # the latest milestone passed
    assert got[2030] == (None, None)  # the final year is judged by status alone
    assert milestone_for([2025, 2027], 2024, 2030) is None and milestone_for([2025, 2027], 2028, 2030) == 2027


def test_no_milestone_gives_null_columns():
    s = spec(unit="%", kind="numeric_min", comparator=">=", target_value=90.0)
    r = row(run([s], series("k", {2021: 70.0, 2025: 81.0})), 2025)
    assert r["milestone_status"] is None and r["milestone_target"] is None and r["milestone_year"] is None
    assert "阶段目标" not in r["explanation"]


def test_milestone_kinds_use_the_target_semantics():
    mmr = spec("m", unit="1/10万", kind="numeric_max", comparator="<=", target_value=8.0, direction="lower_is_better",
               milestones=[Milestone(2025, "numeric_max", "<=", 10.0)])  # fmt: skip
    share = spec("a", unit="%", kind="approx", comparator="~", target_value=50.0,
                 milestones=[Milestone(2025, "approx", "~", 45.0)])  # fmt: skip
    up = spec("u", unit="%", kind="direction_up", milestones=[Milestone(2025, "direction_up")])
    rows = [*series("m", {2021: 12.0, 2025: 9.6}), *series("a", {2021: 40.0, 2025: 47.0}),
            *series("u", {2021: 40.0, 2025: 40.1})]  # fmt: skip
    result = run([mmr, share, up], rows)
    assert row(result, 2025, "m")["milestone_status"] == "met"  # 9.6 ≤ 10
    assert row(result, 2025, "m")["milestone_target"] == "≤10/10万"
    assert row(result, 2025, "a")["milestone_status"] == "met"  # 47 within ±5 % of 45
    assert row(result, 2025, "a")["milestone_target"] == "45%左右"
    assert row(result, 2025, "u")["milestone_status"] == "near"  # moved less than 1 % of the base


def test_milestone_without_a_value_is_not_assessable_with_the_reason():
    s = coverage(milestones=[Milestone(2025, "numeric_min", ">=", None)])
    r = row(run([s], series("k", {2021: 70.0, 2025: 81.0})), 2025)
    assert r["milestone_status"] == "not_assessable"
    assert "2025年阶段目标" in r["explanation"] and "缺少目标值" in r["explanation"]


def test_projections_to_every_future_milestone_and_the_final_year():
    r = row(run([coverage()], series("k", {2021: 70.0, 2023: 74.0})), 2023)
    growth = (74.0 / 70.0) ** (1 / 2) - 1
    proj = json.loads(r["projections"])
    assert set(proj) == {"2025", "2027", "2030"}
    for year, value in proj.items():
        assert value == pytest.approx(74.0 * (1 + growth) ** (int(year) - 2023), abs=1e-3)
    later = row(run([coverage()], series("k", {2021: 70.0, 2023: 74.0, 2026: 80.0})), 2026)
    assert set(json.loads(later["projections"])) == {"2027", "2030"}  # passed milestones drop out


def test_at_risk_names_the_milestone_expected_to_be_missed_even_when_the_final_target_is_on_track():
    # a late starter: 2025 milestone ≥80% is out of reach, the 2030 target ≥90% is not
    s = coverage(milestones=[Milestone(2025, "numeric_min", ">=", 80.0)])
    r = row(run([s], series("k", {2021: 60.0, 2023: 66.0})), 2023)
    proj = json.loads(r["projections"])
    assert proj["2025"] < 80.0 and proj["2030"] >= 90.0
    assert "at_risk" in warnings_of(r)
    assert r["at_risk_year"] == 2025 and r["at_risk_target"] == "≥80%"
    assert "达不到2025年阶段目标≥80%" in r["explanation"]


def test_at_risk_on_the_final_target_only_names_the_final_year():
    s = coverage(milestones=[Milestone(2025, "numeric_min", ">=", 70.0)])
    r = row(run([s], series("k", {2021: 66.0, 2023: 68.0})), 2023)
    assert "at_risk" in warnings_of(r)
    assert r["at_risk_year"] == 2030 and r["at_risk_target"] == "≥90%"
    assert "阶段目标" not in r["explanation"].split("预警：")[1]


def test_outputs_carry_projections_as_json(tmp_path):
    import io

    result = run([coverage()], series("k", {2021: 70.0, 2023: 74.0}))
    out = output_frame(result)
    for col in ("projections", "milestone_status", "milestone_target", "milestone_year", "at_risk_year"):
        assert col in out.columns
    buf = io.StringIO()
    write_result(result, "json", buf)
    rows = json.loads(buf.getvalue())
    assert isinstance(rows[-1]["projections"], dict) and "2030" in rows[-1]["projections"]
    buf = io.StringIO()
    write_result(result, "csv", buf)
    assert '"{""2025"": ' in buf.getvalue()  # JSON text in a CSV cell


KINDS = {
    "numeric_min": (">=", "higher_is_better"),
    "numeric_max": ("<=", "lower_is_better"),
    "numeric_exact": ("=", "higher_is_better"),
    "approx": ("~", "higher_is_better"),
    "direction_up": (None, "higher_is_better"),
    "direction_down": (None, "lower_is_better"),
    "maintain": (None, "higher_is_better"),
}


@settings(max_examples=60, deadline=None)
@given(
    kind=hs.sampled_from(sorted(KINDS)),
    level=hs.floats(5.0, 95.0),
    base=hs.floats(1.0, 99.0),
    value=hs.floats(1.0, 99.0),
)
def test_milestone_status_equals_the_status_the_same_target_would_get_as_final(kind, level, base, value):
    cmp, direction = KINDS[kind]
    target = None if kind.startswith("direction") or kind == "maintain" else round(level, 1)
    with_ms = spec("a", unit="%", kind="numeric_min", comparator=">=", target_value=99.0, direction=direction,
                   milestones=[Milestone(2025, kind, cmp, target)])  # fmt: skip
    as_final = spec("b", unit="%", kind=kind, comparator=cmp, target_value=target, direction=direction)
    vals = {2021: round(base, 2), 2025: round(value, 2)}
    result = run([with_ms, as_final], [*series("a", vals), *series("b", vals)])
    assert row(result, 2025, "a")["milestone_status"] == row(result, 2025, "b")["status"]


@settings(max_examples=40, deadline=None)
@given(values=hs.lists(hs.floats(1.0, 99.0), min_size=2, max_size=6), ms=hs.floats(10.0, 95.0))
def test_projection_years_are_the_schedule_years_after_the_row(values, ms):
    s = coverage(milestones=[Milestone(2025, "numeric_min", ">=", round(ms, 1))])
    result = run([s], series("k", {2020 + i: round(v, 2) for i, v in enumerate(values)}))
    for r in result.iter_rows(named=True):
        if r["projections"] is None:
            continue
        years = {int(y) for y in json.loads(r["projections"])}
        assert years == {y for y in (2025, 2030) if y > r["year"]}
        if "at_risk" in warnings_of(r):
            assert r["at_risk_year"] in years
