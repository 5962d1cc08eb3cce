"""Explanations in the sentences of a statistical monitoring report (国家统计局《纲要》监测报告 style).

"孕产妇死亡率2024年为7.2/10万，比2023年降低5.3%；目标≤8/10万（2030年），已达标。" Rates in % change in
个百分点, ‰ in 个千分点; per-10万 rates and other values in relative % (as NBS writes "比2023年降低5.3%");
counts and levels in their own unit (提高1.8岁) — the domain's wording (``planwatch.domain.units.change_form``).
"比上年" only names a consecutive year; otherwise the year is named ("比2015年"). Built column-wise so it costs seconds, not minutes,
for millions of rows.
"""

from __future__ import annotations

import polars as pl

from planwatch.domain import statuses
from planwatch.domain.units import change_form, change_word, display_unit

from .warnings import WARNING_LABELS


def fmt(x: pl.Expr, digits: int = 2) -> pl.Expr:
    """Number as a statistician prints it: at most ``digits`` decimals, no trailing zeros."""
    s = x.round(digits).cast(pl.String)
    return s.str.replace(r"(\.\d*?)0+$", "$1").str.replace(r"\.$", "")


def compared_year(prev_year: int | None, year: int) -> str:
    """What a change is measured against: "上年" only for the year just before; across a gap the year is
    named ("2015年"). The one rule for every sentence and table (reports use it too)."""
    return "上年" if prev_year is None or prev_year == year - 1 else f"{prev_year}年"


def _compared_year_expr(df: pl.DataFrame) -> pl.Expr:
    """``compared_year`` column-wise: the few distinct (prev_year, year) pairs are looked up once."""
    pairs = df.select("prev_year", "year").unique().drop_nulls()
    key = pl.col("prev_year").cast(pl.Int64) * 10_000 + pl.col("year").cast(pl.Int64)
    labels = {int(p) * 10_000 + int(y): compared_year(int(p), int(y)) for p, y in pairs.iter_rows()}
    return key.replace_strict(labels, default=None, return_dtype=pl.String)


def _unit_map(col: str, mapping: dict[str, str]) -> pl.Expr:
    return pl.col(col).replace_strict(mapping, default=pl.col(col))


def add_explanations(df: pl.DataFrame) -> pl.DataFrame:
    units = df["unit"].unique().to_list()
    disp = {u: display_unit(u) for u in units}
    chg = {u: change_word(u) for u in units}
    forms = {u: change_form(u)[0] for u in units}
    u = _unit_map("unit", disp)
    v, ch, py = pl.col("value"), pl.col("change"), pl.col("prev_year").cast(pl.String)
    points = pl.col("unit").is_in([u for u, f in forms.items() if f == "points"])
    counts = pl.col("unit").is_in([u for u, f in forms.items() if f == "unit"])
    since_prev = _compared_year_expr(df)
    up_down = pl.when(ch > 0).then(pl.lit("提高")).otherwise(pl.lit("降低"))
    amount = (
        pl.when(points)
        .then(fmt(ch.abs()) + _unit_map("unit", chg))
        .when(counts)
        .then(fmt(ch.abs()) + u)
        .otherwise(fmt(pl.col("change_pct").abs(), 1) + pl.lit("%"))
    )
    change = (
        pl.when(ch.is_null() | pl.col("prev_year").is_null())
        .then(pl.lit(""))
        .when(ch.abs() < 1e-9)
        .then("，与" + py + "年持平")
        .otherwise("，比" + py + "年" + up_down + amount)
    )
    head = pl.col("name") + pl.col("year").cast(pl.String) + "年"
    origin = pl.when(pl.col("source") == "baseline").then(pl.lit("（规划基期值）")).otherwise(pl.lit(""))
    level = (
        pl.when(v.is_null())
        .then(head + "应报未报，无数据")
        .otherwise(head + "为" + fmt(v) + u + origin + change)
    )
    partial = pl.when((pl.col("source") == "rollup") & (pl.col("complete") == False)).then(  # noqa: E712
        "（由下级" + pl.col("n_reported").cast(pl.String) + "/" + pl.col("n_children").cast(pl.String)
        + "个地区汇总，数据不完整）"
    ).otherwise(pl.lit(""))  # fmt: skip
    target = (
        pl.when(pl.col("target").is_not_null())
        .then(
            "；目标" + pl.col("target")
            + pl.when(pl.col("target_year").is_not_null()).then("（" + pl.col("target_year").cast(pl.String) + "年）").otherwise(pl.lit(""))
        )
        .otherwise(pl.lit(""))
    )  # fmt: skip
    st = pl.col("status").cast(pl.String)
    tgt = pl.col("target").fill_null("")
    # 逐年提高 / 逐年降低: a year that moved the wrong way from the previous one is why it is 未达标
    yearly_broken = (
        tgt.str.contains("逐年|每年|年年")
        & ((tgt.str.contains("提高|增|升") & (ch < 0)) | (tgt.str.contains("降|减|下") & (ch > 0)))
    ).fill_null(False)
    verdict = (
        pl.when(st == statuses.MET.code)
        .then(pl.lit("，已达标"))
        .when(st == statuses.NEAR.code)
        .then(pl.lit("，接近目标"))
        .when((st == statuses.NOT_MET.code) & yearly_broken)
        .then("，未达标（比" + since_prev + "反向变化，不符合「" + tgt + "」）")
        .when(st == statuses.NOT_MET.code)
        .then(pl.lit("，未达标"))
        .when(st == statuses.NOT_ASSESSABLE.code)
        .then("，不可评估：" + pl.col("reason"))
        .otherwise(pl.lit(""))
    )
    ms = pl.col("milestone_status").cast(pl.String)
    milestone = (
        pl.when(ms.is_not_null() & (ms != statuses.NO_DATA.code))
        .then(
            "；" + pl.col("milestone_year").cast(pl.String) + "年阶段目标" + pl.col("milestone_target").fill_null("")
            + pl.when(ms == statuses.MET.code).then(pl.lit("，已达到"))
            .when(ms == statuses.NEAR.code).then(pl.lit("，接近阶段目标"))
            .when(ms == statuses.NOT_MET.code).then(pl.lit("，未达到"))
            .otherwise("，不可评估" + pl.when(pl.col("_ms_reason").is_not_null()).then("：" + pl.col("_ms_reason")).otherwise(pl.lit("")))
        )
        .otherwise(pl.lit(""))
    )  # fmt: skip
    # the share of the gap covered is printed only where it is one: between 0 and 100 %, from a base on the
    # near side of the target (the engine leaves progress empty otherwise)
    p, by, measure = (
        pl.col("progress"),
        pl.col("base_year").cast(pl.String),
        pl.col("progress_measure").cast(pl.String),
    )
    after_base = pl.col("year") > pl.col("base_year")
    prog = (
        pl.when(~after_base.fill_null(False))
        .then(pl.lit(""))
        .when((measure == "无法评估") & (pl.col("base_value") == 0))
        .then("；" + by + "年基期值为0，无法计算年均增长率，进展无法评估")
        .when(st == statuses.MET.code)
        .then(pl.lit(""))
        .when((p >= 0) & (p < 100))
        # rounded down: a target not yet met never reads "100%"
        .then("；自" + by + "年以来已完成目标差距的" + fmt((p * 10).floor() / 10, 1) + "%")
        .when(measure == "退步")
        .then("；与" + by + "年基期相比退步")
        .otherwise(pl.lit(""))
    )  # fmt: skip
    proj = (
        pl.when(pl.col("projected_final").is_not_null() & (st != statuses.MET.code))
        .then(
            "；按" + pl.col("projection_method") + "趋势预计" + pl.col("target_year").cast(pl.String) + "年为"
            + fmt(pl.col("projected_final")) + u
            + pl.when(pl.col("anticipated").is_not_null()).then("，" + pl.col("anticipated")).otherwise(pl.lit(""))
        )
        .otherwise(pl.lit(""))
    )  # fmt: skip
    w = pl.col("warnings")
    has = lambda code: w.str.contains(code, literal=True)  # noqa: E731
    sign = lambda x: pl.when(x > 0).then(pl.lit("+")).otherwise(pl.lit("")) + fmt(x)  # noqa: E731
    change_text = (
        pl.when(points)
        .then(sign(ch) + _unit_map("unit", chg))
        .when(counts)
        .then(sign(ch) + u)
        .otherwise(sign(pl.col("change_pct")) + pl.lit("%"))
    )
    gap_years = pl.col("year") - pl.col("prev_year")
    per_year = (
        pl.when(points & (gap_years > 1))
        .then("，年均" + sign(ch / gap_years) + _unit_map("unit", chg))
        .when(counts & (gap_years > 1))
        .then("，年均" + sign(ch / gap_years) + u)
        .otherwise(pl.lit(""))
    )
    z = pl.col("zscore")
    # at_risk names the earliest milestone (before the final year) the projection misses, if any
    milestone_missed = (pl.col("at_risk_year") < pl.col("target_year")).fill_null(False) & pl.col(
        "_risk_value"
    ).is_not_null()
    parts = [
        pl.when(has("at_risk")).then(
            pl.lit(WARNING_LABELS["at_risk"])
            + pl.when(pl.col("projected_final").is_not_null() & pl.col("target_year").is_not_null())
            .then(
                "（预计"
                + pl.when(milestone_missed)
                .then(pl.col("at_risk_year").cast(pl.String) + "年为" + fmt(pl.col("_risk_value")) + u + "、")
                .when(pl.col("projection_year") < pl.col("target_year"))
                .then(pl.col("projection_year").cast(pl.String) + "年为" + fmt(pl.col("projected_value")) + u + "、")
                .otherwise(pl.lit(""))
                + pl.col("target_year").cast(pl.String) + "年为" + fmt(pl.col("projected_final")) + u
                + "，目标" + pl.col("target").fill_null("")
                + pl.when(milestone_missed).then("；达不到" + pl.col("at_risk_year").cast(pl.String) + "年阶段目标"
                                                 + pl.col("at_risk_target").fill_null("")).otherwise(pl.lit(""))
                + "）"
            )
            .when(pl.col("projected_value").is_not_null())
            .then("（预计" + pl.col("projection_year").cast(pl.String) + "年为" + fmt(pl.col("projected_value")) + u + "）")
            .otherwise(pl.lit(""))
        ),
        pl.when(has("volatile")).then(
            pl.lit(WARNING_LABELS["volatile"]) + "（比" + since_prev.fill_null("上年") + change_text.fill_null("—")
            + per_year.fill_null("")
            + pl.when(z > 3).then("，稳健z值" + fmt(z, 1)).otherwise(pl.lit("")) + "）"
        ),
        pl.when(has("regressing")).then(
            pl.lit(WARNING_LABELS["regressing"]) + "（加权趋势每年" + sign(pl.col("trend")) + _unit_map("unit", chg) + "）"
        ),
        pl.when(has("binding_missed")).then(pl.lit(WARNING_LABELS["binding_missed"])),
        pl.when(has("missing")).then(pl.lit(WARNING_LABELS["missing"])),
        pl.when(has("gap_widening")).then(
            pl.lit(WARNING_LABELS["gap_widening"])
            + pl.when(pl.col("sex").cast(pl.String).is_in(["female", "male"]))
            .then(pl.lit("（女性与男性之差由"))
            .otherwise(pl.lit("（农村与城镇之差由"))
            + fmt(pl.col("gap_prev")) + "变为" + fmt(pl.col("gap")) + _unit_map("unit", chg) + "）"
        ),
    ]  # fmt: skip
    warn = (
        pl.when(w.str.len_bytes() > 0)
        .then("。预警：" + pl.concat_str(parts, separator="；", ignore_nulls=True))
        .otherwise(pl.lit(""))
    )
    return df.with_columns(
        explanation=pl.concat_str(
            [level, partial, target, verdict, milestone, prog, proj, warn], ignore_nulls=True
        )
        + "。"
    )
