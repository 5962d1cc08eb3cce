"""The figures do not depend on the order rows, specs or regions arrive in: a restored database lists them
in another order and must give the same assessment to the last digit (floats added in another order differ)."""

import random

import polars as pl
import pytest

from planwatch.assessment import assess, synthetic

CELL = ["key", "region", "year", "sex", "age_group", "area_type"]


def figures(specs, obs, regions) -> pl.DataFrame:
    r = assess(specs, obs, regions, explain=False)
    floats = [c for c, t in r.schema.items() if t in (pl.Float64, pl.Float32)]
    return r.select([pl.col(c).cast(pl.String) for c in CELL] + floats).sort(CELL)


@pytest.fixture(scope="module")
def world():
    s = synthetic.generate("province", n_indicators=12, years=5)
    return s, figures(s.specs, s.observations, s.regions)


@pytest.mark.parametrize("shuffled", ["rows", "specs", "regions"])
def test_the_assessment_is_the_same_to_the_last_digit_in_any_input_order(world, shuffled):
    s, expected = world
    obs, specs, regions = s.observations, list(s.specs), s.regions
    if shuffled == "rows":
        obs = obs.sample(fraction=1.0, shuffle=True, seed=5)
    elif shuffled == "specs":
        random.Random(3).shuffle(specs)
    else:
        regions = regions.sample(fraction=1.0, shuffle=True, seed=7)
    got = figures(specs, obs, regions)
    assert got.height == expected.height > 1000
    for col in expected.columns[len(CELL) :]:
        same = (got[col] == expected[col]) | (got[col].is_null() & expected[col].is_null())
        assert same.fill_null(False).all(), f"{col}: {(~same.fill_null(False)).sum()} cells differ"
