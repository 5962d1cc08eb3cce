"""The roll-up of one region's direct children — the 下级合计 the reporting form shows next to its cells.

It is the engine's roll-up (``rollup.rollup``, with values derived from numerators/denominators first), run on
a two-level tree, so that the form and the assessment can never disagree about what the children add up to.
"""

from __future__ import annotations

import polars as pl

from .engine import OBS_COLUMNS, _values_from_fractions, normalise_observations
from .rollup import rollup
from .spec import IndicatorSpec, indicator_frame


def children_total(
    specs: list[IndicatorSpec], observations: pl.DataFrame, parent: str, children: list[str]
) -> pl.DataFrame:
    """What ``children`` of ``parent`` roll up to: key, year, sex, age_group, area_type, value, complete,
    n_reported, n_children (strings for the cell columns). observations: the children's rows (OBS_COLUMNS)."""
    out_schema = {"key": pl.String, "year": pl.Int32, "sex": pl.String, "age_group": pl.String,
                  "area_type": pl.String, "value": pl.Float64, "complete": pl.Boolean, "n_reported": pl.Int32,
                  "n_children": pl.Int32}  # fmt: skip
    rows = observations.filter(pl.col("region").cast(pl.String).is_in(children))
    if not specs or not children or rows.height == 0:
        return pl.DataFrame(schema=out_schema)
    keys = [s.key for s in specs]
    ind = indicator_frame(specs).with_columns(pl.col("key").cast(pl.Enum(keys)))
    obs = normalise_observations(
        rows.select([c for c in OBS_COLUMNS if c in rows.columns]), keys, [parent, *children]
    )
    obs = _values_from_fractions(obs, ind)
    tree = pl.DataFrame({"code": [parent, *children], "parent": [None, *([parent] * len(children))]},
                        schema={"code": pl.String, "parent": pl.String})  # fmt: skip
    rolled = rollup(obs, tree, ind.select("key", "agg", "factor"))
    return rolled.filter((pl.col("source") == "rollup") & (pl.col("region").cast(pl.String) == parent)).select(
        *(pl.col(c).cast(pl.String) for c in ("key",)), "year",
        *(pl.col(c).cast(pl.String) for c in ("sex", "age_group", "area_type")),
        "value", "complete", "n_reported", "n_children",
    )  # fmt: skip
