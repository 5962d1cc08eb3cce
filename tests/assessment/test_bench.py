"""The synthetic database and the benchmark command (tiny scale only: speed is measured by the bench)."""

import polars as pl
from click.testing import CliRunner

from planwatch.assessment.synthetic import generate, region_tree
from planwatch.cli import cli


def test_nation_tree_has_the_real_structure():
    tree, leaves = region_tree("nation")
    counts = dict(tree.group_by("level").len().iter_rows())
    assert counts == {"nation": 1, "province": 31, "city": 333, "county": 2844}
    assert len(leaves) == 2844 and tree["code"].n_unique() == tree.height


def test_generation_is_reproducible():
    a = generate("county", n_indicators=6, years=4, seed=3)
    b = generate("county", n_indicators=6, years=4, seed=3)
    assert a.observations.equals(b.observations)
    assert not a.observations.equals(generate("county", n_indicators=6, years=4, seed=4).observations)
    assert set(a.observations["sex"].cast(pl.String).unique()) == {"total", "female", "male"}


def test_bench_assess_runs_at_county_scale():
    res = CliRunner().invoke(cli, ["bench", "assess", "--scale", "county", "--indicators", "8", "--years", "5",
                                   "--pandas-obs", "300"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "observations/second" in res.output and "内存峰值" in res.output
    assert "pandas" in res.output and "倍" in res.output
