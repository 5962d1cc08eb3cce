"""``planwatch bench match``: link an unseen plan's 100 indicators to the dictionary; must take under 1 s.

The "unseen plan" is generated from the dictionary with a fixed seed: each indicator is a standard name or
synonym printed the way plans print them (scope word, time phrase, unit brackets, a level prefix, 的 dropped or
added), so exact lookups alone cannot answer it and every path of the matcher is timed. The dictionary is
loaded from the YAML inside the timed part, as a fresh process would.
"""

from __future__ import annotations

import random
import time

import click

from .bench import bench

SCOPES = ("", "全区", "全市", "全县", "我县")
TIMES = ("", "到2030年，", "2025年")
LEVELS = ("", "各级", "县", "区级")


def unseen_plan(n: int, seed: int = 2030):
    """``n`` (query, expected code) pairs made from dictionary names with plan-like decorations."""
    from planwatch.dictionary.entries import load_dictionary
    from planwatch.dictionary.matching import Query

    d = load_dictionary()
    rng = random.Random(seed)
    entries = [e for e in d.active()]
    pairs = []
    for _ in range(n):
        e = rng.choice(entries)
        name = rng.choice(e.all_names)
        if rng.random() < 0.3:
            name = name.replace("的", "") if "的" in name else name.replace("中女性", "中的女性")
        if rng.random() < 0.2 and "比例" in name:
            name = rng.choice(LEVELS) + name
        unit = f"（{e.unit}）" if e.unit and rng.random() < 0.5 else ""
        text = f"{rng.choice(TIMES)}{rng.choice(SCOPES)}{name}{unit}"
        pairs.append((Query(text, e.unit, e.population, e.area), e.code))
    return pairs


@bench.command("match")
@click.option("--n", "count", default=100, show_default=True, type=click.IntRange(1, 100000), help="指标个数")
@click.option("--repeat", default=5, show_default=True, type=click.IntRange(1, 100), help="重复轮数")
@click.option(
    "--limit",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="失败阈值（秒）",
)
def bench_match(count: int, repeat: int, limit: float) -> None:
    """把一个新规划的指标（默认 100 个）关联到指标字典，输出耗时（要求 1 秒以内）与正确率。"""
    from planwatch.dictionary.entries import load_dictionary
    from planwatch.dictionary.matching import Matcher

    pairs = unseen_plan(count)
    times, correct = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        matcher = Matcher(load_dictionary())
        results = [matcher.match(q) for q, _ in pairs]
        times.append(time.perf_counter() - start)
        correct = sum(1 for r, (_, code) in zip(results, pairs, strict=True) if r.code == code and r.accepted)
    best, mean = min(times), sum(times) / len(times)
    verdict = "达标" if max(times) < limit else "未达标"
    click.echo(
        f"{count} 个指标 × {repeat} 轮（含读取字典）：最快 {best * 1000:.1f} ms，平均 {mean * 1000:.1f} ms，"
        f"最慢 {max(times) * 1000:.1f} ms（要求 < {limit * 1000:g} ms，{verdict}）；自动关联正确 {correct}/{count}"
    )
    if max(times) >= limit:
        raise SystemExit(1)


def register(cli: click.Group) -> None:  # the command attaches to the ``bench`` group on import
    pass
