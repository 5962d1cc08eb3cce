"""Roll-up along the region hierarchy."""

import polars as pl
import pytest

from planwatch.assessment.rollup import region_depths

from .helpers import row, run, spec

TREE = pl.DataFrame(
    {"code": ["N", "P", "C1", "C2", "C3"], "parent": [None, "N", "P", "P", "P"]},
    schema={"code": pl.String, "parent": pl.String},
)


def obs(key, region, value, num=None, den=None, year=2022):
    return {"key": key, "region": region, "year": year, "value": value, "numerator": num, "denominator": den}


def test_counts_are_summed_up_every_level():
    s = spec(kind="direction_up", unit="人")
    result = run([s], [obs("k", "C1", 10), obs("k", "C2", 20), obs("k", "C3", 5)], TREE)
    p, n = row(result, 2022, region="P"), row(result, 2022, region="N")
    assert p["value"] == 35 and n["value"] == 35
    assert p["source"] == "rollup" and p["complete"] is True
    assert p["n_children"] == 3 and p["n_reported"] == 3


def test_rates_recomputed_from_numerators_and_denominators():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    rows = [obs("k", "C1", 90.0, 90, 100), obs("k", "C2", 99.0, 990, 1000), obs("k", "C3", 50.0, 5, 10)]
    p = row(run([s], rows, TREE), 2022, region="P")
    assert p["value"] == pytest.approx((90 + 990 + 5) / 1110 * 100)  # not the plain mean 79.7


def test_per_100k_rates_use_their_factor():
    s = spec(kind="numeric_max", comparator="<=", target_value=10, unit="1/10万", direction="lower_is_better")
    rows = [obs("k", "C1", 20.0, 2, 10000), obs("k", "C2", 10.0, 1, 10000), obs("k", "C3", 0.0, 0, 30000)]
    assert row(run([s], rows, TREE), 2022, region="P")["value"] == pytest.approx(3 / 50000 * 1e5)


def test_levels_weighted_by_population():
    s = spec(kind="direction_up", unit="岁")
    rows = [
        obs("k", "C1", 80.0, None, 1000),
        obs("k", "C2", 78.0, None, 3000),
        obs("k", "C3", 79.0, None, 1000),
    ]
    assert row(run([s], rows, TREE), 2022, region="P")["value"] == pytest.approx(
        (80e3 + 78 * 3e3 + 79e3) / 5000
    )


def test_rates_without_numerators_are_not_averaged():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    result = run([s], [obs("k", "C1", 90.0), obs("k", "C2", 99.0), obs("k", "C3", 50.0)], TREE)
    assert set(result["region"].cast(pl.String).to_list()) == {"C1", "C2", "C3"}


def test_incomplete_when_a_child_did_not_report():
    s = spec(kind="direction_up", unit="人")
    result = run([s], [obs("k", "C1", 10), obs("k", "C2", 20)], TREE)
    p = row(result, 2022, region="P")
    assert p["value"] == 30 and p["complete"] is False and p["n_reported"] == 2
    assert "2/3个地区汇总，数据不完整" in p["explanation"]
    assert row(result, 2022, region="N")["complete"] is False  # incompleteness travels up


def test_reported_parent_value_wins():
    s = spec(kind="direction_up", unit="人")
    result = run([s], [obs("k", "C1", 10), obs("k", "C2", 20), obs("k", "C3", 5), obs("k", "P", 40)], TREE)
    p = row(result, 2022, region="P")
    assert p["value"] == 40 and p["source"] == "reported"
    assert row(result, 2022, region="N")["value"] == 40


def test_depths_and_cycles():
    assert region_depths(TREE) == {"N": 0, "P": 1, "C1": 2, "C2": 2, "C3": 2}
    cyc = pl.DataFrame({"code": ["A", "B"], "parent": ["B", "A"]})
    with pytest.raises(ValueError, match="成环"):
        region_depths(cyc)


def test_unknown_region_in_data_is_an_error():
    s = spec(kind="direction_up", unit="人")
    with pytest.raises(ValueError, match="不在行政区划树中"):
        run([s], [obs("k", "X9", 10)], TREE)


def test_value_derived_from_numerator_and_denominator():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, unit="%")
    r = row(run([s], [obs("k", "C1", None, 960, 1000)]), 2022, region="C1")
    assert r["value"] == pytest.approx(96.0) and r["status"] == "met"


def test_per_ten_thousand_rates_use_their_factor_and_values_from_fractions():
    """1/万 was unknown to the assessment: values from numerator/denominator came out 10,000× too small."""
    s = spec(name="儿童意外伤害死亡率", kind="numeric_max", comparator="<=", target_value=5, unit="1/万",
             direction="lower_is_better")  # fmt: skip
    rows = [obs("k", "C1", None, 3, 10000), obs("k", "C2", None, 1, 10000), obs("k", "C3", None, 2, 20000)]
    result = run([s], rows, TREE)
    assert row(result, 2022, region="C1")["value"] == pytest.approx(3.0)
    assert row(result, 2022, region="P")["value"] == pytest.approx(6 / 40000 * 1e4)


def test_seats_are_counts_and_summed():
    """座 (public toilets, venues) was summed on the reporting form but not rolled up."""
    s = spec(name="城乡公共厕所", kind="direction_up", unit="座")
    p = row(run([s], [obs("k", "C1", 12), obs("k", "C2", 30), obs("k", "C3", 8)], TREE), 2022, region="P")
    assert p["value"] == 50 and p["complete"] is True


def test_per_capita_indicators_are_never_summed():
    """每千人口托位数: two counties at 3.5 and 4.0 are 3.5–4.0 together (population-weighted), never 7.5."""
    s = spec(
        name="每千人口拥有3岁以下婴幼儿托位数",
        kind="numeric_min",
        comparator=">=",
        target_value=4.5,
        unit="个",
    )
    tree = TREE.filter(pl.col("code") != "C3")
    rows = [obs("k", "C1", 3.5, 350, 100_000), obs("k", "C2", 4.0, 1200, 300_000)]
    p = row(run([s], rows, tree), 2022, region="P")
    assert p["value"] == pytest.approx((350 + 1200) / 400_000 * 1000)  # 3.875
    assert p["status"] != "met"
    by_population_only = [obs("k", "C1", 3.5, None, 100_000), obs("k", "C2", 4.0, None, 300_000)]
    assert row(run([s], by_population_only, tree), 2022, region="P")["value"] == pytest.approx(3.875)


def test_per_capita_without_weights_is_not_rolled_up():
    s = spec(
        name="每千名儿童拥有儿科执业（助理）医生数",
        kind="numeric_min",
        comparator=">=",
        target_value=1.12,
        unit="名",
    )
    result = run([s], [obs("k", "C1", 1.0), obs("k", "C2", 1.2), obs("k", "C3", 0.9)], TREE)
    assert set(result["region"].cast(pl.String).to_list()) == {"C1", "C2", "C3"}
