"""``planwatch regions …``: the register of administrative regions (行政区划) that plans and data belong to."""

from pathlib import Path

import click

from ._django import setup_django


@click.group()
def regions() -> None:
    """行政区划登记 (regions: nation → province → city → county → town)."""


@regions.command("load")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
def load(file: Path) -> None:
    """从 CSV 导入/更新行政区划（列：code,name,level,parent_code）。整个文件要么全部导入，要么不导入。"""
    setup_django(migrate=True)
    from planwatch.apps.regions.gazetteer import GazetteerError, load_regions

    try:
        n = load_regions(file)
    except GazetteerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已导入 {n} 个行政区划")


@regions.command("list")
@click.option(
    "--level", type=click.Choice(["nation", "province", "city", "county", "town"]), help="只列出该级别"
)
def list_regions(level: str | None) -> None:
    """列出已登记的行政区划。"""
    setup_django(migrate=True)
    from rich.console import Console
    from rich.table import Table

    from planwatch.apps.regions.gazetteer import ensure_regions
    from planwatch.apps.regions.models import Region

    ensure_regions()
    table = Table(title="行政区划")
    for col in ("代码", "名称", "级别", "上级"):
        table.add_column(col)
    qs = Region.objects.select_related("parent").order_by("code")
    if level:
        qs = qs.filter(level=level)
    for r in qs:
        table.add_row(r.code, r.name, r.get_level_display(), r.parent.name if r.parent else "")
    Console().print(table)


def register(cli: click.Group) -> None:
    cli.add_command(regions)
