"""A plan's printed baseline becomes the base of its own region's headline series."""

import polars as pl

from planwatch.assessment import assess
from planwatch.assessment.baselines import with_plan_baselines

from .helpers import row, spec


def _obs(rows):
    return pl.DataFrame(
        rows, schema={"key": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64}
    )


def test_baseline_fills_the_base_year_of_the_plan_region_only():
    s = spec(name="孕产妇系统管理率", kind="numeric_min", comparator=">=", target_value=95, unit="%",
             baseline_year=2020, baseline_value=90.0, baseline_region="江津区")  # fmt: skip
    obs = _obs([{"key": "k", "region": "江津区", "year": 2022, "value": 93.0},
                {"key": "k", "region": "其他区", "year": 2022, "value": 93.0}])  # fmt: skip
    result = assess([s], with_plan_baselines(obs, [s]))
    base = row(result, 2020, region="江津区")
    assert base["source"] == "baseline" and base["value"] == 90.0
    assert "2020年为90%（规划基期值）" in base["explanation"]
    now = row(result, 2022, region="江津区")
    assert now["base_year"] == 2020 and abs(now["progress"] - 60.0) < 1e-9  # (93 − 90) / (95 − 90)
    assert row(result, 2021, region="江津区")["status"] == "no_data"
    other = result.filter(pl.col("region").cast(pl.String) == "其他区")
    assert other.height == 1 and other["base_year"][0] == 2022


def test_reported_value_wins_and_unknown_region_adds_nothing():
    s = spec(kind="numeric_min", comparator=">=", target_value=95, baseline_year=2020, baseline_value=90.0,
             baseline_region="江津区")  # fmt: skip
    obs = _obs([{"key": "k", "region": "江津区", "year": 2020, "value": 91.0}])
    out = with_plan_baselines(obs, [s])
    assert out.height == 1 and out["source"][0] == "reported"
    elsewhere = spec(
        kind="numeric_min", baseline_year=2020, baseline_value=90.0, baseline_region="未出现的区"
    )
    assert with_plan_baselines(obs, [elsewhere]).height == 1


def test_unreported_indicator_gets_a_no_data_row():
    from planwatch.assessment.due import with_unreported_indicators

    reported = spec("a", kind="numeric_min", comparator=">=", target_value=95, baseline_region="江津区")
    silent = spec("b", name="产后访视率", kind="numeric_min", comparator=">=", target_value=95, unit="%",
                  baseline_region="江津区")  # fmt: skip
    obs = _obs([{"key": "a", "region": "江津区", "year": 2023, "value": 96.0}])
    result = assess([reported, silent], with_unreported_indicators(obs, [reported, silent]))
    r = row(result, 2023, key="b", region="江津区")
    assert r["status"] == "no_data" and r["warnings"] == "missing" and r["source"] == "missing"
    assert r["explanation"].startswith("产后访视率2023年应报未报，无数据")
    # with a region tree the plan region must belong to it
    assert with_unreported_indicators(obs, [silent], regions={"其他区"}).height == 1
