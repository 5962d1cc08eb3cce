"""``planwatch bench parse``: parse the seed plans and report documents per second."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .bench import bench

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"
STYLE_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "parsing" / "style_corpus"


@bench.command("parse")
@click.option("--repeat", default=5, show_default=True, type=click.IntRange(1, 1000), help="重复解析的轮数")
@click.option(
    "--dir",
    "seed_dir",
    default=SEED_DIR,
    type=click.Path(path_type=Path, file_okay=False),
    help="规划文本所在目录（默认 data/plans）",
)
@click.option(
    "--recall/--no-recall",
    default=True,
    show_default=True,
    help="计时后再报告识别率：种子规划改写为各种排版风格后与原文一致的比例，以及风格语料（tests/parsing/style_corpus）的召回率",
)
@click.option(
    "--corpus",
    "corpus_dir",
    default=STYLE_CORPUS,
    type=click.Path(path_type=Path, file_okay=False),
    help="风格语料目录（<名称>.txt + <名称>.yaml，默认 tests/parsing/style_corpus）",
)
@click.option(
    "--limit",
    default=0.5,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="每轮 CPU 时间的上限（秒，按最快一轮判断；超过则以状态 1 退出）",
)
def bench_parse(repeat: int, seed_dir: Path, recall: bool, corpus_dir: Path, limit: float) -> None:
    """解析种子规划文本，输出每秒解析的文档数。"""
    from planwatch.parsing.document import parse_document

    files = sorted(
        p for p in seed_dir.glob("*") if p.suffix.lower() in {".txt", ".docx", ".pdf", ".html", ".htm"}
    )
    if not files:
        raise click.ClickException(f"{seed_dir}：目录中没有规划文件")
    blobs = [(f.name, f.read_bytes()) for f in files]
    parse_document(*reversed(blobs[0]))  # warm-up: imports and regex compilation are not parsing
    rounds: list[float] = []
    cpu: list[float] = []  # CPU time: what the parser costs on a machine shared with other work
    per_file: dict[str, float] = {name: 0.0 for name, _ in blobs}
    indicators = 0
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        for name, data in blobs:
            t = time.perf_counter()
            doc = parse_document(data, name)
            per_file[name] += time.perf_counter() - t
            indicators += sum(len(p.indicators) for p in doc.plans)
        rounds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    best = min(rounds)
    mean = sum(rounds) / len(rounds)
    for name, total in per_file.items():
        click.echo(f"  {name}: {total / repeat * 1000:.1f} ms")
    click.echo(
        f"{len(blobs)} 个文档 × {repeat} 轮：每轮最快 {best * 1000:.1f} ms，平均 {mean * 1000:.1f} ms；"
        f"{len(blobs) / mean:.1f} documents/second（指标 {indicators // repeat} 个/轮）；每轮 CPU 时间最少 {min(cpu) * 1000:.1f} ms"
        f"（要求 < {limit * 1000:g} ms，{'达标' if min(cpu) < limit else '未达标'}）"
    )
    if recall:
        _report_recall(blobs, corpus_dir)
    if (
        min(cpu) >= limit
    ):  # CPU time, not wall time: the machine is shared, other work must not fail the bench
        raise SystemExit(1)


def _report_recall(blobs: list[tuple[str, bytes]], corpus_dir: Path) -> None:
    """Not timed: how much of each seed survives each printing style, and the style corpus's recall."""
    from planwatch.parsing.document import parse_document
    from planwatch.parsing.recall import corpus_recall
    from planwatch.parsing.restyle import STYLES, indicator_keys

    texts = [(name, data.decode("utf-8", errors="replace")) for name, data in blobs if name.endswith(".txt")]
    originals = {name: indicator_keys(parse_document(text.encode(), name)) for name, text in texts}
    for style, rewrite in STYLES.items():
        kept = total = 0
        for name, text in texts:
            got = indicator_keys(parse_document(rewrite(text).encode(), name))
            kept += len(originals[name] & got)
            total += len(originals[name])
        click.echo(
            f"  风格 {style}：{kept}/{total} 个指标与原文一致（{kept / total * 100 if total else 0:.1f}%）"
        )
    if corpus_dir.is_dir():
        results = corpus_recall(corpus_dir)
        found, expected = sum(r.found for r in results), sum(r.expected for r in results)
        extra = sum(r.extra for r in results)
        click.echo(
            f"风格语料 {len(results)} 个文件：召回 {found}/{expected}（{found / expected * 100 if expected else 0:.1f}%），"
            f"多识别 {extra} 个"
        )
        for r in results:
            if r.missing or r.error:
                click.echo(
                    f"  {r.name}：未识别 {'、'.join(r.missing)}{('（' + r.error + '）') if r.error else ''}"
                )


def register(cli: click.Group) -> None:  # the command attaches to the ``bench`` group on import
    pass
