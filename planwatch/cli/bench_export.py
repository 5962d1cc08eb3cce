"""``planwatch bench export``: the office's Excel export of everything a province owns.

Builds the province-sized database of ``planwatch bench web`` in a throw-away SQLite file (never the
configured one; 120 counties × 150 indicators × 10 years by default), then, as the province's 妇儿工委办,
requests the export on ``/manage/export/``, runs the queued job as ``planwatch worker`` would, and downloads
the file. Reports the job's time, the file size, the download time and the peak memory of the process."""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path

import click

from .bench import bench


def register(cli: click.Group) -> None:  # attaches to the existing ``bench`` group
    pass


@bench.command("export")
@click.option("--regions", "n_regions", type=click.IntRange(1, 2000), default=120, show_default=True)
@click.option("--indicators", "n_indicators", type=click.IntRange(1, 1000), default=150, show_default=True)
@click.option("--years", "n_years", type=click.IntRange(2, 30), default=10, show_default=True)
@click.option("--limit", type=float, default=300.0, show_default=True, help="失败阈值：导出任务用时（秒）")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="数据库目录：保留本次构建的数据库；目录中已有上次的数据库时直接使用（不再构建）")  # fmt: skip
def bench_export(
    n_regions: int, n_indicators: int, n_years: int, limit: float, directory: Path | None
) -> None:
    """地区数据 Excel 导出基准：省级规模数据库，妇儿工委办导出全省数据（后台任务）并下载。"""
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
    tmp = str(directory.resolve()) if directory else tempfile.mkdtemp(prefix="planwatch-bench-export-")
    os.environ["PLANWATCH_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    from ._django import setup_django

    setup_django(migrate=True)
    from django.contrib.auth.models import User
    from django.test import Client

    from planwatch.apps.accounts.models import Profile, Role
    from planwatch.apps.administration.exporting import run_export
    from planwatch.apps.administration.models import ExportJob
    from planwatch.apps.regions.models import Region
    from planwatch.apps.reporting.models import Observation, ObservationHistory

    from . import _bench_web_data as data

    t0 = time.perf_counter()
    world = data.existing() if directory is not None else None
    if world is None:
        world = data.build(n_regions, n_indicators, n_years)
    province = Region.objects.get(pk=world.province_id)
    office = User.objects.filter(username="bench_office").first()
    if office is None:
        office = User.objects.create_user("bench_office", password=data.PASSWORD)
        Profile.objects.create(user=office, role=Role.ADMIN, region=province)
    click.echo(f"数据库：{Region.objects.filter(parent=province).count()} 个县 + 1 个省；{Observation.objects.count()} 个"
               f"单元格，{ObservationHistory.objects.count()} 条修改记录（构建 {time.perf_counter() - t0:.0f} s，不计入）")  # fmt: skip
    client = Client(HTTP_HOST="localhost")
    client.force_login(office)
    t1 = time.perf_counter()
    response = client.post("/manage/export/request/", {"code": province.code})
    if response.status_code != 302:
        raise click.ClickException(f"申请导出失败：HTTP {response.status_code}")
    job = ExportJob.objects.latest("id")
    requested = time.perf_counter() - t1
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t2 = time.perf_counter()
    if job.state == ExportJob.State.QUEUED:
        run_export(job.pk)  # what `planwatch worker` does with the queued task
    generated = time.perf_counter() - t2
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    job.refresh_from_db()
    if job.state != ExportJob.State.DONE:
        raise click.ClickException(f"导出失败：{job.error}")
    t3 = time.perf_counter()
    response = client.get(f"/manage/export/jobs/{job.pk}/download/")
    size = sum(len(chunk) for chunk in response.streaming_content)
    downloaded = time.perf_counter() - t3
    click.echo(f"全省数据 Excel 导出：申请 {requested * 1000:.0f} ms；后台生成 {generated:.1f} s，{size / 1e6:.1f} MB；"
               f"下载 {downloaded * 1000:.0f} ms；进程内存峰值 {rss_after / 1024:.0f} MB（生成前 {rss_before / 1024:.0f} MB）")  # fmt: skip
    if generated > limit:
        raise click.ClickException(f"超过阈值 {limit:.0f} s")
