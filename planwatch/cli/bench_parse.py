"""``planwatch bench parse``: parse the seed plans and report documents per second."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .bench import bench

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"


@bench.command("parse")
@click.option("--repeat", default=5, show_default=True, type=click.IntRange(1, 1000), help="重复解析的轮数")
@click.option(
    "--dir",
    "seed_dir",
    default=SEED_DIR,
    type=click.Path(path_type=Path, file_okay=False),
    help="规划文本所在目录（默认 data/plans）",
)
def bench_parse(repeat: int, seed_dir: Path) -> None:
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
    per_file: dict[str, float] = {name: 0.0 for name, _ in blobs}
    indicators = 0
    for _ in range(repeat):
        start = time.perf_counter()
        for name, data in blobs:
            t = time.perf_counter()
            doc = parse_document(data, name)
            per_file[name] += time.perf_counter() - t
            indicators += sum(len(p.indicators) for p in doc.plans)
        rounds.append(time.perf_counter() - start)
    best = min(rounds)
    mean = sum(rounds) / len(rounds)
    for name, total in per_file.items():
        click.echo(f"  {name}: {total / repeat * 1000:.1f} ms")
    click.echo(
        f"{len(blobs)} 个文档 × {repeat} 轮：每轮最快 {best * 1000:.1f} ms，平均 {mean * 1000:.1f} ms；"
        f"{len(blobs) / mean:.1f} documents/second（指标 {indicators // repeat} 个/轮）"
    )


def register(cli: click.Group) -> None:  # the command attaches to the ``bench`` group on import
    pass
