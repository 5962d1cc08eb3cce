"""``planwatch dump`` / ``planwatch restore``: back up and move an installation or one region's data."""

from __future__ import annotations

from pathlib import Path

import click

from ._django import region_or_exit, setup_django


def register(cli: click.Group) -> None:
    cli.add_command(dump_cmd)
    cli.add_command(restore_cmd)
    cli.add_command(export_cmd)


class _Bar:
    """A rich progress bar on stderr, one task per model."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def __call__(self, what: str, done: int, total: int) -> None:
        if what not in self.tasks:
            self.tasks[what] = self.progress.add_task(what, total=max(total, 1))
        self.progress.update(self.tasks[what], completed=done, total=max(total, done, 1))


@click.command("dump")
@click.option("--region", "region_code", help="只备份该地区（行政区划代码）及其下级地区的数据")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="归档文件（默认 planwatch-备份-时间.zip）",
)
def dump_cmd(region_code, output) -> None:
    """备份整个系统或一个地区的全部数据到 .zip 归档（含清单与校验和）。"""
    import datetime as dt

    setup_django(migrate=True)
    from planwatch.apps.backup.dump import dump

    region = region_or_exit(region_code)
    output = output or Path(
        f"planwatch-备份-{region.code + '-' if region else ''}{dt.datetime.now():%Y%m%d-%H%M%S}.zip"
    )
    try:
        with _Bar() as bar:
            manifest = dump(output, region, progress=bar)
    except OSError as exc:
        raise click.ClickException(f"{output}：无法写入（{exc.strerror or exc}）") from exc
    rows = sum(m["rows"] for m in manifest["models"])
    what = f"地区 {region.name}（{region.code}）" if region else "整个系统"
    click.echo(f"已备份{what}：{rows} 条记录，{len(manifest['files'])} 个文件 → {output}")
    if manifest["missing_files"]:
        click.echo(
            f"注意：{len(manifest['missing_files'])} 个文件在磁盘上找不到，未包含：{manifest['missing_files'][0]} …",
            err=True,
        )


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="先删除归档范围内（整个系统或该地区）的现有数据，再恢复")
def restore_cmd(file: Path, replace: bool) -> None:
    """从 planwatch dump 的归档恢复数据：全部成功或完全不变。"""
    setup_django(migrate=True)
    from planwatch.apps.backup.archive import RestoreRefused
    from planwatch.apps.backup.restore import restore

    try:
        with _Bar() as bar:
            result = restore(file, replace=replace, progress=bar)
    except RestoreRefused as exc:
        raise click.ClickException(str(exc)) from exc
    scope = result.scope
    what = f"地区 {scope.get('name')}（{scope.get('code')}）" if scope["kind"] == "region" else "整个系统"
    click.echo(
        f"已恢复{what}：新增 {sum(result.inserted.values())} 条记录，未变 {result.unchanged} 条，"
        f"删除 {result.deleted} 条，写入 {result.files} 个文件"
    )


@click.command("export")
@click.option("--region", "region_code", required=True, help="地区（行政区划代码），含下级地区")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="输出 .xlsx 文件"
)
def export_cmd(region_code, output: Path) -> None:
    """导出一个地区的全部数据为 Excel（规划、指标与目标、监测数据及审核状态、填报任务、修改记录，各一张表）。"""
    setup_django(migrate=True)
    from planwatch.apps.backup.workbook import region_workbook

    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{output}：输出文件应为 .xlsx")
    region = region_or_exit(region_code)
    try:
        output.write_bytes(region_workbook(region))
    except OSError as exc:
        raise click.ClickException(f"{output}：无法写入（{exc.strerror or exc}）") from exc
    click.echo(f"已导出地区 {region.name}（{region.code}）的数据 → {output}")
