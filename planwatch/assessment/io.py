"""Batch-mode input and output: PLAN.json (``planwatch plan parse --json``) and OBS.csv.

OBS.csv columns: ``indicator,region,year,value`` and optionally ``sex`` (total|female|male), ``age_group``,
``area_type`` (total|urban|rural), ``numerator``, ``denominator``. Bad rows — unknown indicator names,
non-numeric values, impossible values (a rate above 100 %, a negative count or age), unknown codes,
duplicates — are reported with their CSV line numbers and left out; the remaining rows are assessed. A row
whose cell is sound but whose value is impossible also appears in the output: its cell gets the status 无效
(code ``invalid``) with the reason (``mark_invalid``).

A goal sentence restating a table indicator of the same plan (same name) is one quantity stated twice: it
inherits the table's unit when it printed none (so the range checks apply to it) and ``restates`` the table
indicator, so that it counts once in 达标率.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from planwatch.domain import statuses
from planwatch.domain.units import FRACTION_ABS_TOLERANCE, FRACTION_REL_TOLERANCE, RATIO_OF_SUMS, measure
from planwatch.parsing.model import MEASURE_ORIGINS, from_json
from planwatch.textcodec import decode_csv

from .engine import AREA_TYPES, SEXES
from .spec import IndicatorSpec, Milestone
from .targets import target_label

REQUIRED = ("indicator", "region", "year", "value")
OPTIONAL = ("sex", "age_group", "area_type", "numerator", "denominator")
MAX_LISTED = 200  # problems listed one by one; beyond that they are counted


class InputError(Exception):
    """The input cannot be used at all (message in Chinese names the file and the problem)."""


@dataclass
class Problem:
    line: int  # 1-based line in the file (header = 1)
    message: str
    # for an impossible value in a sound cell: indicator, region, year, sex, age_group, area_type, value (raw)
    cell: dict | None = None

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"


@dataclass
class PlanInput:
    specs: list[IndicatorSpec]
    keys_by_name: dict[str, list[str]]  # indicator name (as written in OBS.csv) → series keys


def specs_from_document(data: dict, source: str = "PLAN.json") -> PlanInput:
    """IndicatorSpecs from a parsed-plan JSON document; one key per plan indicator (P<plan>-<n>)."""
    try:
        doc = from_json(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{source}：不是 planwatch plan parse --json 的输出格式（{exc}）") from exc
    specs: list[IndicatorSpec] = []
    by_name: dict[str, list[str]] = {}
    for pi, plan in enumerate(doc.plans, start=1):
        for ii, ind in enumerate(plan.indicators, start=1):
            key = f"P{pi}-{ii}"
            t = ind.target
            specs.append(
                IndicatorSpec(
                    key=key, name=ind.name, unit=ind.unit or t.unit or "", direction=ind.direction,
                    attribute=ind.attribute, area=ind.area or "", plan=plan.title, kind=t.kind,
                    comparator=t.comparator, target_value=t.value, target_year=t.year or plan.period[1],
                    target_text=t.text, target_detail=dict(t.detail or {}),
                    baseline_year=ind.baseline.year if ind.baseline else None,
                    baseline_value=ind.baseline.value if ind.baseline else None, baseline_region=doc.region,
                    milestones=[Milestone(m.year, m.kind, m.comparator, m.value) for m in ind.milestones if m.year],
                    due_from=plan.period[0], in_rate=ind.origin not in MEASURE_ORIGINS,
                )
            )  # fmt: skip
            by_name.setdefault(ind.name, []).append(key)
        _link_restatements(specs[len(specs) - len(plan.indicators) :], plan.indicators)
    if not specs:
        raise InputError(f"{source}：规划中没有任何监测指标")
    # relative targets refer to another quantity by name: its series is looked up under that name
    for s in specs:
        if s.kind == "relative":
            ref = (s.target_detail or {}).get("reference")
            if ref:
                s.reference_key = by_name[ref][0] if ref in by_name else f"ref:{ref}"
                by_name.setdefault(ref, [s.reference_key])
    return PlanInput(specs, by_name)


def _link_restatements(specs: list[IndicatorSpec], indicators: list) -> None:
    """Within one plan: a goal sentence naming a table indicator restates it (see module doc)."""
    tables = {}
    for s, ind in zip(specs, indicators, strict=True):
        if ind.origin == "table":
            tables.setdefault(s.name, s)
    for s, ind in zip(specs, indicators, strict=True):
        table = tables.get(s.name)
        if ind.origin != "table" and table is not None:
            s.restates = table.key
            s.unit = s.unit or table.unit


def read_plan(path: Path) -> PlanInput:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}：无法读取规划 JSON（{exc}）") from exc
    return specs_from_document(data, str(path))


def read_observations(
    path: Path, plan: PlanInput, known_regions: set[str] | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    """Read OBS.csv, returning the good rows (one per series key) and the problems found.

    known_regions: the codes of the region tree (``--regions``); a row of another region is a problem of
    that row rather than a failure of the whole roll-up."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}：无法读取文件（{exc}）") from exc
    text = _decode(data, path)
    try:
        raw = pl.read_csv(io.BytesIO(text.encode("utf-8")), infer_schema=False, truncate_ragged_lines=True)
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"{path}：无法读取 CSV（{exc}）") from exc
    raw = raw.rename({c: c.strip().lstrip("\ufeff").lower() for c in raw.columns})
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise InputError(f"{path}：缺少必需的列 {'、'.join(missing)}（需要 indicator,region,year,value）")
    return validate_observations(raw, plan, known_regions)


def _decode(data: bytes, path: Path) -> str:
    text = decode_csv(data)
    if text is not None:
        return text
    raise InputError(f"{path}：无法识别文件编码（应为 UTF-8 或 GBK）")


def validate_observations(
    raw: pl.DataFrame, plan: PlanInput, known_regions: set[str] | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    df = raw.with_row_index("line", offset=2).with_columns(
        *(pl.col(c).cast(pl.String).str.strip_chars() for c in (*REQUIRED, *OPTIONAL) if c in raw.columns),
        *(pl.lit(None, pl.String).alias(c) for c in OPTIONAL if c not in raw.columns),
    )
    df = df.with_columns(
        pl.col("sex").fill_null("total").replace("", "total"),
        pl.col("area_type").fill_null("total").replace("", "total"),
        pl.col("age_group").fill_null(""),
        year_n=pl.col("year").cast(pl.Int32, strict=False),
        value_n=pl.col("value").cast(pl.Float64, strict=False),
        num_n=pl.col("numerator").cast(pl.Float64, strict=False),
        den_n=pl.col("denominator").cast(pl.Float64, strict=False),
    )
    specs = {s.key: s for s in plan.specs}
    measures = {}
    for name, keys in plan.keys_by_name.items():
        # the measure of the quantity: from a copy that states its unit (a goal sentence may print none)
        s = next((specs[k] for k in keys if k in specs and specs[k].unit), specs.get(keys[0]))
        if s is not None:
            measures[name] = measure(s.unit, s.name)
    names = list(plan.keys_by_name)
    per = lambda f, dt, default=None: pl.col("indicator").replace_strict(  # noqa: E731
        {n: f(m) for n, m in measures.items()}, default=default, return_dtype=dt
    )
    df = df.with_columns(
        _lo=per(lambda m: m.lo, pl.Float64),
        _hi=per(lambda m: m.hi, pl.Float64),
        _unit=per(lambda m: m.shown, pl.String, ""),
        _rate=per(lambda m: m.is_rate and m.hi is not None, pl.Boolean, False),
        # value = numerator / denominator × factor for rates and per-capita indicators
        _factor=per(lambda m: m.factor if m.aggregation == RATIO_OF_SUMS else None, pl.Float64),
    )  # fmt: skip
    from_fraction = pl.col("num_n") / pl.col("den_n") * pl.col("_factor")
    df = df.with_columns(
        _frac=pl.when(pl.col("den_n") > 0).then(from_fraction), _v=pl.coalesce("value_n", from_fraction)
    )
    number = lambda x: x.round(4).cast(pl.String).str.replace(r"\.0$", "")  # noqa: E731
    shown = pl.when(pl.col("value_n").is_not_null()).then(pl.col("value")).otherwise(number(pl.col("_frac")))
    mismatch = (pl.col("value_n") - pl.col("_frac")).abs() > pl.max_horizontal(
        pl.col("_frac").abs() * FRACTION_REL_TOLERANCE, pl.lit(FRACTION_ABS_TOLERANCE)
    )
    empty = lambda c: pl.col(c).is_null() | (pl.col(c) == "")  # noqa: E731
    ind = pl.col("indicator")
    # problems of the cell (which indicator, region, year, group) and of the value reported for it
    cell_checks: list[tuple[pl.Expr, pl.Expr]] = [
        (empty("indicator"), pl.lit("指标名称为空")),
        (~empty("indicator") & ~ind.is_in(names), pl.format("指标「{}」不在规划中", ind)),
        (empty("region"), pl.lit("地区为空")),
        (
            pl.lit(known_regions is not None)
            & ~empty("region")
            & ~pl.col("region").is_in(sorted(known_regions or [])),
            pl.format("地区代码「{}」不在地区表中", pl.col("region")),
        ),
        (pl.col("year_n").is_null(), pl.format("年份「{}」不是整数", pl.col("year").fill_null(""))),
        (
            pl.col("year_n").is_not_null() & ~pl.col("year_n").is_between(1949, 2100),
            pl.format("年份 {} 不合理", pl.col("year")),
        ),
        (~pl.col("sex").is_in(SEXES), pl.format("性别「{}」应为 total、female 或 male", pl.col("sex"))),
        (
            ~pl.col("area_type").is_in(AREA_TYPES),
            pl.format("城乡「{}」应为 total、urban 或 rural", pl.col("area_type")),
        ),
    ]
    value_checks: list[tuple[pl.Expr, pl.Expr]] = [
        (~empty("value") & pl.col("value_n").is_null(), pl.format("数值「{}」不是数字", pl.col("value"))),
        (pl.col("value_n").is_nan() | pl.col("value_n").is_infinite(), pl.format("数值「{}」不是有限数", pl.col("value"))),
        (~empty("numerator") & pl.col("num_n").is_null(), pl.format("分子「{}」不是数字", pl.col("numerator"))),
        (~empty("denominator") & pl.col("den_n").is_null(), pl.format("分母「{}」不是数字", pl.col("denominator"))),
        ((pl.col("den_n") <= 0), pl.format("分母 {} 必须大于0", pl.col("denominator"))),
        ((pl.col("num_n") < 0), pl.format("分子 {} 不能为负数", pl.col("numerator"))),
        (pl.col("_rate") & (pl.col("num_n") > pl.col("den_n")), pl.format("分子 {} 大于分母 {}，比率超过{}{}", pl.col("numerator"), pl.col("denominator"), number(pl.col("_hi")), pl.col("_unit"))),
        (mismatch, pl.format("指标「{}」的数值 {}{} 与分子/分母算出的 {}{} 不符", ind, pl.col("value"), pl.col("_unit"), number(pl.col("_frac")), pl.col("_unit"))),
        ((pl.col("_v") < 0) & (pl.col("_lo") == 0), pl.format("指标「{}」的数值 {}{} 不可能为负", ind, shown, pl.col("_unit"))),
        ((pl.col("_v") < pl.col("_lo")) & (pl.col("_lo") != 0), pl.format("指标「{}」的数值 {}{} 低于下限 {}{}", ind, shown, pl.col("_unit"), number(pl.col("_lo")), pl.col("_unit"))),
        (pl.col("_v") > pl.col("_hi"), pl.format("指标「{}」的数值 {}{} 超过上限 {}{}", ind, shown, pl.col("_unit"), number(pl.col("_hi")), pl.col("_unit"))),
    ]  # fmt: skip

    def joined(checks: list[tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
        return pl.concat_str(
            [pl.when(cond.fill_null(False)).then(msg) for cond, msg in checks],
            separator="；",
            ignore_nulls=True,
        )

    df = df.with_columns(_cell_problem=joined(cell_checks), _value_problem=joined(value_checks))
    df = df.with_columns(
        _problem=pl.concat_str(
            [pl.col("_cell_problem"), pl.col("_value_problem")], separator="；"
        ).str.strip_chars("；")
    )
    cell = ["indicator", "region", "year_n", "sex", "age_group", "area_type"]
    dup = pl.struct(cell).is_duplicated()
    df = df.with_columns(
        _problem=pl.when((pl.col("_problem") == "") & dup)
        .then(
            pl.format("与其他行重复（{} {} {}年 {}）", ind, pl.col("region"), pl.col("year"), pl.col("sex"))
        )
        .otherwise(pl.col("_problem")),
        # a sound, unique cell with an impossible value: shown in the output as 无效
        _invalid=(pl.col("_cell_problem") == "") & (pl.col("_value_problem") != "") & ~dup,
    )
    bad = df.filter(pl.col("_problem") != "")
    cell_cols = ["indicator", "region", "year_n", "sex", "age_group", "area_type", "value"]
    problems = [
        Problem(r["line"], r["_problem"], {c: r[c] for c in cell_cols} if r["_invalid"] else None)
        for r in bad.select("line", "_problem", "_invalid", *cell_cols).iter_rows(named=True)
    ]
    good = df.filter(pl.col("_problem") == "")
    keys = pl.DataFrame(
        {"indicator": [n for n, ks in plan.keys_by_name.items() for _ in ks],
         "key": [k for ks in plan.keys_by_name.values() for k in ks]}
    )  # fmt: skip
    obs = good.join(keys, on="indicator", how="inner").select(
        "key", "region", year="year_n", sex="sex", age_group="age_group", area_type="area_type", value="value_n",
        numerator="num_n", denominator="den_n",
    )  # fmt: skip
    return obs, problems


def mark_invalid(
    result: pl.DataFrame, problems: list[Problem], plan: PlanInput, year: int | None = None
) -> pl.DataFrame:
    """Every cell with an impossible value gets the status 无效 and the reason in its output row (the row of
    that cell — a 无数据 row, since the value was left out — or a new row when the cell had none)."""
    rows = [
        {"key": key, "region": c["region"], "year": c["year_n"], "sex": c["sex"], "age_group": c["age_group"] or "",
         "area_type": c["area_type"], "_raw": c["value"] or "", "_why": p.message}
        for p in problems if (c := p.cell) is not None and (year is None or c["year_n"] == year)
        for key in plan.keys_by_name.get(c["indicator"], [])
    ]  # fmt: skip
    if not rows:
        return result
    code = statuses.INVALID.code
    cell = ["key", "region", "year", "sex", "age_group", "area_type"]
    bad = pl.DataFrame(rows, schema={**dict.fromkeys(cell, pl.String), "year": pl.Int32, "_raw": pl.String,
                                     "_why": pl.String})  # fmt: skip
    specs = {s.key: s for s in plan.specs}
    info = pl.DataFrame(
        [{"key": k, "name": s.name, "plan": s.plan, "area": s.area, "attribute": s.attribute, "unit": s.unit,
          "restates": s.restates, "target_year": s.target_year,
          "target": target_label(s.kind, s.comparator, s.target_value, s.unit, s.target_text, s.target_detail)}
         for k, s in specs.items()],
        schema={"key": pl.String, "name": pl.String, "plan": pl.String, "area": pl.String, "attribute": pl.String,
                "unit": pl.String, "restates": pl.String, "target_year": pl.Int32, "target": pl.String},
    )  # fmt: skip
    texts = {c: pl.col(c).cast(pl.String) for c in cell if c != "year"}
    # (an empty result has untyped columns: cast them too)
    out = result.with_columns(
        *(e.alias(c) for c, e in texts.items()),
        pl.col("year").cast(pl.Int32),
        pl.col("status").cast(pl.String),
    )
    out = out.join(bad, on=cell, how="left", maintain_order="left")
    hit = pl.col("_why").is_not_null()
    sentence = (
        pl.col("name") + pl.col("year").cast(pl.String) + "年报送的数值「" + pl.col("_raw") + "」无效（"
        + pl.col("_why") + "），未参与评估。"
    )  # fmt: skip
    out = out.with_columns(
        status=pl.when(hit).then(pl.lit(code)).otherwise(pl.col("status")),
        reason=pl.when(hit).then(pl.col("_why")).otherwise(pl.col("reason")),
        explanation=pl.when(hit).then(sentence).otherwise(pl.col("explanation")),
        warnings=pl.when(hit).then(pl.lit("")).otherwise(pl.col("warnings")),
    ).drop("_raw", "_why")
    extra = (
        bad.join(out.select(cell), on=cell, how="anti")
        .join(info, on="key", how="left")
        .with_columns(status=pl.lit(code), reason=pl.col("_why"), warnings=pl.lit(""), explanation=sentence)
        .drop("_raw", "_why")
    )
    return pl.concat([out, extra], how="diagonal_relaxed")


def read_regions(path: Path) -> pl.DataFrame:
    """Optional region tree CSV: code,parent[,name,level] (parent empty for the root)."""
    try:
        df = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(f"{path}：无法读取地区 CSV（{exc}）") from exc
    if not {"code", "parent"} <= set(df.columns):
        raise InputError(f"{path}：地区表需要 code,parent 两列")
    return df.with_columns(pl.col("parent").replace("", None))


OUTPUT_COLUMNS = [
    "indicator", "plan", "area", "attribute", "unit", "region", "year", "sex", "age_group", "area_type", "value",
    "source", "complete", "status", "reason", "target", "target_year", "base_year", "base_value", "progress",
    "change", "change_pct", "trend", "cagr", "progress_ratio", "progress_measure", "anticipated",
    "projected_value", "projection_year", "projected_final", "projection_method", "projections", "milestone_year",
    "milestone_target", "milestone_status", "at_risk_year", "at_risk_target", "zscore", "gap", "warnings",
    "explanation",
]  # fmt: skip


STATUS_COLUMNS = ("status", "milestone_status")


def output_frame(result: pl.DataFrame) -> pl.DataFrame:
    """The published columns, strings for enums, floats rounded to 4 decimals."""
    df = result.rename({"name": "indicator"}) if "name" in result.columns else result
    out = df.select([c for c in OUTPUT_COLUMNS if c in df.columns])
    out = out.with_columns(
        *(pl.col(c).cast(pl.String) for c, t in out.schema.items() if isinstance(t, pl.Enum)),
        *(pl.col(c).round(4) for c, t in out.schema.items() if t in (pl.Float32, pl.Float64)),
    )
    # the status columns hold the codes (met, not_met …); each is followed by its Chinese label for readers
    cols: list[pl.Expr] = []
    for c in out.columns:
        cols.append(pl.col(c))
        if c in STATUS_COLUMNS:
            cols.append(
                pl.col(c).cast(pl.String).replace_strict(statuses.LABELS, default=None).alias(f"{c}_label")
            )
    return out.select(cols)


def write_result(result: pl.DataFrame, fmt: str, dest) -> None:
    out = output_frame(result)
    if fmt == "csv":
        dest.write(out.write_csv())
    else:
        rows = out.to_dicts()
        for r in rows:  # {year: value} is JSON text in the frame and in CSV, an object in JSON output
            if r.get("projections"):
                r["projections"] = json.loads(r["projections"])
        dest.write(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        dest.write("\n")
