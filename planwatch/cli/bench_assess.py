"""``planwatch bench assess``: time the full assessment with roll-ups on a synthetic monitoring database,
and the straightforward pandas group-by/apply version on the same data (or a sample of it)."""

from __future__ import annotations

import gc
import threading
import time

import click

from .bench import bench


class PeakRSS:
    """Sample the process's resident memory every 5 ms and keep the peak (ru_maxrss cannot be reset)."""

    def __init__(self) -> None:
        import psutil

        self._proc = psutil.Process()
        self.peak = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)


@bench.command("assess")
@click.option(
    "--scale",
    type=click.Choice(["county", "province", "nation"]),
    default="nation",
    show_default=True,
    help="county：1个县20个乡镇；province：1省14市120县；nation：31省333市2844县",
)
@click.option("--seed", default=0, show_default=True, help="随机种子（同一种子生成相同数据）")
@click.option("--indicators", default=150, show_default=True, type=click.IntRange(2, 1000), help="指标数")
@click.option("--years", default=10, show_default=True, type=click.IntRange(2, 50), help="年数")
@click.option("--pandas-obs", default=120_000, show_default=True, type=click.IntRange(0),
              help="pandas 对照版最多处理的观测数（超过则按指标抽样并按观测数外推；0 = 不运行）")  # fmt: skip
def bench_assess(scale: str, seed: int, indicators: int, years: int, pandas_obs: int) -> None:
    """在合成监测数据库上计时完整评估（含逐级汇总），并与 pandas 逐序列 apply 写法对比。"""
    import polars as pl

    from planwatch.assessment.engine import assess_core, present
    from planwatch.assessment.synthetic import generate

    t = time.perf_counter()
    data = generate(scale, n_indicators=indicators, years=years, seed=seed)
    n_obs = data.observations.height
    regions = data.regions
    levels = regions.group_by("level").len().sort("len")
    level_text = "、".join(f"{r[0]} {r[1]}" for r in levels.iter_rows())
    click.echo(
        f"合成数据（{scale}，种子 {seed}）：{level_text}；{indicators} 个指标 × {years} 年 × 合计/女/男，"
        f"{n_obs:,} 条观测，生成用时 {time.perf_counter() - t:.1f} s"
    )
    gc.collect()
    with PeakRSS() as mem:
        t = time.perf_counter()
        core = assess_core(data.specs, data.observations, regions)
        elapsed = time.perf_counter() - t
    click.echo(
        f"完整评估（状态、进展、趋势、预测、预警、逐级汇总）：{elapsed:.2f} s，结果 {core.height:,} 行"
        f"（含汇总行 {core.height - n_obs:+,}），{n_obs / elapsed:,.0f} observations/second，"
        f"进程内存峰值 {mem.peak / 2**30:.2f} GiB"
    )
    latest = int(core["year"].max())
    t = time.perf_counter()
    shown = present(core.filter(pl.col("year") == latest), data.specs, explain=True)
    click.echo(f"生成 {latest} 年 {shown.height:,} 行的中文说明与预警文字：{time.perf_counter() - t:.2f} s")
    counts = core["status"].value_counts().sort("status")
    click.echo("状态分布：" + "，".join(f"{r[0]} {r[1]:,}" for r in counts.iter_rows()))
    if pandas_obs:
        try:
            import pandas  # noqa: F401  (a development dependency)
        except ImportError:
            click.echo("未安装 pandas（开发依赖），跳过 pandas 对照版；可用 --pandas-obs 0 关闭此项")
            return
        _compare_pandas(data, elapsed, n_obs, pandas_obs)


def _compare_pandas(data, engine_seconds: float, n_obs: int, max_obs: int) -> None:
    import polars as pl

    from planwatch.assessment.engine import assess_core
    from planwatch.assessment.pandas_reference import assess_pandas

    per_key = max(1, n_obs // len(data.specs))
    k = max(1, min(len(data.specs), max_obs // per_key))
    keys = [s.key for s in data.specs[:k]]
    sample = data.observations.filter(pl.col("key").cast(pl.String).is_in(keys))
    specs = data.specs[:k]
    import pandas as pd

    flat = sample.with_columns(pl.col(c).cast(pl.String) for c in ("key", "region", "sex"))
    pdf = pd.DataFrame({c: flat[c].to_numpy() for c in flat.columns})
    pdf["age_group"], pdf["area_type"] = "", "total"
    regions = {"code": data.regions["code"].to_list(), "parent": data.regions["parent"].to_list()}
    t = time.perf_counter()
    assess_pandas(specs, pdf, regions)
    pandas_s = time.perf_counter() - t
    t = time.perf_counter()
    assess_core(specs, sample, data.regions)
    engine_sample_s = time.perf_counter() - t
    if sample.height == n_obs:
        click.echo(
            f"pandas 逐序列 group-by/apply 版：{pandas_s:.2f} s；本引擎快 {pandas_s / engine_seconds:.0f} 倍"
        )
        return
    extrapolated = pandas_s / sample.height * n_obs
    click.echo(
        f"pandas 逐序列 group-by/apply 版太慢，只在 {k} 个指标的 {sample.height:,} 条观测（含其全部汇总）上运行："
        f"{pandas_s:.2f} s（本引擎同一样本 {engine_sample_s:.2f} s，快 {pandas_s / engine_sample_s:.0f} 倍）；"
        f"按每条观测外推全量约 {extrapolated:,.0f} s，本引擎全量 {engine_seconds:.2f} s，"
        f"快约 {extrapolated / engine_seconds:.0f} 倍（外推值，非实测）"
    )


def register(cli: click.Group) -> None:  # the command attaches to the ``bench`` group on import
    pass
