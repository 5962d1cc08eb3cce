"""达标率 by plan/area/attribute, gender gaps, region rankings."""

import polars as pl

from planwatch.assessment.aggregate import gender_gap, rank_regions, status_shares

from .helpers import run, series, spec


def _results():
    specs = [
        spec("a", kind="numeric_min", comparator=">=", target_value=90, unit="%", attribute="binding", area="健康",
             plan="P"),
        spec("b", kind="numeric_max", comparator="<=", target_value=5, unit="‰", attribute="binding", area="健康",
             plan="P", direction="lower_is_better"),
        spec("c", kind="qualitative", attribute="expected", area="健康", plan="P"),
        spec("d", kind="numeric_min", comparator=">=", target_value=50, unit="%", attribute="expected", area="健康",
             plan="P"),
    ]  # fmt: skip
    rows = (
        series("a", {2022: 95.0}) + series("b", {2022: 7.0}) + series("c", {2022: 1.0})
        + series("d", {2022: 49.0}) + series("a", {2022: 80.0}, region="S")
        + series("a", {2022: 93.0}, sex="female") + series("a", {2022: 97.0}, sex="male")
    )  # fmt: skip
    return specs, run(specs, rows)


def test_status_shares_split_by_attribute():
    _, result = _results()
    shares = status_shares(result.filter(pl.col("region") == "R"))
    binding = shares.filter(pl.col("attribute") == "约束性").row(0, named=True)
    assert (binding["met"], binding["not_met"], binding["assessable"], binding["met_share"]) == (
        1,
        1,
        2,
        50.0,
    )
    expected = shares.filter(pl.col("attribute") == "预期性").row(0, named=True)
    assert (expected["near"], expected["not_assessable"], expected["assessable"]) == (1, 1, 1)
    total = status_shares(result.filter(pl.col("region") == "R"), by=["plan", "year"]).row(0, named=True)
    assert total["indicators"] == 4 and total["met_share"] == round(1 / 3 * 100, 1)


def test_gender_gap_table():
    _, result = _results()
    gap = gender_gap(result).row(0, named=True)
    assert (gap["female"], gap["male"], gap["gap"]) == (93.0, 97.0, -4.0)
    assert abs(gap["ratio"] - 93 / 97) < 1e-12


def test_rank_regions_respects_direction():
    specs, result = _results()
    ranked = rank_regions(result, specs[0], 2022)
    assert ranked["region"].cast(pl.String).to_list() == ["R", "S"]
    low = spec(
        "m", kind="numeric_max", comparator="<=", target_value=5, unit="‰", direction="lower_is_better"
    )
    res = run([low], series("m", {2022: 7.0}, region="X") + series("m", {2022: 4.0}, region="Y"))
    assert rank_regions(res, low, 2022)["region"].cast(pl.String).to_list() == ["Y", "X"]


def test_measure_targets_are_left_out_of_the_rate():
    """With the specs, a 措施目标 (in_rate False) is not counted; a promoted one (in_rate True) is."""
    specs, result = _results()
    result = result.filter(pl.col("region") == "R")
    specs[0].in_rate = False  # "a" (达标) read from a 策略措施 sentence
    total = status_shares(result, by=["plan", "year"], specs=specs).row(0, named=True)
    assert (total["indicators"], total["met"], total["assessable"]) == (3, 0, 2)
    specs[0].in_rate = True
    total = status_shares(result, by=["plan", "year"], specs=specs).row(0, named=True)
    assert (total["indicators"], total["met"]) == (4, 1)
