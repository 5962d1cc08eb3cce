"""The orchestrating pure function: indicators + observations + region tree → one result row per
indicator key × region × year × disaggregation (sex, age_group, area_type).

How it stays fast at national scale: indicators are independent, so the work runs in chunks of indicator keys
(two at a time on two cores). In a chunk the roll-up groups on one integer cell code (``rollup``), the rows
are sorted by one integer series code, and every series becomes one row of a dense series × year matrix
(``series.assess_matrix``), where each "as of year Y" quantity is a cumulative numpy operation. Strings are
only built for the rows that are presented (``present``).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from planwatch.domain import cells

from . import progress as pg
from . import projection as pj
from . import series
from . import status as st
from . import targets as tg
from . import warnings as wn
from .config import AssessConfig
from .rollup import rollup
from .spec import IndicatorSpec, indicator_frame

SERIES = ["key", "region", "sex", "age_group", "area_type"]
SEXES = list(cells.SEXES)
AREA_TYPES = list(cells.AREA_TYPES)
STATUSES = list(st.STATUSES)
STATUS_T = pl.Enum(STATUSES)
COMPACT_FLOATS = ["progress", "change_pct", "trend", "cagr", "progress_ratio", "zscore", "gap", "gap_prev"]
SOURCE_T = pl.Enum(["reported", "rollup", "missing", "baseline"])  # baseline: the value printed in the plan
MEASURE_T = pl.Enum(list(pg.MEASURE_LABELS))
ANTICIPATED_T = pl.Enum(list(pj.ANTICIPATED))
METHOD_T = pl.Enum([pj.CAGR_METHOD, pj.LINEAR_METHOD])
REASON_CODES = st.REASONS

OBS_COLUMNS = {
    "key": pl.String,
    "region": pl.String,
    "year": pl.Int32,
    "sex": pl.String,
    "age_group": pl.String,
    "area_type": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
}


def normalise_observations(obs: pl.DataFrame, keys: list[str], regions: list[str]) -> pl.DataFrame:
    """Cast to the engine's dtypes: Enum for keys/regions/sex/area type (cheap joins and sorts)."""
    cols = []
    for name, dtype in OBS_COLUMNS.items():
        if name in obs.columns:
            cols.append(pl.col(name))
        elif name in ("sex", "area_type"):
            cols.append(pl.lit("total").alias(name))
        elif name == "age_group":
            cols.append(pl.lit("").alias(name))
        else:
            cols.append(pl.lit(None, dtype).alias(name))
    ages = (
        sorted(set(obs["age_group"].cast(pl.String).fill_null("").unique().to_list()))
        if "age_group" in obs.columns
        else [""]
    )
    out = obs.select(cols + ([pl.col("source")] if "source" in obs.columns else []))

    def to_enum(col: str, cats: list[str], default: str | None = None) -> pl.Expr:
        c = pl.col(col)
        if isinstance(out.schema[col], pl.Enum) and list(out.schema[col].categories) == cats:
            return c
        c = c.cast(pl.String)
        if default is not None:
            c = c.fill_null(default)
        return c.cast(pl.Enum(cats))

    return out.with_columns(
        source=pl.col("source").cast(pl.String).fill_null("reported").cast(SOURCE_T)
        if "source" in obs.columns
        else pl.lit("reported", SOURCE_T),
    ).with_columns(
        to_enum("key", keys),
        to_enum("region", regions),
        pl.col("year").cast(pl.Int32),
        to_enum("sex", SEXES, "total"),
        to_enum("age_group", ages or [""], ""),
        to_enum("area_type", AREA_TYPES, "total"),
        *(pl.col(c).cast(pl.Float64) for c in ("value", "numerator", "denominator")),
    )


def _categories(series: pl.Series) -> list[str]:
    if isinstance(series.dtype, pl.Enum):
        return list(series.dtype.categories)
    return series.cast(pl.String).drop_nulls().unique().to_list()


def assess(
    specs: list[IndicatorSpec],
    observations: pl.DataFrame,
    regions: pl.DataFrame | None = None,
    *,
    config: AssessConfig | None = None,
    year: int | None = None,
    current_year: int | None = None,
    explain: bool = True,
) -> pl.DataFrame:
    """Assess every series and return the presented result (see ``present`` for the columns).

    regions: optional tree (code, parent[, name, level]) — when given, observations are rolled up to every
    ancestor. year: keep only that year's rows in the result (the history is still used).
    current_year: the latest year data are due for (default: latest year in the data).
    """
    core = assess_core(specs, observations, regions, config=config, current_year=current_year)
    if year is not None:
        core = core.filter(pl.col("year") == year)
    return present(core, specs, explain=explain)


def assess_core(
    specs: list[IndicatorSpec],
    observations: pl.DataFrame,
    regions: pl.DataFrame | None = None,
    *,
    config: AssessConfig | None = None,
    current_year: int | None = None,
    chunk_rows: int = 500_000,
    threads: int | None = None,
) -> pl.DataFrame:
    """The numeric assessment: every figure, status and warning flag, with compact (Enum/bool) columns."""
    cfg = config or AssessConfig()
    ind = indicator_frame(specs)
    obs_keys = _categories(observations["key"]) if observations.height else []
    keys = list(dict.fromkeys([*ind["key"].to_list(), *obs_keys]))
    region_codes = list(dict.fromkeys([*(regions["code"].cast(pl.String).to_list() if regions is not None else []),
                                       *(_categories(observations["region"]) if observations.height else [])]))  # fmt: skip
    obs = normalise_observations(observations, keys, region_codes)
    key_t = pl.Enum(keys)
    ind = ind.with_columns(pl.col("key").cast(key_t))

    if obs.height == 0:
        return pl.DataFrame()
    cur = current_year or int(obs["year"].max())
    obs = _values_from_fractions(obs.filter(pl.col("year") <= cur), ind)
    tree = None
    if regions is not None:
        tree = regions.select(pl.col("code").cast(pl.String), pl.col("parent").cast(pl.String))
    rules = tg.rules_frame(specs, cfg).drop("reason", "target_label").with_columns(pl.col("key").cast(key_t))
    due = [s.due_from for s in specs if s.due_from and s.due_from <= cur]
    y0 = min([int(obs["year"].min()), *due])
    years = np.arange(y0, cur + 1)
    nxt = tg.next_targets(specs, years.tolist(), cfg)
    ind_cols = ind.select(
        "key", "due_from", "lo", "hi",
        # the base year is the plan's: its stated baseline year, else the year before its period starts —
        # never just the first observation of a long history
        baseline_year=pl.coalesce("baseline_year", pl.col("due_from") - 1),
        binding=pl.col("attribute") == "binding",
        is_pct=pl.col("unit") == "%",
        vol_abs=pl.col("unit").replace_strict(cfg.volatile_abs, default=None, return_dtype=pl.Float64),
    )  # fmt: skip
    per_key = _per_key_arrays(keys, ind_cols, rules, nxt, years)
    ms, pt = tg.milestone_arrays(specs, keys, years, cfg)
    per_key.update({f"nt_{name}": arr for name, arr in ms.items()})  # laid out on the year axis like nt_*
    per_key.update({f"_{name}": arr for name, arr in pt.items()})  # per key × slot
    per_key["_y0"] = np.array([years[0]])
    parts = []
    # Indicators are independent (a relative target travels with its reference), so the work is done in
    # chunks of keys: the working set stays small and cache-friendly however large the database is.
    # numpy releases the GIL, so two chunks on two cores really run side by side
    workers = max(1, min(threads or os.cpu_count() or 1, 4))
    chunks = _key_chunks(obs, ind, chunk_rows)
    del obs
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(lambda c: _assess_chunk(c, tree, ind, per_key, cur, cfg), chunks):
            if part.height:
                parts.append(part)
    if not parts:
        return pl.DataFrame()
    return pl.concat(parts, rechunk=False)  # a copy of millions of rows buys nothing


def _values_from_fractions(obs: pl.DataFrame, ind: pl.DataFrame) -> pl.DataFrame:
    """A rate reported only as numerator and denominator gets its value (num / den × the unit's factor)."""
    derivable = pl.col("value").is_null() & pl.col("numerator").is_not_null() & (pl.col("denominator") > 0)
    if not obs.select(derivable.any()).item():
        return obs
    factor = ind.select("key", _factor="factor")
    return (
        obs.join(factor, on="key", how="left")
        .with_columns(
            value=pl.when(derivable)
            .then(pl.col("numerator") / pl.col("denominator") * pl.col("_factor").fill_null(1.0))
            .otherwise(pl.col("value"))
        )
        .drop("_factor")
    )


def _key_chunks(obs: pl.DataFrame, ind: pl.DataFrame, chunk_rows: int) -> list[pl.DataFrame]:
    groups = obs.partition_by("key", as_dict=True, maintain_order=False)
    by_key = {k[0]: g for k, g in groups.items()}
    # a relative indicator and its reference series must be assessed together
    link: dict[str, str] = {}
    for k, r in zip(ind["key"].cast(pl.String).to_list(), ind["reference_key"].to_list(), strict=True):
        if r:
            link[k] = r
    chunks, current, size, done = [], [], 0, set()
    for key in list(by_key):
        if key in done:
            continue
        members = [key, *([link[key]] if key in link else []), *[k for k, r in link.items() if r == key]]
        for m in members:
            if m in by_key and m not in done:
                current.append(by_key[m])
                size += by_key[m].height
                done.add(m)
        if size >= chunk_rows:
            chunks.append(pl.concat(current))
            current, size = [], 0
    if current:
        chunks.append(pl.concat(current))
    return chunks


def _assess_chunk(
    obs: pl.DataFrame,
    tree: pl.DataFrame | None,
    ind: pl.DataFrame,
    per_key: dict[str, np.ndarray],
    cur: int,
    cfg: AssessConfig,
) -> pl.DataFrame:
    if tree is not None:
        obs = rollup(obs, tree, ind.select("key", "agg", "factor"))
    else:
        obs = obs.with_columns(
            source=pl.col("source"), complete=pl.lit(True), n_children=pl.lit(None, pl.Int32),
            n_reported=pl.lit(None, pl.Int32),
        )  # fmt: skip
    obs = _reference_values(obs, ind)
    frame = (
        obs.filter(pl.col("key").is_in(ind["key"].implode()))
        .with_columns(_scode=_series_code(obs.schema))
        .sort(pl.col("_scode") * 256 + (pl.col("year") - 1900).cast(pl.UInt64))
    )
    if frame.height == 0:
        return pl.DataFrame()
    sc, yr = frame["_scode"], frame["year"]
    new = (sc != sc.shift(1)).fill_null(True)
    if (~new & (yr == yr.shift(1))).any():
        raise ValueError("监测数据中同一指标、地区、年份、分组有重复的值")
    sid = (new.cum_sum() - 1).cast(pl.UInt32).to_numpy()
    n = int(sid[-1]) + 1
    starts = np.flatnonzero(new.to_numpy())
    kidx = frame["key"].gather(starts).to_physical().cast(pl.Int64).to_numpy()
    due = per_key["due_from"][kidx]  # plan start year per series (NaN: from its first report)
    due_min = np.nanmin(due) if np.isfinite(due).any() else np.inf
    years_all = np.arange(int(min(yr.min(), due_min)), cur + 1)
    ny = len(years_all)
    col = (yr.to_numpy() - years_all[0]).astype(np.int64)

    def dense(values: pl.Series, fill: float | int, dtype: type = np.float64) -> np.ndarray:
        m = np.full((n, ny), fill, dtype=dtype)
        m[sid, col] = values.to_numpy() if values.null_count() == 0 else values.fill_null(fill).to_numpy()
        return m

    v = dense(frame["value"], np.nan)
    ref = dense(frame["ref_value"], np.nan) if frame["ref_value"].null_count() < frame.height else None
    firsts = frame[starts].select(*SERIES)
    params = _series_params(kidx, per_key, years_all)
    partners = _partners(firsts)
    out = series.assess_matrix(v, ref, years_all, params, partners, cfg)
    # every year from a series' first to the current year is a result row; years with no row are 缺报
    # years are due from the plan's start (if known) or from the series' first report, whichever is earlier
    first_col = np.fmin(col[starts], due - years_all[0]).astype(np.int64)
    mask = np.arange(ny)[None, :] >= first_col[:, None]
    rows_sid = np.repeat(np.arange(n), mask.sum(axis=1))
    missing = SOURCE_T.categories.to_list().index("missing")
    source = dense(frame["source"].cast(SOURCE_T).to_physical().cast(pl.Int8), missing, np.int8)
    complete = dense(frame["complete"].cast(pl.Int8), -1, np.int8)[mask]
    nch = dense(frame["n_children"], -1, np.int32)[mask]
    nrep = dense(frame["n_reported"], -1, np.int32)[mask]
    cols = {name: arr[mask] for name, arr in out.items()}
    enums = {
        "source": _codes(source[mask], list(SOURCE_T.categories), SOURCE_T),
        "status": _codes(cols.pop("status"), STATUSES, STATUS_T),
        "progress_measure": _codes(cols.pop("progress_measure"), list(pg.MEASURE_LABELS), MEASURE_T),
        "anticipated": _codes(cols.pop("anticipated"), list(pj.ANTICIPATED), ANTICIPATED_T),
        "projection_method": _codes(cols.pop("projection_method"), list(pj.METHODS), METHOD_T),
        "milestone_status": _codes(cols.pop("milestone_status"), STATUSES, STATUS_T),
    }
    numbers = pl.DataFrame(
        {
            "year": np.broadcast_to(years_all[None, :], (n, ny))[mask].astype(np.int32),
            "value": v[mask], "complete": complete, "n_children": nch, "n_reported": nrep, **cols,
        }
    )  # fmt: skip
    # NaN / −1 mean "none": turn them into nulls column-parallel in one pass
    floats = [c for c, t in numbers.schema.items() if t == pl.Float64]
    ints = ["base_year", "prev_year", "projection_year", "milestone_year", "at_risk_year"]
    numbers = numbers.with_columns(
        *(pl.col(c).fill_nan(None).cast(pl.Float32 if c in COMPACT_FLOATS else pl.Float64) for c in floats if c not in ints),
        *(pl.col(c).fill_nan(None).cast(pl.Int16) for c in ints),
        *(pl.when(pl.col(c) >= 0).then(pl.col(c)).alias(c) for c in ("n_children", "n_reported")),
        complete=pl.when(pl.col("complete") >= 0).then(pl.col("complete").cast(pl.Boolean)),
    )  # fmt: skip
    meta = firsts[rows_sid]
    return pl.concat([meta, numbers, pl.DataFrame(enums)], how="horizontal")


def _codes(codes: np.ndarray, labels: list[str], dtype: pl.Enum) -> pl.Series:
    """Small integer codes (−1 = none) → an Enum column, without building strings."""
    lookup = pl.Series(labels, dtype=dtype)
    idx = pl.Series(codes.astype(np.int32))
    if (codes < 0).any():
        return lookup.gather(idx.clip(0, len(labels) - 1)).scatter(np.flatnonzero(codes < 0), None)
    return lookup.gather(idx)


def _per_key_arrays(
    keys: list[str], ind_cols: pl.DataFrame, rules: pl.DataFrame, nxt: pl.DataFrame, years: np.ndarray
) -> dict[str, np.ndarray]:
    """Rule and indicator parameters as arrays indexed by the key's Enum position (then gathered per series)."""
    base = pl.DataFrame({"key": keys}).with_columns(pl.col("key").cast(ind_cols.schema["key"]))
    s = base.join(ind_cols.join(rules, on="key", how="left"), on="key", how="left", maintain_order="left")

    def f(name: str) -> np.ndarray:
        return s[name].cast(pl.Float64).fill_null(np.nan).to_numpy()

    out = {
        name: f(name)
        for name in (
            "anchor",
            "shift",
            "tol",
            "band",
            "t_year",
            "baseline_year",
            "due_from",
            "lo",
            "hi",
            "vol_abs",
        )
    }
    out["cmp"] = (
        s["cmp"].cast(pl.String).replace_strict(tg.CMP_CODES, default=0, return_dtype=pl.Int8).to_numpy()
    )
    out["mode"] = s["mode"].cast(pl.String).replace_strict({"static": 0, "base": 1, "ref": 2}, default=0,
                                                           return_dtype=pl.Int8).to_numpy()  # fmt: skip
    out["d"] = s["d"].fill_null(0).to_numpy()
    out["is_pct"] = s["is_pct"].fill_null(False).to_numpy()
    out["binding"] = s["binding"].fill_null(False).to_numpy()
    out["yearly"] = s["yearly"].fill_null(False).to_numpy()
    ny, nk = len(years), len(keys)
    for name in ("nt_year", "nt_tv", "nt_tol"):
        out[name] = np.full((nk, ny), np.nan)
    out["nt_cmp"] = np.zeros((nk, ny), dtype=np.int8)
    pos = {k: i for i, k in enumerate(keys)}
    for r in nxt.iter_rows(named=True):
        c = r["year"] - int(years[0])
        if 0 <= c < ny:
            i = pos[r["key"]]
            out["nt_year"][i, c] = r["nt_year"]
            out["nt_tv"][i, c] = r["nt_tv"]
            out["nt_tol"][i, c] = r["nt_tol"]
            out["nt_cmp"][i, c] = tg.CMP_CODES[r["nt_cmp"]]
    return out


def _series_params(
    kidx: np.ndarray, per_key: dict[str, np.ndarray], years: np.ndarray
) -> series.SeriesParams:
    fields = {name: arr[kidx] for name, arr in per_key.items() if not name.startswith(("nt_", "_"))}
    # per-key next-target tables are laid out on the global year axis; align with this chunk's years
    y0, ny = int(per_key["_y0"][0]), len(years)
    off = int(years[0]) - y0
    for name in [n for n in per_key if n.startswith("nt_")]:
        full = per_key[name][kidx]
        fields[name[3:] if name.startswith("nt_ms_") else name] = full[:, off : off + ny]
    for name in tg.SCHEDULE_FIELDS:
        fields[name] = per_key[f"_{name}"][kidx]
    return series.SeriesParams(**fields)


def _partners(firsts: pl.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
    """For female/male and rural/urban series: the row of the partner series (−1 if none) and the sign
    that makes both rows show female − male (rural − urban)."""
    out = []
    idx = firsts.with_row_index("_row")
    for colname, a, b in (("sex", "female", "male"), ("area_type", "rural", "urban")):
        cell = _series_code(firsts.schema, without=colname)
        g = idx.select("_row", _cell=cell, _g=pl.col(colname).cast(pl.String))
        left = g.filter(pl.col("_g").is_in([a, b]))
        if left.height == 0:
            continue
        right = left.select(_cell="_cell", _pg="_g", _prow="_row")
        pairs = left.join(right, on="_cell", how="inner").filter(pl.col("_g") != pl.col("_pg"))
        partner = np.full(firsts.height, -1, dtype=np.int64)
        sign = np.ones(firsts.height)
        rows = pairs["_row"].to_numpy()
        partner[rows] = pairs["_prow"].to_numpy()
        sign[rows] = np.where(pairs["_g"].to_numpy() == a, 1.0, -1.0)
        out.append((partner, sign))
    return out


RESULT_COLUMNS = [
    "key", "name", "plan", "area", "attribute", "unit", "region", "year", "sex", "age_group", "area_type",
    "value", "source", "complete", "n_children", "n_reported", "status", "reason", "target", "target_year",
    "base_year", "base_value", "progress", "change", "prev_year", "change_pct", "trend", "cagr",
    "progress_ratio", "progress_measure", "anticipated", "projected_value", "projection_year",
    "projected_final", "projection_method", "projections", "milestone_year", "milestone_target",
    "milestone_status", "at_risk_year", "at_risk_target", "zscore", "gap", "gap_prev", "warnings", "explanation", "restates",
]  # fmt: skip


def present(core: pl.DataFrame, specs: list[IndicatorSpec], *, explain: bool = True) -> pl.DataFrame:
    """Add names, target texts, reasons, the warning list and (optionally) the explanation sentence."""
    if core.height == 0 and not core.columns:
        return pl.DataFrame({c: [] for c in RESULT_COLUMNS})
    cfg = AssessConfig()
    key_t = core.schema["key"]
    labels = tg.rules_frame(specs, cfg).select(
        pl.col("key").cast(key_t), "reason", target="target_label", target_year="t_year"
    )
    names = indicator_frame(specs).select(
        pl.col("key").cast(key_t), "name", "plan", "area", "attribute", "unit", "restates"
    )
    out = core.join(names, on="key", how="left").join(labels, on="key", how="left")
    out = _milestone_columns(out, specs, cfg)
    rc = pl.col("reason_code")
    out = out.with_columns(
        reason=pl.when(rc == 1)
        .then(pl.col("reason"))
        .when(rc == 2)
        .then(pl.lit(REASON_CODES[2]))
        .when(rc == 3)
        .then(pl.lit(REASON_CODES[3])),
        warnings=_warning_list(),
    )
    if explain:
        from .explain import add_explanations

        out = add_explanations(out)
    return out.select([c for c in RESULT_COLUMNS if c in out.columns])


def _milestone_columns(out: pl.DataFrame, specs: list[IndicatorSpec], cfg: AssessConfig) -> pl.DataFrame:
    """milestone_target (the label of the row's milestone), at_risk_target (of the earliest target projected
    to be missed) and projections — {year: value} as JSON text — from the per-slot projections of the core."""
    if "milestone_year" not in out.columns:
        return out
    key_t = out.schema["key"]
    labels = (
        tg.milestone_labels(specs, cfg)
        .with_columns(pl.col("key").cast(key_t, strict=False))
        .drop_nulls("key")
    )
    out = out.join(
        labels.rename({"year": "milestone_year", "label": "milestone_target", "reason": "_ms_reason"}),
        on=["key", "milestone_year"],
        how="left",
    ).join(
        labels.drop("reason").rename({"year": "at_risk_year", "label": "_risk_ms"}),
        on=["key", "at_risk_year"],
        how="left",
    )
    slots = sorted((c for c in out.columns if c.startswith("proj_")), key=lambda c: int(c[5:]))
    years = tg.schedule_years(specs, cfg)
    keys = [k for k in years if k in set(key_t.categories)] if isinstance(key_t, pl.Enum) else list(years)
    sched = pl.DataFrame(
        {"key": pl.Series(keys, dtype=key_t),
         **{f"_py{k}": [(years[key][k] if k < len(years[key]) else None) for key in keys] for k in range(len(slots))}},
        schema_overrides={f"_py{k}": pl.Int32 for k in range(len(slots))},
    )  # fmt: skip
    out = out.join(sched, on="key", how="left")
    from .explain import fmt

    parts = [
        pl.when(pl.col(c).is_not_null() & pl.col(f"_py{k}").is_not_null()).then(
            pl.format('"{}": {}', pl.col(f"_py{k}"), fmt(pl.col(c).cast(pl.Float64), 4))
        )
        for k, c in enumerate(slots)
    ]
    projections = pl.concat_str(parts, separator=", ", ignore_nulls=True) if parts else pl.lit("")
    return out.with_columns(
        projections=pl.when(projections.fill_null("") == "")
        .then(pl.lit(None, pl.String))
        .otherwise("{" + projections + "}"),
        at_risk_target=pl.when(pl.col("at_risk_year").is_null())
        .then(pl.lit(None, pl.String))
        .when(pl.col("at_risk_year") == pl.col("target_year"))
        .then(pl.col("target"))
        .otherwise(pl.col("_risk_ms")),
        # the projection at the year named by at_risk, for the sentence (present drops the helper columns)
        _risk_value=pl.coalesce(
            [
                pl.when(pl.col(f"_py{k}") == pl.col("at_risk_year")).then(pl.col(c).cast(pl.Float64))
                for k, c in enumerate(slots)
            ]
            or [pl.lit(None, pl.Float64)]
        ),
    )


def _reference_values(obs: pl.DataFrame, ind: pl.DataFrame) -> pl.DataFrame:
    """Relative targets: the referenced series' value in the same cell becomes the anchor."""
    rel = ind.filter((pl.col("kind") == "relative") & pl.col("reference_key").is_not_null())
    if rel.height == 0:
        return obs.with_columns(ref_value=pl.lit(None, pl.Float64))
    cell = ["region", "year", "sex", "age_group", "area_type"]
    key_t = obs.schema["key"]
    pairs = rel.select("key", ref_key=pl.col("reference_key").cast(key_t, strict=False)).drop_nulls()
    refs = obs.join(pairs.rename({"key": "k2"}), left_on="key", right_on="ref_key", how="inner").select(
        pl.col("k2").alias("key"), *cell, ref_value="value"
    )
    return obs.join(refs, on=["key", *cell], how="left")


def _series_code(schema: pl.Schema, without: str | None = None) -> pl.Expr:
    """One integer per series (or per cell ignoring ``without``), in SERIES order: sorting and equality
    on one u64 column are far cheaper than on five columns."""
    code = pl.lit(0, pl.UInt64)
    for c in SERIES:
        if c == without:
            continue
        size = len(schema[c].categories) if isinstance(schema[c], pl.Enum) else 1 << 16
        code = code * size + pl.col(c).to_physical().cast(pl.UInt64)
    return code


def _warning_list() -> pl.Expr:
    parts = [pl.when(pl.col(f"w_{code}")).then(pl.lit(code)) for code in wn.WARNING_CODES]
    return pl.concat_str(parts, separator=";", ignore_nulls=True)
