"""Roll-up along the region hierarchy (county → city → province → nation), DHIS2-style.

Counts are summed. Rates are recomputed as Σnumerator / Σdenominator × factor (or Σ(value·denominator) /
Σdenominator when only the population weight is reported) — never a plain average of the children's rates;
a rate whose children lack numerators/denominators is not rolled up at all. A parent cell is ``complete``
only when every child region reported and every child cell is itself complete. A value the parent region
reported itself wins over the rolled-up one.
"""

from __future__ import annotations

import polars as pl

CELL = ["key", "year", "sex", "age_group", "area_type"]


def region_depths(regions: pl.DataFrame) -> dict[str, int]:
    """Depth of every region code from its parent links (roots are 0); cycles raise ValueError."""
    parent = dict(zip(regions["code"].to_list(), regions["parent"].to_list(), strict=True))
    depth: dict[str, int] = {}
    for code in parent:
        chain, node = [], code
        while node is not None and node not in depth:
            if node in chain:
                raise ValueError(f"行政区划上下级关系成环：{'→'.join(chain)}")
            chain.append(node)
            node = parent.get(node)
        base = -1 if node is None else depth[node]
        for i, c in enumerate(reversed(chain)):
            depth[c] = base + 1 + i
    return depth


_DEPTH_CACHE: dict[int, tuple[pl.DataFrame, dict[str, int]]] = {}


def _cached_depths(regions: pl.DataFrame) -> dict[str, int]:
    """Depths are computed once per region table (the engine rolls up chunk after chunk)."""
    hit = _DEPTH_CACHE.get(id(regions))
    if hit is None or hit[0] is not regions:
        _DEPTH_CACHE.clear()
        hit = _DEPTH_CACHE[id(regions)] = (regions, region_depths(regions))
    return hit[1]


def rollup(obs: pl.DataFrame, regions: pl.DataFrame, aggregation: pl.DataFrame) -> pl.DataFrame:
    """Add rolled-up parent cells to ``obs``.

    obs: key, region, year, sex, age_group, area_type, value, numerator, denominator (region dtype = that of
    ``regions["code"]``). aggregation: key, agg ('sum'|'ratio'|'weighted'), factor.
    Returns obs plus rolled-up rows, with columns source ('reported'|'rollup'), complete, n_children, n_reported.
    """
    depth = _cached_depths(regions)
    rdt = obs.schema["region"]
    tree = regions.select(
        pl.col("code").cast(rdt).alias("region"),
        pl.col("parent").cast(rdt),
        pl.col("code").replace_strict(depth, return_dtype=pl.Int16).alias("depth"),
    )
    n_children = (
        tree.filter(pl.col("parent").is_not_null())
        .group_by("parent")
        .agg(pl.len().cast(pl.Int32).alias("n_children"))
    )
    reported = obs.with_columns(
        source=pl.col("source") if "source" in obs.columns else pl.lit("reported"), complete=pl.lit(True),
        n_children=pl.lit(None, pl.Int32),
        n_reported=pl.lit(None, pl.Int32),
    ).join(tree.select("region", "depth"), on="region", how="left")  # fmt: skip
    unknown = reported.filter(pl.col("depth").is_null())
    if unknown.height:
        raise ValueError(
            f"监测数据中有不在行政区划树中的地区：{unknown['region'].unique().head(5).to_list()}"
        )
    agg = aggregation.select("key", "agg", "factor").with_columns(pl.col("key").cast(obs.schema["key"]))
    layers = [reported]
    level = reported
    for dep in range(max(depth.values()), 0, -1):
        children = level.filter(pl.col("depth") == dep)
        if children.height == 0:
            continue
        parents = _roll_one_level(children, tree, n_children, agg)
        own = reported.filter(pl.col("depth") == dep - 1).select("region", *CELL)
        parents = parents.join(own, on=["region", *CELL], how="anti")
        layers.append(parents)
        level = pl.concat([reported.filter(pl.col("depth") == dep - 1), parents], how="diagonal_relaxed")
    return pl.concat(layers, how="diagonal_relaxed").drop("depth")


_CODED = ("key", "sex", "age_group", "area_type")


def _sizes(schema: pl.Schema) -> dict[str, int]:
    return {c: len(schema[c].categories) for c in ("region", *_CODED)}


def _lexical(schema: pl.Schema, c: str) -> list[str]:
    return sorted(schema[c].categories)


def _rank(schema: pl.Schema, c: str, col: str | None = None) -> pl.Expr:
    """The Enum's lexical rank: the category lists follow the order specs and regions arrived in, and the
    sums must not (a restored database lists them in another order and must give the same figures)."""
    cats = list(schema[c].categories)
    order = {v: i for i, v in enumerate(_lexical(schema, c))}
    ranks = pl.Series([order[v] for v in cats], dtype=pl.UInt64)
    return pl.lit(ranks).gather(pl.col(col or c).to_physical())


def _cell_code(schema: pl.Schema) -> pl.Expr:
    """One u64 per (parent, key, sex, age_group, area_type, year): grouping on one integer column is far
    cheaper than on six, and the parts are decoded back arithmetically. Built from lexical ranks, so the
    code — and the order rows are summed in — does not depend on the Enums' category order."""
    sizes = _sizes(schema)
    code = _rank(schema, "region", "parent")
    for c in _CODED:
        code = code * sizes[c] + _rank(schema, c)
    return code * 4096 + (pl.col("year") - 1000).cast(pl.UInt64)


def _decode(codes: pl.Series, schema: pl.Schema) -> dict[str, pl.Series]:
    sizes = _sizes(schema)
    rest = codes.to_numpy()
    out: dict[str, pl.Series] = {"year": pl.Series((rest % 4096 + 1000).astype("int32"))}
    rest = rest // 4096
    for c in reversed(_CODED):
        idx = rest % sizes[c]
        rest = rest // sizes[c]
        out[c] = pl.Series(_lexical(schema, c)).gather(idx.astype("int64")).cast(schema[c])
    out["region"] = pl.Series(_lexical(schema, "region")).gather(rest.astype("int64")).cast(schema["region"])
    return out


def _roll_one_level(
    children: pl.DataFrame, tree: pl.DataFrame, n_children: pl.DataFrame, agg: pl.DataFrame
) -> pl.DataFrame:
    v, num, den = pl.col("value"), pl.col("numerator"), pl.col("denominator")
    has_v = v.is_not_null()
    with_parent = children.join(tree.select("region", "parent"), on="region", how="left").filter(
        pl.col("parent").is_not_null()
    )
    if with_parent.height == 0:
        return children.clear()
    dep = int(with_parent["depth"][0]) - 1
    sums = (
        with_parent.lazy()
        .select(
            _cell=_cell_code(with_parent.schema),
            _child=_rank(with_parent.schema, "region"),
            _has=has_v,
            _open=has_v & ~pl.col("complete").fill_null(False),
            _v=v,
            _nd=has_v & num.is_not_null() & den.is_not_null() & (den > 0),
            _num=pl.when(has_v).then(num),
            _den=pl.when(has_v).then(den),
            _w=has_v & den.is_not_null() & (den > 0),
            _vw=v * den,
        )
        # one summation order whatever order the rows came in: floats added in another order differ
        .sort("_cell", "_child")
        .group_by("_cell", maintain_order=True)
        .agg(
            n_reported=pl.col("_has").sum().cast(pl.Int32),
            all_complete=pl.col("_open").sum() == 0,
            sum_v=pl.col("_v").sum(),
            n_nd=pl.col("_nd").sum(),
            sum_num=pl.col("_num").sum(),
            sum_den=pl.col("_den").sum(),
            n_w=pl.col("_w").sum(),
            sum_vw=pl.col("_vw").sum(),
        )
        .filter(pl.col("n_reported") > 0)
        .collect()
    )
    parts = _decode(sums["_cell"], children.schema)
    grouped = (
        sums.with_columns(parent=parts.pop("region"), **parts)
        .join(agg, on="key", how="left")
        .join(n_children, on="parent", how="left")
    )
    n = pl.col("n_reported")
    value = (
        pl.when(pl.col("agg") == "sum")
        .then(pl.col("sum_v"))
        .when((pl.col("agg") == "ratio") & (pl.col("n_nd") == n))
        .then(pl.col("sum_num") / pl.col("sum_den") * pl.col("factor"))
        .when(pl.col("n_w") == n)
        .then(pl.col("sum_vw") / pl.col("sum_den"))
    )
    return (
        grouped.with_columns(value=value)
        .filter(pl.col("value").is_not_null())
        .select(
            pl.col("parent").alias("region"),
            *CELL,
            "value",
            pl.when(pl.col("n_nd") == n).then(pl.col("sum_num")).alias("numerator"),
            pl.when(pl.col("n_w") == n).then(pl.col("sum_den")).alias("denominator"),
            source=pl.lit("rollup", children.schema["source"]),
            complete=(n >= pl.col("n_children")) & pl.col("all_complete"),
            n_children="n_children",
            n_reported="n_reported",
            depth=pl.lit(dep, pl.Int16),
        )
    )
