"""Property tests (hypothesis)."""

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planwatch.assessment import assess

from .helpers import run, series, spec

values = st.floats(min_value=1.0, max_value=99.0, allow_nan=False, allow_infinity=False)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(values, min_size=1, max_size=8), st.floats(1.0, 99.0), st.sampled_from([">=", "<="]))
def test_series_meeting_target_is_never_at_risk(vals, target, comp):
    kind = "numeric_min" if comp == ">=" else "numeric_max"
    s = spec(kind=kind, comparator=comp, target_value=target, unit="%")
    result = run([s], series("k", {2020 + i: v for i, v in enumerate(vals)}))
    met = result.filter(pl.col("status") == "met")
    assert not met["warnings"].str.contains("at_risk").any()
    for r in result.iter_rows(named=True):
        ok = r["value"] >= target if comp == ">=" else r["value"] <= target
        assert (r["status"] == "met") == ok


@SETTINGS
@given(st.lists(values, min_size=1, max_size=6), st.floats(1.0, 99.0), st.floats(1.0, 99.0))
def test_progress_is_monotone_in_latest_value(history, a, b):
    s = spec(kind="numeric_min", comparator=">=", target_value=100.0, unit="人")
    lo, hi = sorted((a, b))

    def progress(latest):
        vals = {2015 + i: v for i, v in enumerate([*history, latest])}
        r = run([s], series("k", vals)).filter(pl.col("year") == max(vals)).row(0, named=True)
        return r["progress"], r["status"]

    (p_lo, st_lo), (p_hi, st_hi) = progress(lo), progress(hi)
    if p_lo is not None and p_hi is not None:
        assert p_lo <= p_hi + 1e-9
    rank = {"met": 0, "near": 1, "not_met": 2}
    assert rank[st_hi] <= rank[st_lo]


@st.composite
def trees(draw):
    n_parents = draw(st.integers(1, 4))
    children = draw(st.lists(st.integers(1, 4), min_size=n_parents, max_size=n_parents))
    codes, parents, leaves = ["N"], [None], []
    for i, k in enumerate(children):
        codes.append(f"P{i}")
        parents.append("N")
        for j in range(k):
            leaves.append(f"P{i}C{j}")
            codes.append(leaves[-1])
            parents.append(f"P{i}")
    return pl.DataFrame(
        {"code": codes, "parent": parents}, schema={"code": pl.String, "parent": pl.String}
    ), leaves


@SETTINGS
@given(trees(), st.data())
def test_rollup_counts_sum_and_rates_are_num_over_den(tree_leaves, data):
    tree, leaves = tree_leaves
    counts = data.draw(st.lists(st.integers(0, 10_000), min_size=len(leaves), max_size=len(leaves)))
    dens = data.draw(st.lists(st.integers(1, 10_000), min_size=len(leaves), max_size=len(leaves)))
    nums = [data.draw(st.integers(0, d)) for d in dens]
    rows = []
    for leaf, c, n, d in zip(leaves, counts, nums, dens, strict=True):
        rows.append({"key": "cnt", "region": leaf, "year": 2022, "value": float(c)})
        rows.append({"key": "rate", "region": leaf, "year": 2022, "value": n / d * 100, "numerator": float(n),
                     "denominator": float(d)})  # fmt: skip
    specs = [spec("cnt", kind="direction_up", unit="人"), spec("rate", kind="numeric_min", comparator=">=",
             target_value=90, unit="%")]  # fmt: skip
    obs = pl.DataFrame(rows, schema={"key": pl.String, "region": pl.String, "year": pl.Int32, "value": pl.Float64,
                                     "numerator": pl.Float64, "denominator": pl.Float64})  # fmt: skip
    result = assess(specs, obs, tree)
    parent = dict(zip(tree["code"].to_list(), tree["parent"].to_list(), strict=True))
    got = {(r["key"], r["region"]): r["value"] for r in result.iter_rows(named=True)}
    for node in ["N", *{parent[leaf] for leaf in leaves}]:
        under = [i for i, leaf in enumerate(leaves) if node in (parent[leaf], parent[parent[leaf]])]
        assert got[("cnt", node)] == sum(counts[i] for i in under)
        expected = sum(nums[i] for i in under) / sum(dens[i] for i in under) * 100
        assert abs(got[("rate", node)] - expected) < 1e-9


TARGETS = st.sampled_from(
    [
        dict(kind="numeric_min", comparator=">=", target_value=60.0, unit="%"),
        dict(kind="numeric_max", comparator="<=", target_value=20.0, unit="%", direction="lower_is_better"),
        dict(kind="approx", comparator="~", target_value=45.0, unit="%", direction="neutral"),
        dict(kind="numeric_exact", comparator="=", target_value=0.0, unit="例", direction="lower_is_better"),
        dict(
            kind="ratio",
            comparator="=",
            target_value=50.0,
            target_detail={"a": 1, "b": 2},
            direction="neutral",
        ),
    ]
)


@SETTINGS
@given(st.lists(st.floats(0.0, 99.0), min_size=2, max_size=6), TARGETS)
# found by hypothesis: a hair from an exact 0 is not met, and its 99.999997 % became 100 in float32
@example(
    vals=[2.0, 5.960464477539063e-08],
    target={"kind": "numeric_exact", "comparator": "=", "target_value": 0.0, "unit": "例",
            "direction": "lower_is_better"},
)  # fmt: skip
def test_the_share_of_the_gap_covered_is_only_ever_printed_between_0_and_100(vals, target):
    """Whatever the series and the target kind: "已完成目标差距的X%" has 0 ≤ X < 100 and a base on the near side,
    and a base that met the target with a value that no longer does is 退步."""
    import re

    s = spec(**target)
    result = run([s], series("k", {2020 + i: v for i, v in enumerate(vals)}))
    base = vals[0]
    for r in result.iter_rows(named=True):
        for share in re.findall(r"已完成目标差距的(-?[\d.]+)%", r["explanation"]):
            assert 0 <= float(share) < 100, r["explanation"]
        if r["progress"] is not None and r["status"] != "met":
            assert (
                r["progress"] < 100
            )  # not met: never "all of the gap" or more (overshooting a band is not progress)
        met_at_base = result.filter(pl.col("year") == 2020)["status"].item() == "met"
        if met_at_base and r["year"] > 2020 and r["status"] != "met":
            assert r["progress_measure"] == "退步" and r["progress"] is None, (base, r)
