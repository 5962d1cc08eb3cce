"""``planwatch plan import FILE…``: parse plan documents and store them, all-or-nothing per document."""

from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ._django import region_or_exit, setup_django
from .plan import plan

KIND_LABELS = {
    "numeric_min": "下限",
    "numeric_max": "上限",
    "numeric_exact": "定值",
    "approx": "左右",
    "ratio": "比例",
    "direction_up": "提高",
    "direction_down": "降低",
    "maintain": "保持",
    "relative": "相对",
    "qualitative": "定性",
}


@plan.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--region", "region_code", help="行政区划代码：文档中的地区无法识别时指定")
@click.option("--replace", is_flag=True, help="替换已导入的同一规划（已有监测数据的规划不能替换）")
@click.option("--activate", is_flag=True, help="导入后直接设为生效（默认为草稿，待审核）")
def import_plans(files: tuple[Path, ...], region_code: str | None, replace: bool, activate: bool) -> None:
    """解析规划文件并导入数据库（每个文件要么全部导入，要么不导入）。"""
    setup_django(migrate=True)
    from planwatch.apps.plans.importing import ImportRefused, file_digest, import_document
    from planwatch.apps.review.services import keep_source
    from planwatch.parsing.document import parse_document
    from planwatch.parsing.errors import ParseError

    console = Console(stderr=True, soft_wrap=True)  # soft wrap: file names and messages stay on one line
    region = region_or_exit(region_code)

    table = Table(title="规划导入结果")
    for col in ("文件", "规划", "领域", "目标", "指标", "按目标类型"):
        table.add_column(col)
    failures = 0
    with Progress(
        TextColumn("[bold]导入[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=len(files) < 2,
    ) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            try:
                data = path.read_bytes()
                doc = parse_document(data, filename=path.name)
                result = import_document(
                    doc, digest=file_digest(data), region=region, replace=replace, activate=activate
                )
            except FileNotFoundError:
                failures += 1
                console.print(f"[red]错误[/red] {path}：文件不存在")
            except (ParseError, ImportRefused) as exc:
                failures += 1
                # Parser and importer messages already start with the file name; print it once.
                message = str(exc)
                prefix = "" if message.startswith(f"{path.name}：") else f"{path.name}："
                console.print(f"[red]错误[/red] {prefix}{message}")
            else:
                if not result.skipped and result.plans:  # the review page shows the source beside
                    keep_source(result.plans, result.plans[0].region, path.name, data)
                if result.skipped:
                    console.print(f"[yellow]跳过[/yellow] {path.name}：{result.skipped}")
                for warning in result.warnings:
                    console.print(f"[yellow]提示[/yellow] {path.name}：{warning}")
                for p in result.plans:
                    kinds = Counter(p.indicators.values_list("target_kind", flat=True))
                    table.add_row(
                        path.name,
                        p.title,
                        str(p.areas.count()),
                        str(sum(a.goals.count() for a in p.areas.all())),
                        str(sum(kinds.values())),
                        "，".join(f"{KIND_LABELS.get(k, k)}{n}" for k, n in kinds.most_common()),
                    )
            progress.advance(task)
    if table.row_count:
        Console(soft_wrap=True).print(table)
    if failures:
        raise click.ClickException(f"{failures} 个文件未导入（见上方错误）")
