"""``planwatch bench load``: a province on one installation under a working day's load — the production server
(``planwatch serve``: gunicorn workers × threads, DEBUG off, whitenoise) and PostgreSQL on this machine.

Builds the ``bench web`` province in the (empty) PostgreSQL database of ``DATABASE_URL`` — or reuses it when
the database already holds it — and runs locust headless: leaders and the office reading pages, the
statistics bureau's machine clients reading the API with tokens, department reporters saving their own
task's figures through the API and the form (see _bench_load_locust.py). Prints the figures per request and
overall with the server's and PostgreSQL's settings; fails on any error or when the overall p95 exceeds
``--p95``. SQLite is ``bench web``'s job.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
import urllib.parse
from pathlib import Path

import click

from . import _bench_serving as serving
from .bench import bench

LOCUSTFILE = Path(__file__).with_name("_bench_load_locust.py")
PG_SETTINGS = ("server_version", "fsync", "synchronous_commit", "full_page_writes", "shared_buffers",
               "max_connections")  # fmt: skip


def mix(users: int) -> dict[str, int]:
    """How many of each kind: a fifth reporters, three tenths machine clients, the rest reading pages."""
    reporters, clients = max(1, users // 5), max(1, users * 3 // 10)
    return {"readers": users - reporters - clients, "clients": clients, "reporters": reporters}


def postgres_or_refuse(url: str | None) -> str:
    scheme = urllib.parse.urlsplit(url or "").scheme
    if scheme not in ("postgres", "postgresql", "pgsql"):
        shown = f"当前为 {shown_url(url)}" if url else "未设置 DATABASE_URL"
        raise click.ClickException(
            f"bench load 需要 PostgreSQL 数据库（{shown}）：请设置 DATABASE_URL=postgres://用户@127.0.0.1:端口/库名 "
            "（一个空库，压测会写入省级规模的测试数据），例如 scripts/with-postgres.sh .venv/bin/planwatch bench "
            "load；SQLite 下的页面性能请用 planwatch bench web"
        )
    return url


def shown_url(url: str) -> str:
    """The URL without its password."""
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


@bench.command("load")
@click.option("--database-url", envvar="DATABASE_URL", default=None,
              help="PostgreSQL 数据库（默认取环境变量 DATABASE_URL）；须为空库或上次压测的库")  # fmt: skip
@click.option("--regions", "n_regions", type=click.IntRange(1, 2000), default=120, show_default=True)
@click.option("--indicators", "n_indicators", type=click.IntRange(10, 1000), default=150, show_default=True)
@click.option("--years", "n_years", type=click.IntRange(2, 30), default=10, show_default=True)
@click.option("--users", type=click.IntRange(3, 500), default=50, show_default=True,
              help="并发用户数（五分之一填报员，十分之三接口客户端，其余浏览页面）")  # fmt: skip
@click.option("--seconds", type=click.IntRange(1, 3600), default=120, show_default=True, help="压测时长")
@click.option("--wait", type=(float, float), default=(1.0, 3.0), show_default=True,
              help="每个用户两次请求之间的停顿（秒，最短 最长）")  # fmt: skip
@click.option("--warmup", type=click.IntRange(0, 600), default=20, show_default=True,
              help="预热秒数：同样的负载先跑这么久，填满各工作进程的缓存（不计入统计，其中的错误仍算失败）")  # fmt: skip
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True, help="服务器工作进程数")
@click.option(
    "--threads", type=click.IntRange(1, 256), default=4, show_default=True, help="每个工作进程的线程数"
)
@click.option("--p95", "p95_limit", type=float, default=300.0, show_default=True,
              help="失败阈值：全部请求的 p95（毫秒）")  # fmt: skip
def bench_load(
    database_url, n_regions, n_indicators, n_years, users, seconds, wait, warmup, workers, threads, p95_limit
) -> None:
    """页面浏览、接口读取和数据填报混合压测（生产服务器 + 本机 PostgreSQL，locust 无界面）。"""
    url = postgres_or_refuse(database_url)
    serving.require_locust()
    counts = mix(users)
    tmp = tempfile.mkdtemp(prefix="planwatch-bench-load-")  # the server's data directory, locust's CSV files
    try:
        _run(url, tmp, counts, n_regions, n_indicators, n_years, users, seconds, wait, warmup, workers, threads,
             p95_limit)  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(url, tmp, counts, n_regions, n_indicators, n_years, users, seconds, wait, warmup, workers, threads,
         p95_limit) -> None:  # fmt: skip
    env = {**os.environ, "PLANWATCH_DATA_DIR": tmp, "DATABASE_URL": url,
           "PLANWATCH_SECRET_KEY": secrets.token_urlsafe(50), "PLANWATCH_DEBUG": "0"}  # fmt: skip
    os.environ.update({k: env[k] for k in ("PLANWATCH_DATA_DIR", "DATABASE_URL", "PLANWATCH_SECRET_KEY")})
    from ._django import setup_django

    setup_django(migrate=True)
    from . import _bench_load_data as people
    from . import _bench_web_data as data

    t0 = time.perf_counter()
    world = data.existing()
    if world is not None:
        click.echo("数据库中已有上次构建的基准数据，直接使用（忽略 --regions/--indicators/--years）")
    elif people.is_empty():
        world = data.build(n_regions, n_indicators, n_years)
        _vacuum()
    else:
        raise click.ClickException(
            f"数据库 {shown_url(url)} 已有数据，且不是基准数据：bench load 会写入大量测试数据，请换一个空的 PostgreSQL 库"
        )
    config = people.prepare(world, **{f"n_{k}": v for k, v in counts.items()})
    config |= {"counts": counts, "wait_min": wait[0], "wait_max": wait[1]}
    click.echo(f"数据库：{len(config['counties'])} 个县 + 1 个省，{len(world.indicator_ids)} 项指标；"
               f"{world.observations} 个监测数据单元格，{world.results} 行评估结果（准备 {time.perf_counter() - t0:.0f} s，不计入）")  # fmt: skip
    pg = _pg_settings()
    from django.db import connections

    connections.close_all()  # the server process owns the database from here on
    load_before = os.getloadavg()
    with serving.production_server(env, workers=workers, threads=threads) as server:
        warm = (
            serving.run_locust(LOCUSTFILE, server.base, users, warmup, config, tmp, "warmup", warmup=True)
            if warmup
            else None
        )
        cpu_before = serving.cpu_seconds(server.process.pid), serving.cpu_seconds(pg["postmaster"])
        stats, failures = serving.run_locust(LOCUSTFILE, server.base, users, seconds, config, tmp)
        cpu = [serving.cpu_used(before, serving.cpu_seconds(pid))
               for before, pid in zip(cpu_before, (server.process.pid, pg["postmaster"]), strict=True)]  # fmt: skip
    load_after = os.getloadavg()
    click.echo(f"服务器：planwatch serve（gunicorn gthread），{workers} 个工作进程 × {threads} 线程，DEBUG 关闭，"
               "静态文件 whitenoise（压缩、带哈希的文件名），数据库连接保持 60 s")  # fmt: skip
    click.echo("PostgreSQL：" + "，".join(f"{k}={v}" for k, v in pg.items() if k != "postmaster")
               + ("（持久化设置：每次提交写盘）" if pg.get("fsync") == "on" and pg.get("synchronous_commit") == "on"
                  else "（测试设置：不保证写盘，数字偏乐观）"))  # fmt: skip
    click.echo(f"locust：{users} 个并发用户（{counts['readers']} 个领导/妇儿工委办浏览页面，{counts['clients']} 个接口客户端，"
               f"{counts['reporters']} 个部门填报员），{seconds} s，每次请求后停顿 {wait[0]:g}–{wait[1]:g} s")  # fmt: skip
    if warm is not None:
        total = warm[0]["Aggregated"]
        click.echo(f"预热 {warmup} s（同样的用户和混合，不计入下表）：{total['Request Count']} 个请求，"
                   f"{total['Failure Count']} 个错误")  # fmt: skip
    click.echo(
        f"本机负载（1/5/15 分钟平均）：压测前 {_load(load_before)}，压测后 {_load(load_after)}（{os.cpu_count()} 个 CPU）"
    )
    serving.echo_stats(stats)
    n = int(stats["Aggregated"]["Request Count"])
    click.echo(f"CPU 时间（与机器忙闲无关）：服务器进程 {cpu[0]:.1f} s，PostgreSQL {cpu[1]:.1f} s；"
               f"平均每个请求 {cpu[0] / n * 1000:.0f} + {cpu[1] / n * 1000:.0f} ms")  # fmt: skip
    _verdict(stats, failures, p95_limit, warm)


def _vacuum() -> None:
    """What autovacuum does to a live database over time, at once: statistics for the planner and the
    visibility map the index-only scans of the API's pages need."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def _pg_settings() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cur:
        found = {}
        for name in PG_SETTINGS:
            cur.execute(f"SHOW {name}")
            found[name] = cur.fetchone()[0]
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    import psutil

    # the server on this machine: its backends are the children of the postmaster
    found["postmaster"] = psutil.Process(backend).ppid()
    return found


def _load(avg: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in avg)


def _verdict(stats: dict[str, dict], failures: list[dict], p95_limit: float, warm=None) -> None:
    total = stats["Aggregated"]
    errors = int(total["Failure Count"])
    if warm is not None:  # an error while warming up is an error of the system all the same
        errors += int(warm[0]["Aggregated"]["Failure Count"])
        failures = warm[1] + failures
    for f in failures[:10]:
        click.echo(f"失败：{f['Method']} {f['Name']} ×{f['Occurrences']}：{f['Error'][:300]}")
    p95 = float(total["95%"])
    click.echo(f"合计：{total['Request Count']} 个请求，{errors} 个错误，p95 {p95:.0f} ms（阈值 {p95_limit:g} ms），"
               f"{float(total['Requests/s']):.1f} 请求/秒")  # fmt: skip
    problems = []
    if errors:
        problems.append(f"{errors} 个请求出错")
    if p95 > p95_limit:
        problems.append(f"p95 {p95:.0f} ms > {p95_limit:g} ms")
    if problems:
        raise click.ClickException("压测未通过：" + "；".join(problems))


def register(cli: click.Group) -> None:  # the command attaches to the ``bench`` group on import
    pass
