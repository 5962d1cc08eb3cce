"""``planwatch plan parse FILE [--json]``: parse one plan document and show what was read (no database)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from .plan import plan


@plan.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="输出完整的解析结果 JSON（结构见 README“解析结果 JSON”）"
)
def parse_plan(file: Path, as_json: bool) -> None:
    """解析规划文件（.txt/.docx/.pdf/.html），输出规划、领域、目标和指标。"""
    from planwatch.parsing.document import parse_document
    from planwatch.parsing.errors import ParseError
    from planwatch.parsing.model import to_json

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{file}：无法读取文件（{_os_reason(exc)}）") from exc
    try:
        doc = parse_document(data, file.name)
    except ParseError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(to_json(doc), ensure_ascii=False, indent=2))
        return
    _summary(doc)


def _os_reason(exc: OSError) -> str:
    """The operating system's reason in Chinese (its own strerror is English: "No such file or directory")."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return exc.strerror or str(exc)


def _summary(doc) -> None:  # noqa: ANN001 - model.Document, imported lazily
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout)
    meta = [
        ("地区", doc.region),
        ("发布机关", doc.issuer),
        ("成文日期", doc.issued_date),
        ("发文字号", doc.doc_number),
        ("索引号", doc.index_number),
    ]
    console.print(f"[bold]{doc.source or '文档'}[/bold]")
    for label, value in meta:
        console.print(f"  {label}：{value or '—'}")
    for w in doc.warnings:
        console.print(f"  [yellow]提示：{w}[/yellow]")
    for p in doc.plans:
        population = {"women": "妇女", "children": "儿童"}.get(p.population, p.population)
        console.print(f"\n[bold]{p.title}[/bold]（{population}，{p.period[0]}—{p.period[1]}）")
        goals = sum(len(a.goals) for a in p.areas)
        strategies = sum(len(a.strategies) for a in p.areas)
        console.print(
            f"  领域 {len(p.areas)} 个，主要目标 {goals} 条，策略措施 {strategies} 条，"
            f"重点项目 {len(p.projects)} 个，指标 {len(p.indicators)} 个"
            f"（专栏表 {sum(i.origin == 'table' for i in p.indicators)}，目标语句 {sum(i.origin == 'goal' for i in p.indicators)}）"
        )
        kinds = Counter(i.target.kind for i in p.indicators)
        if kinds:
            console.print("  目标类型：" + "，".join(f"{k} {n}" for k, n in kinds.most_common()))
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in ("行", "领域", "指标", "目标", "类型", "基线"):
            table.add_column(col, overflow="fold")  # wrap long Chinese names instead of cutting them
        for i in p.indicators:
            t = i.target
            value = "" if t.value is None else f"{t.comparator or ''}{t.value:g} {i.unit}".strip()
            base = f"{i.baseline.year}年 {i.baseline.value:g}" if i.baseline else ""
            table.add_row(str(i.line or ""), i.area or "", i.name, value or t.text, t.kind, base)
        console.print(table)
        for w in p.warnings:
            console.print(f"  [yellow]提示：{w}[/yellow]")


def register(cli: click.Group) -> None:  # the command attaches to the ``plan`` group on import
    pass
