"""``planwatch bench export``: the office's Excel download of everything a province owns.

Builds the province-sized database of ``planwatch bench web`` in a throw-away SQLite file (never the
configured one; 120 counties × 150 indicators × 10 years by default), then downloads
``/manage/export/<province>/`` as the province's 妇儿工委办 through Django's request handling, the way the
page's button does, and reports the time to the first byte, the file size, the rows and the peak memory of
the process. The download streams a temporary file: memory must not grow with the region."""

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
@click.option("--limit", type=float, default=120.0, show_default=True, help="失败阈值（秒）")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="数据库目录：保留本次构建的数据库；目录中已有上次的数据库时直接使用（不再构建）")  # fmt: skip
def bench_export(
    n_regions: int, n_indicators: int, n_years: int, limit: float, directory: Path | None
) -> None:
    """地区数据 Excel 导出基准：省级规模数据库，妇儿工委办从网页下载全省数据。"""
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
    from planwatch.apps.regions.models import Region
    from planwatch.apps.reporting.models import Observation

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
    click.echo(f"数据库：{Region.objects.filter(parent=province).count()} 个县 + 1 个省；"
               f"{Observation.objects.count()} 个单元格（构建 {time.perf_counter() - t0:.0f} s，不计入）")  # fmt: skip
    client = Client(HTTP_HOST="localhost")
    client.force_login(office)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t1 = time.perf_counter()
    response = client.get(f"/manage/export/{province.code}/")
    first_byte = time.perf_counter() - t1
    if response.status_code != 200:
        raise click.ClickException(f"下载失败：HTTP {response.status_code}")
    size = sum(len(chunk) for chunk in response.streaming_content)
    total = time.perf_counter() - t1
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    click.echo(f"全省数据 Excel 导出：{size / 1e6:.1f} MB，{total:.1f} s（其中生成 {first_byte:.1f} s），"
               f"进程内存峰值 {rss_after / 1024:.0f} MB（导出前 {rss_before / 1024:.0f} MB）")  # fmt: skip
    if total > limit:
        raise click.ClickException(f"超过阈值 {limit:.0f} s")
