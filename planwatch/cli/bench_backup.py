"""``planwatch bench backup``: dump and restore of a province-sized installation, measured.

Builds the throw-away SQLite database of ``planwatch bench web`` (_bench_web_data.build: 120 counties, 150
indicators, 10 years of approved data, a stored assessment), then runs the real commands, each as its own
process so that its peak memory is its own: ``planwatch dump`` of the whole installation, ``dump --region``
of one county, ``restore`` into an empty database and ``restore --replace`` over the installation itself.
After each restore the plan is assessed afresh (``planwatch assess --no-store``) and every result row must
equal the original's; the empty database's restore is dumped again and every data member's checksum must
equal the first archive's (every row, id, history and stored result). Prints sizes, seconds and peak memory
(VmHWM, sampled every 0.1 s); fails above ``--max-dump`` / ``--max-restore`` seconds or on any difference.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import click

from .bench import bench

COUNTY = "990001"  # the first county of the bench province


def register(cli: click.Group) -> None:  # attaches to the existing ``bench`` group
    pass


@dataclass
class Step:
    name: str
    seconds: float
    peak_mb: float
    size: int | None = None  # the archive's bytes


@bench.command("backup")
@click.option("--regions", "n_regions", type=click.IntRange(1, 2000), default=120, show_default=True)
@click.option("--indicators", "n_indicators", type=click.IntRange(1, 1000), default=150, show_default=True)
@click.option("--years", "n_years", type=click.IntRange(2, 30), default=10, show_default=True)
@click.option("--max-dump", "max_dump", type=float, default=300.0, show_default=True,
              help="失败阈值：一次备份（秒）")  # fmt: skip
@click.option("--max-restore", "max_restore", type=float, default=600.0, show_default=True,
              help="失败阈值：一次恢复（秒）")  # fmt: skip
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="把数据库和归档留在这个目录（默认用临时目录，结束后删除）")  # fmt: skip
def bench_backup(n_regions, n_indicators, n_years, max_dump, max_restore, keep) -> None:
    """备份与恢复的性能（省级规模数据库）：整体备份、单个县备份、恢复到空数据库、覆盖恢复；核对评估结果一致。"""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        if any(keep.iterdir()):
            raise click.UsageError(f"--keep {keep}：目录不是空的")
    work = Path(keep.resolve() if keep is not None else tempfile.mkdtemp(prefix="planwatch-bench-backup-"))
    source = _environment(work / "source")
    empty = _environment(work / "empty")
    os.environ.update(source)
    from ._django import setup_django

    setup_django(migrate=True)
    from . import _bench_web_data as data

    t0 = time.perf_counter()
    world = data.build(n_regions, n_indicators, n_years)
    click.echo(f"数据库：{n_regions} 个县 + 1 个省，{n_indicators} 项指标，{n_years} 年；{world.observations} 个已审核"
               f"单元格，{world.results} 行评估结果，{_mb(_db_file(source)):.0f} MB（构建 {time.perf_counter() - t0:.0f} s，"
               f"不计入）")  # fmt: skip
    from django.db import connections

    connections.close_all()  # the commands below own the database

    plan = str(world.plan_id)
    assessed = _assess(source, plan, work / "assessed-before.csv")
    whole, county = work / "installation.zip", work / "county.zip"
    steps = [
        _run("备份整个系统（dump）", source, ["dump", "-o", str(whole)], archive=whole),
        _run(
            f"备份一个县（dump --region {COUNTY}）",
            source,
            ["dump", "--region", COUNTY, "-o", str(county)],
            archive=county,
        ),  # fmt: skip
    ]
    _run("（空数据库迁移，不计入）", empty, None)
    steps.append(_run("恢复到空数据库（restore）", empty, ["restore", str(whole)]))
    notes: list[str] = []
    problems = _compare(
        assessed, _assess(empty, plan, work / "assessed-restored.csv"), "恢复到空数据库后", notes
    )
    again = work / "restored.zip"
    _run("（再次备份以核对，不计入）", empty, ["dump", "-o", str(again)], archive=again)
    problems += _same_members(whole, again)
    steps.append(_run("覆盖恢复（restore --replace）", source, ["restore", "--replace", str(whole)]))
    problems += _compare(assessed, _assess(source, plan, work / "assessed-replaced.csv"), "覆盖恢复后", notes)
    _report(steps, max_dump, max_restore, problems, notes, work if keep is not None else None)
    if keep is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


def _environment(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    return {"PLANWATCH_DATA_DIR": str(folder), "DATABASE_URL": f"sqlite:///{folder}/planwatch.sqlite3",
            "PLANWATCH_SECRET_KEY": secrets.token_urlsafe(50), "PLANWATCH_DEBUG": "0"}  # fmt: skip


def _db_file(env: dict[str, str]) -> Path:
    return Path(env["DATABASE_URL"].removeprefix("sqlite:///"))


def _mb(path: Path | int) -> float:
    size = path if isinstance(path, int) else path.stat().st_size
    return size / (1024 * 1024)


def _planwatch() -> list[str]:
    exe = Path(sys.executable).with_name("planwatch")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from planwatch.cli import main; main()"]


def _run(name: str, env: dict[str, str], args: list[str] | None, archive: Path | None = None) -> Step:
    """One command in its own process: wall time and its peak resident memory."""
    if args is None:  # just migrate the database
        cmd = [
            sys.executable,
            "-c",
            "from planwatch.cli._django import setup_django; setup_django(migrate=True)",
        ]
    else:
        cmd = [*_planwatch(), *args]
    log = Path(env["PLANWATCH_DATA_DIR"]) / "bench-command.log"
    with log.open("wb") as out:
        t0 = time.perf_counter()
        child = subprocess.Popen(cmd, env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "planwatch.site.settings"},
                                 stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
        peak = 0
        while child.poll() is None:
            peak = max(peak, _high_water_kb(child.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - t0
    if child.returncode != 0:
        raise click.ClickException(
            f"{name} 失败（退出码 {child.returncode}）：{log.read_text(errors='replace')[-2000:]}"
        )
    return Step(name, seconds, peak / 1024, archive.stat().st_size if archive else None)


def _high_water_kb(pid: int) -> int:
    """The process's peak resident memory so far (Linux VmHWM, a high-water mark: the last reading before the
    exit is the peak to within the polling interval). Not wait4's ru_maxrss: that starts at the forking
    parent's size, and this process holds the whole province it built."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _assess(env: dict[str, str], plan: str, output: Path) -> Path:
    _run(
        "（评估以核对，不计入）",
        env,
        ["assess", "--plan-id", plan, "--no-store", "--format", "csv", "-o", str(output)],
    )
    return output


def _compare(expected: Path, actual: Path, when: str, notes: list[str]) -> list[str]:
    """Row by row and to the last printed digit: the engine's roll-up sums in an order of its own
    (planwatch/assessment/rollup.py), so a restored database gives the same figures exactly."""
    import csv

    with expected.open(encoding="utf-8") as fa, actual.open(encoding="utf-8") as fb:
        a, b = list(csv.reader(fa)), list(csv.reader(fb))
    if a == b:
        return []
    real = abs(len(a) - len(b)) + sum(x != y for x, y in zip(a, b, strict=False))
    return [f"{when}评估结果与原数据库不同：{real} 行不一致（共 {len(a)} 行）"]


def _same_members(first: Path, second: Path) -> list[str]:
    """Every data member of the two archives has the same checksum (the restore lost or changed no row)."""

    def members(path: Path) -> dict[str, str]:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
        return {e["model"]: e["sha256"] for e in manifest["models"]}

    a, b = members(first), members(second)
    differ = sorted(m for m in a.keys() | b.keys() if a.get(m) != b.get(m))
    return [f"恢复后再备份，这些数据与原归档不同：{'、'.join(differ)}"] if differ else []


def _report(steps: list[Step], max_dump: float, max_restore: float, problems: list[str], notes: list[str],
            kept: Path | None) -> None:  # fmt: skip
    click.echo(f"{'步骤':<34}{'用时':>9}{'峰值内存':>10}{'归档大小':>10}")
    over = []
    for s in steps:
        size = f"{_mb(s.size):.1f} MB" if s.size is not None else "—"
        click.echo(f"{s.name:<30}{s.seconds:>8.1f} s{s.peak_mb:>8.0f} MB{size:>11}")
        limit = max_dump if "dump" in s.name else max_restore
        if s.seconds > limit:
            over.append(f"{s.name} {s.seconds:.1f} s > {limit:g} s")
    click.echo("核对：两次恢复后的评估结果逐行与原数据库一致；恢复后再备份的每个数据部件校验和与原归档一致。"
               if not problems else "核对失败：" + "；".join(problems))  # fmt: skip
    for note in notes:
        click.echo(f"  注：{note}")
    click.echo(f"  注：{COUNTY} 县的数据填报在省级规划下，属于省的归档；县的归档只含县自身的地区、部门与账号")
    if kept is not None:
        click.echo(f"数据库与归档保留在 {kept}")
    if problems:
        raise click.ClickException("；".join(problems))
    if over:
        raise click.ClickException("超过阈值：" + "；".join(over))
