"""``planwatch bench report``: how long the reports take on synthetic data.

1. The annual monitoring report of one county-year with every indicator of a seed plan (the largest of the
   five seeds by default, ``--all-seeds`` for each of them): the county and its 20 towns, 2020–2024,
   total/female/male, rolled up and assessed, then the .docx with a chart per indicator (issue: < 10 s).
2. A city's comparison report across 40 counties on 150 synthetic indicators (issue: < 60 s).
Optionally the PDF conversion (LibreOffice) of the annual report, timed on its own.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from .bench import bench

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"
DEFAULT_LEVEL = {"%": 85.0, "‰": 6.0, "1/10万": 15.0, "岁": 78.0, "年": 10.5, "小时": 1.5, "": 50.0}


def register(cli: click.Group) -> None:  # attaches to the existing ``bench`` group
    pass


def seed_plans():
    """Every plan of the seed documents as (title, specs, areas, period)."""
    from planwatch.assessment.io import specs_from_document
    from planwatch.parsing.document import parse_document
    from planwatch.parsing.model import to_json

    out = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        doc = parse_document(path.read_bytes(), path.name)
        plan_input = specs_from_document(to_json(doc), path.name)
        for k, plan in enumerate(doc.plans, start=1):
            specs = [s for s in plan_input.specs if s.key.startswith(f"P{k}-")]
            out.append((plan.title, specs, [a.name for a in plan.areas], tuple(plan.period)))
    return out


def observations(specs, regions: list[str], years: range, seed: int = 0):
    """Values near each target (or baseline) with a trend, sex effects and numerator/denominator for rates."""
    import numpy as np
    import polars as pl

    from planwatch.domain.units import COUNT, MONEY, RATE, measure

    rng = np.random.default_rng(seed)
    rows = {c: [] for c in ("key", "region", "year", "sex", "value", "numerator", "denominator")}
    for s in specs:
        m = measure(s.unit, s.name)
        level = (
            s.target_value
            or s.baseline_value
            or DEFAULT_LEVEL.get(s.unit, 1000.0 if m.family in (COUNT, MONEY) else 50.0)
        )
        if m.family == RATE and m.hi is not None:
            level = min(level, 0.97 * m.hi)
        trend = rng.uniform(-0.02, 0.03) * (-1 if s.direction == "lower_is_better" else 1)
        for region in regions:
            r_eff = rng.normal(0, 0.05)
            den = float(rng.uniform(2e4, 1e5))
            for t, year in enumerate(years):
                base = level * (1 + r_eff) * (1 + trend * (t - len(years) + 2)) * (1 + rng.normal(0, 0.01))
                for sex, eff in (("total", 1.0), ("female", 1.02), ("male", 0.98)):
                    v = base * eff
                    if m.family == RATE and m.hi is not None:
                        v = min(v, m.hi)
                    count = m.family in (COUNT, MONEY)
                    v = v / 2 if count and sex != "total" else v
                    rows["key"].append(s.key)
                    rows["region"].append(region)
                    rows["year"].append(year)
                    rows["sex"].append(sex)
                    rows["value"].append(round(v, 3))
                    rows["numerator"].append(v / m.factor * den if m.family == RATE else None)
                    rows["denominator"].append(None if count else den)
    return pl.DataFrame(rows, schema_overrides={"numerator": pl.Float64, "denominator": pl.Float64})


class Clock:
    """Wall-clock and CPU seconds of a block (on a shared machine the two differ; both are printed)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s（CPU {self.cpu:.2f} s）"


def annual_once(title, specs, areas, period, pdf: bool):
    import polars as pl

    from planwatch.assessment import assess
    from planwatch.reports import build_annual_report, inputs

    county = "500116"
    towns = [f"500116{100 + i:03d}" for i in range(20)]
    tree = pl.DataFrame({"code": [county, *towns], "parent": [None] + [county] * 20})
    obs = observations(specs, towns, range(2020, 2025))
    with Clock() as t_data:
        result = assess(specs, obs, tree)
        data = inputs.annual_data(specs, result, region=county, region_name="合成县", year=2024, plan_title=title,
                                  period=period, areas=areas)  # fmt: skip
    with Clock() as t_docx:
        content = build_annual_report(data)
    t_pdf = None
    if pdf:
        from planwatch.reports.pdf import docx_to_pdf

        with Clock() as t_pdf:
            docx_to_pdf(content)
    return len(specs), t_data, t_docx, t_pdf, len(content)


@bench.command("report")
@click.option("--all-seeds", is_flag=True, help="每个种子规划各生成一份年度报告（默认只用指标最多的一个）")
@click.option(
    "--counties", default=40, show_default=True, type=click.IntRange(2, 500), help="比较报告的区县数"
)
@click.option(
    "--indicators", default=150, show_default=True, type=click.IntRange(1, 1000), help="比较报告的指标数"
)
@click.option(
    "--seed-indicators", type=click.IntRange(1), help="年度报告只用种子规划的前 N 项指标（测试用；默认全部）"
)
@click.option("--pdf", is_flag=True, help="另计年度报告转换为 PDF（LibreOffice）的时间")
@click.option("--annual-limit", default=10.0, show_default=True, help="年度报告失败阈值（秒）")
@click.option("--compare-limit", default=60.0, show_default=True, help="比较报告失败阈值（秒）")
def bench_report(all_seeds: bool, counties: int, indicators: int, seed_indicators: int | None, pdf: bool,
                 annual_limit: float, compare_limit: float) -> None:  # fmt: skip
    """报告生成基准：县级年度统计监测报告（种子规划全部指标）与市内 40 个区县的比较报告。"""
    import polars as pl

    from planwatch.assessment import assess
    from planwatch.assessment.synthetic import generate
    from planwatch.reports import build_comparison_report, inputs

    plans = seed_plans()
    chosen = plans if all_seeds else [max(plans, key=lambda p: len(p[1]))]
    worst = 0.0
    for title, specs, areas, period in chosen:
        n, t_data, t_docx, t_pdf, size = annual_once(title, specs[:seed_indicators], areas, period, pdf)
        total = t_data.wall + t_docx.wall
        worst = max(worst, total)
        extra = f"；PDF 转换 {t_pdf}" if t_pdf is not None else ""
        click.echo(f"年度报告《{title}》{n} 项指标（1 县 20 乡镇，2020—2024 年，合计/女/男）：评估与汇总 {t_data}，"
                   f"生成 Word {t_docx}，共 {total:.2f} s，{size / 1024:,.0f} KB{extra}")  # fmt: skip
    specs = generate("county", n_indicators=indicators, years=2).specs  # specs with their target values set
    codes = [f"5001{i + 1:02d}" if i < 99 else f"51{i:04d}" for i in range(counties)]
    tree = pl.DataFrame({"code": ["500100", *codes], "parent": [None] + ["500100"] * counties})
    obs = observations(specs, codes, range(2015, 2025), seed=1)
    with Clock() as t_data:
        result = assess(specs, obs, tree)
        data = inputs.comparison_data(specs, result, regions=[(c, f"区县{k + 1:02d}") for k, c in enumerate(codes)],
                                      year=2024, plan_title="合成规划", parent_region="合成市", level="区县")  # fmt: skip
    with Clock() as t_docx:
        content = build_comparison_report(data)
    compare = t_data.wall + t_docx.wall
    click.echo(f"比较报告：{counties} 个区县 × {indicators} 项指标（{obs.height:,} 条观测）：评估 {t_data}，"
               f"生成 Word {t_docx}（{indicators} 张图），共 {compare:.2f} s，{len(content) / 1024:,.0f} KB")  # fmt: skip
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    click.echo(
        f"机器负载（1 分钟平均）{load:.1f}，CPU 核数 {os.cpu_count()}：负载高于核数时墙钟时间远大于 CPU 时间"
    )
    failed = []
    if worst > annual_limit:
        failed.append(f"年度报告 {worst:.2f} s 超过 {annual_limit:g} s")
    if compare > compare_limit:
        failed.append(f"比较报告 {compare:.2f} s 超过 {compare_limit:g} s")
    if failed:
        raise click.ClickException("；".join(failed))
