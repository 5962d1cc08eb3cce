"""``planwatch bench web``: the pages people live in, under load, on the real production server.

Builds a throw-away SQLite database of province size (120 counties, 150 indicators, 10 years of approved
data, a stored assessment), starts ``planwatch serve`` on 127.0.0.1 as its own process, and runs locust
headless with 20 logged-in clients reading the dashboard and indicator pages. Then the monitoring group
approves a submitted task over HTTP and the time until the dashboard shows the new year's figures is taken.
Prints p50/p95/p99 per page and fails when a p95 exceeds ``--p95`` or the approval exceeds ``--approval``.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import click

from . import _bench_serving as serving
from .bench import bench

LOCUSTFILE = Path(__file__).with_name("_bench_web_locust.py")


@bench.command("web")
@click.option("--regions", "n_regions", type=click.IntRange(1, 2000), default=120, show_default=True)
@click.option("--indicators", "n_indicators", type=click.IntRange(1, 1000), default=150, show_default=True)
@click.option("--years", "n_years", type=click.IntRange(2, 30), default=10, show_default=True)
@click.option("--users", type=click.IntRange(1, 500), default=20, show_default=True, help="并发客户端数")
@click.option("--seconds", type=click.IntRange(1, 3600), default=60, show_default=True, help="压测时长")
@click.option("--wait", type=(float, float), default=(0.5, 1.5), show_default=True,
              help="每个客户端两次请求之间的停顿（秒，最短 最长）")  # fmt: skip
@click.option("--threads", type=click.IntRange(1, 256), default=8, show_default=True, help="服务器线程数")
@click.option(
    "--p95", "p95_limit", type=float, default=200.0, show_default=True, help="失败阈值：p95（毫秒）"
)
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="数据库目录：保留本次构建的数据库；目录中已有上次的数据库时直接使用（不再构建）")  # fmt: skip
@click.option("--approval", "approval_limit", type=float, default=1.0, show_default=True,
              help="失败阈值：审核通过到看板更新（秒）")  # fmt: skip
def bench_web(
    n_regions, n_indicators, n_years, users, seconds, wait, threads, p95_limit, directory, approval_limit
) -> None:
    """看板和指标页的并发性能（省级规模数据库，真实生产服务器进程，locust 无界面压测）。"""
    serving.require_locust()
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    tmp = (
        str(directory.resolve()) if directory is not None else tempfile.mkdtemp(prefix="planwatch-bench-web-")
    )
    env = {**os.environ, "PLANWATCH_DATA_DIR": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
           "PLANWATCH_SECRET_KEY": secrets.token_urlsafe(50), "PLANWATCH_DEBUG": "0"}  # fmt: skip
    os.environ.update({k: env[k] for k in ("PLANWATCH_DATA_DIR", "DATABASE_URL", "PLANWATCH_SECRET_KEY")})
    from ._django import setup_django

    setup_django(migrate=True)
    from . import _bench_web_data as data

    t0 = time.perf_counter()
    world = data.existing() if directory is not None else None
    if world is None:
        world = data.build(n_regions, n_indicators, n_years)
    else:
        click.echo(f"使用 {tmp} 中已构建的数据库（忽略 --regions/--indicators/--years）")
    click.echo(f"数据库：{n_regions} 个县 + 1 个省，{n_indicators} 项指标，{n_years} 年；{world.observations} 个已审核"
               f"单元格，{world.results} 行评估结果（构建 {time.perf_counter() - t0:.0f} s，不计入）")  # fmt: skip
    sessions = data.session_keys(world.users["leader"], users)
    monitor = data.session_keys(world.users["monitor"], 1)[0]
    from django.db import connections

    connections.close_all()  # the server process owns the database from here on

    with serving.production_server(env, workers=2, threads=threads) as server:
        base = server.base
        config = {"sessions": sessions, "plan": world.plan_id, "indicators": world.indicator_ids,
                  "areas": data.AREAS, "wait_min": wait[0], "wait_max": wait[1]}  # fmt: skip
        cold = _warm(base, sessions[0], config)
        stats, _ = serving.run_locust(LOCUSTFILE, base, users, seconds, config, tmp)
        approval = _approve(base, monitor, world)
    click.echo(f"首次访问（缓存未命中，压测前逐页访问一次，不计入上表）：看板 {cold['dashboard']:.0f} ms，"
               f"指标页中位数 {cold['indicator_median']:.0f} ms、最慢 {cold['indicator_max']:.0f} ms")  # fmt: skip
    _report(stats, approval, users, seconds, wait, threads, p95_limit, approval_limit)


def _warm(base: str, session: str, config: dict) -> dict[str, float]:
    """Open every page the clients will ask for once (each is rendered once per state of the data, then
    served from the server's cache) and return how long the first, uncached, answers took (ms)."""
    opener = urllib.request.build_opener()
    cookie = f"sessionid={session}"

    def timed(url: str) -> float:
        t0 = time.perf_counter()
        _read(opener, url, cookie)
        return (time.perf_counter() - t0) * 1000

    dashboard = timed(f"{base}/")
    for area in config["areas"]:
        timed(f"{base}/?area={urllib.parse.quote(area)}&attribute=binding")
    pages = sorted(
        timed(f"{base}/evaluation/plans/{config['plan']}/indicators/{i}/") for i in config["indicators"]
    )
    return {"dashboard": dashboard, "indicator_median": pages[len(pages) // 2], "indicator_max": pages[-1]}


def _approve(base: str, monitor_session: str, world) -> dict:
    """Approve the submitted task over HTTP as the monitoring group, then read the dashboard of the new year:
    the seconds from the approval request until the dashboard shows the figures."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    cookie = f"sessionid={monitor_session}"
    year = world.round_year
    before = _read(opener, f"{base}/?year={year}", cookie)
    if f'<option value="{year}"' in before:
        raise click.ClickException(f"审核前看板不应有 {year} 年的评估结果")
    page = _read(opener, f"{base}/tasks/{world.task_id}/", cookie)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = f"csrfmiddlewaretoken={token}&action=approve&comment=".encode()
    req = urllib.request.Request(f"{base}/tasks/{world.task_id}/review/", data=body, method="POST", headers={
        "Cookie": f"{cookie}; csrftoken={csrf}", "Referer": f"{base}/tasks/{world.task_id}/",
        "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()
    posted = time.perf_counter() - t0
    after = _read(opener, f"{base}/?year={year}", cookie)
    total = time.perf_counter() - t0
    found = re.search(rf"{year}年：在可监测的(\d+)项指标中", after)
    if not found:
        raise click.ClickException(f"审核通过后看板没有显示 {year} 年的评估结果")
    return {"post": posted, "total": total, "assessable": int(found.group(1))}


def _read(opener, url: str, cookie: str) -> str:
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    with opener.open(req, timeout=60) as r:
        return r.read().decode()


def _report(stats, approval, users, seconds, wait, threads, p95_limit, approval_limit) -> None:
    click.echo(f"locust：{users} 个并发客户端，{seconds} s，请求间停顿 {wait[0]:g}–{wait[1]:g} s；服务器 gunicorn "
               f"2 个工作进程 × {threads} 线程（planwatch serve，PLANWATCH_DEBUG=0）")  # fmt: skip
    serving.echo_stats(stats)
    failed = [name for name, row in stats.items()
              if name != "Aggregated" and (float(row["95%"]) > p95_limit or int(row["Failure Count"]))]  # fmt: skip
    click.echo(f"审核通过 → 看板显示新数据：{approval['total']:.2f} s（其中审核请求含增量评估 {approval['post']:.2f} s；"
               f"新年度可监测指标 {approval['assessable']} 项）")  # fmt: skip
    if failed:
        raise click.ClickException(f"超过阈值（p95 > {p95_limit:g} ms 或有失败请求）：{'、'.join(failed)}")
    if approval["total"] > approval_limit:
        raise click.ClickException(f"审核通过到看板更新 {approval['total']:.2f} s > {approval_limit:g} s")


def register(cli: click.Group) -> None:  # the command attaches to the ``bench`` group on import
    pass
