"""What the HTTP benchmarks (``bench web``, ``bench load``) share: the production server as its own process,
locust headless in another, and the table of its figures."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import click

STATS_HEADER = (
    f"{'请求':<24}{'次数':>7}{'失败':>6}{'每秒':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'最大':>7}  (毫秒)"
)


def require_locust() -> None:
    try:
        import locust  # noqa: F401  (a dev dependency: present where benchmarks run)
    except ImportError:
        raise click.ClickException("需要 locust：请用 `make venv` 安装开发依赖后再运行") from None


def planwatch_exe() -> str:
    exe = Path(sys.executable).with_name("planwatch")
    return str(exe) if exe.exists() else "planwatch"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, server: subprocess.Popen, timeout: float = 120.0) -> None:
    """Return once the login page answers 200; a clear error when the server exits first or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read().decode(errors="replace")[-2000:] if server.stderr else ""
            raise click.ClickException(
                f"服务器未能启动（退出码 {server.returncode}）：{err.strip() or '没有输出'}"
            )
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise click.ClickException(f"服务器 {timeout:.0f} 秒内没有响应")


@dataclass
class Server:
    base: str  # http://127.0.0.1:port
    process: subprocess.Popen


@contextlib.contextmanager
def production_server(env: Mapping[str, str], *, workers: int, threads: int) -> Iterator[Server]:
    """``planwatch serve`` (gunicorn) on a free local port with ``env``, until the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [planwatch_exe(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
           "--threads", str(threads)]  # fmt: skip
    server = subprocess.Popen(cmd, env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(base, server)
        yield Server(base, server)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time (user + system) of a process and each of its descendants now, by pid."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return {}
    found = {}
    for p in procs:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        found[p.pid] = t.user + t.system
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """Seconds of CPU between two ``cpu_seconds`` readings (processes started in between count whole)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def run_locust(
    locustfile: Path,
    base: str,
    users: int,
    seconds: int,
    config: dict,
    tmp: str,
    name: str = "locust",
    *,
    warmup: bool = False,
) -> tuple[dict[str, dict], list[dict]]:
    """Run locust headless (all clients started at once) and return its statistics per request name (and
    "Aggregated") and its failures (method, name, error, occurrences)."""
    prefix = os.path.join(tmp, name)
    cmd = [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless", "--host", base, "-u", str(users),
           "-r", str(users), "-t", f"{seconds}s", "--csv", prefix, "--only-summary", "--loglevel", "WARNING"]  # fmt: skip
    env = {**os.environ, "PLANWATCH_BENCH_CONFIG": json.dumps(config)}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 120)
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        raise click.ClickException("locust 没有产生统计结果：" + done.stderr[-2000:])
    with path.open(encoding="utf-8") as fh:
        stats = {row["Name"]: row for row in csv.DictReader(fh)}
    failures_path = Path(f"{prefix}_failures.csv")
    failures = []
    if failures_path.exists():
        with failures_path.open(encoding="utf-8") as fh:
            failures = list(csv.DictReader(fh))
    stats.setdefault("Aggregated", {"Request Count": "0", "Failure Count": "0"})
    if int(stats["Aggregated"]["Request Count"]) == 0 and not warmup:
        raise click.ClickException(f"locust 在 {seconds} s 内没有发出任何请求（机器太忙？请加大 --seconds）")
    return stats, failures


def echo_stats(stats: dict[str, dict]) -> None:
    """One line per request name (Aggregated last): count, failures, requests/s, p50/p95/p99/max in ms."""
    click.echo(STATS_HEADER)
    for name, row in stats.items():
        shown = "合计" if name == "Aggregated" else name
        click.echo(f"{shown:<24}{row['Request Count']:>7}{row['Failure Count']:>6}{float(row['Requests/s']):>7.1f}"
                   f"{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}{float(row['Max Response Time']):>7.0f}")  # fmt: skip
