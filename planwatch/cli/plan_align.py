"""``planwatch plan align CHILD PARENT`` and ``planwatch plan registry``: alignment between levels (规划衔接)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from ._django import region_or_exit, setup_django
from .plan import plan

NATIONAL = ("national-women", "national-children")


def _is_db_id(ref: str) -> bool:
    return ref.isdigit()


def _load_side(ref: str, population: str | None, label: str):
    """(targets, unsure, title, population) of a plan id, a PLAN.json file or a national outline."""
    from planwatch.dictionary.alignment import load_outlines
    from planwatch.dictionary.entries import default_dictionary
    from planwatch.dictionary.errors import AlignmentInputError
    from planwatch.dictionary.matching import Matcher
    from planwatch.dictionary.plans import plan_of, read_plan_json, targets_from_parsed

    if ref in NATIONAL:
        outline = load_outlines(dictionary=default_dictionary())[ref]
        return outline.targets, [], outline.title, outline.population
    if _is_db_id(ref):
        setup_django(migrate=True)
        from planwatch.apps.dictionary.alignment import targets_from_plan
        from planwatch.apps.plans.models import Plan

        stored = Plan.objects.select_related("region").filter(pk=int(ref)).first()
        if stored is None:
            raise AlignmentInputError(f"{label}：规划编号 {ref} 不存在")
        targets, unsure = targets_from_plan(stored)
        return targets, unsure, f"{stored.region.name} {stored.title}", stored.population
    path = Path(ref)
    if not path.suffix.lower() == ".json" and not path.exists():
        raise AlignmentInputError(
            f"{label}：「{ref}」既不是规划编号，也不是存在的 PLAN.json 文件，也不是 {' / '.join(NATIONAL)}"
        )
    doc = read_plan_json(path)
    parsed = plan_of(doc, population, f"{label} {path.name}")
    targets, unsure = targets_from_parsed(parsed, Matcher(default_dictionary()))
    return targets, unsure, f"{doc.region or ''} {parsed.title}".strip(), parsed.population


@plan.command("align")
@click.argument("child")
@click.argument("parent")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option(
    "--population",
    type=click.Choice(["women", "children"]),
    help="PLAN.json 含妇女和儿童两个规划时选择其一（默认按另一方的人群）",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="写入文件（默认输出到屏幕）"
)
def align_cmd(child: str, parent: str, fmt: str, population: str | None, output: Path | None) -> None:
    """逐项比较下级规划（CHILD）与上级规划（PARENT）的目标：弱于 / 一致 / 强于 / 下级缺少 / 仅下级有。

    CHILD、PARENT 可以是数据库中的规划编号、planwatch plan parse --json 生成的 PLAN.json 文件，
    或 national-women / national-children（国家妇女/儿童发展纲要 2030 年目标）。
    """
    from planwatch.dictionary.alignment import CSV_COLUMNS, STATUS_LABELS, align
    from planwatch.dictionary.entries import default_dictionary
    from planwatch.dictionary.errors import AlignmentInputError, DictionaryError

    try:
        dictionary = default_dictionary()
        # Resolve the side whose population is fixed first, so a two-plan PLAN.json can follow it.
        if parent in NATIONAL or _is_db_id(parent):
            p_targets, p_unsure, p_title, p_pop = _load_side(parent, population, "上级")
            c_targets, c_unsure, c_title, c_pop = _load_side(child, population or p_pop, "下级")
        else:
            c_targets, c_unsure, c_title, c_pop = _load_side(child, population, "下级")
            p_targets, p_unsure, p_title, p_pop = _load_side(parent, population or c_pop, "上级")
    except (AlignmentInputError, DictionaryError) as exc:
        raise click.ClickException(str(exc)) from exc
    if c_pop != p_pop:
        raise click.ClickException(f"下级为{_pop(c_pop)}规划，上级为{_pop(p_pop)}规划，人群不同不能比较")
    report = align(c_targets, p_targets, dictionary, child_label=c_title, parent_label=p_title)
    unsure = c_unsure
    if fmt == "json":
        data = report.to_json() | {"unconfirmed_links": unsure}
        text = json.dumps(data, ensure_ascii=False, indent=2)
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in report.to_json()["rows"]:
            writer.writerow(row | {"other_statements": "；".join(row["other_statements"])})
        text = buf.getvalue()
    else:
        text = _table(report, unsure)
    if output:
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        click.echo(f"已写入 {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
    counts = report.counts()
    summary = "，".join(f"{STATUS_LABELS[k]} {v}" for k, v in counts.items())
    click.echo(f"{c_title} ↔ {p_title}：{summary}", err=True)


def _pop(p: str) -> str:
    return "妇女" if p == "women" else "儿童"


def _table(report, unsure: list[str]) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"规划衔接：{report.child} ↔ {report.parent}")
    for col in ("编码", "指标", "结论", "下级目标", "上级目标", "说明"):
        table.add_column(col)
    styles = {"weaker": "red", "missing_in_child": "yellow", "stronger": "green"}
    for r in report.rows:
        table.add_row(
            r.code,
            r.standard_name
            if r.child_name in ("", r.standard_name)
            else f"{r.standard_name}\n（{r.child_name}）",
            f"[{styles.get(r.status, 'default')}]{r.status_label}[/]",
            "\n".join([r.child_target, *(f"另有：{o}" for o in r.other_statements)]),
            r.parent_target,
            r.reason,
        )
    console = Console(record=True, width=160, file=io.StringIO())
    console.print(table)
    if unsure:
        console.print("字典关联待确认、未参与比较：" + "；".join(unsure))
    pending = {u.split("（建议", 1)[0] for u in unsure}
    unlinked = [n for n in report.unlinked if n not in pending]
    if unlinked:
        console.print(f"未关联字典的下级指标 {len(unlinked)} 项：" + "、".join(unlinked))
    return console.export_text()


@plan.command("registry")
@click.option("--region", "region_code", help="行政区划代码：只看该地区及其下级")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def registry_cmd(region_code: str | None, fmt: str) -> None:
    """规划备案：各地区、各级已有哪些规划，下级地区是否在上级规划印发后一个月内制定了本级规划。"""
    setup_django(migrate=True)
    from rich.console import Console
    from rich.table import Table

    from planwatch.apps.dictionary.registry import plan_registry

    region = region_or_exit(region_code)
    rows = plan_registry(region)
    if fmt == "json":
        data = [
            {
                "region": r.plan.region.code,
                "region_name": r.plan.region.name,
                "level": r.plan.region.level,
                "plan_id": r.plan.pk,
                "title": r.plan.title,
                "population": r.plan.population,
                "period": [r.plan.period_start, r.plan.period_end],
                "issued_date": r.plan.issued_date.isoformat() if r.plan.issued_date else None,
                "deadline": r.deadline.isoformat() if r.deadline else None,
                "subregions": [
                    {
                        "region": s.region.code,
                        "region_name": s.region.name,
                        "status": s.status,
                        "status_label": s.label,
                        "plan_id": s.plan.pk if s.plan else None,
                        "issued_date": s.plan.issued_date.isoformat()
                        if s.plan and s.plan.issued_date
                        else None,
                        "days_after": s.days_after,
                    }
                    for s in r.subregions
                ],
            }
            for r in rows
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("没有已导入的规划。")
        return
    table = Table(title="规划备案")
    for col in ("编号", "地区", "级别", "规划", "规划期", "印发日期", "下级截止", "下级情况"):
        table.add_column(col)
    for r in rows:
        subs = "；".join(
            f"{s.region.name}：{s.label}"
            + (f"（{s.plan.issued_date}）" if s.plan and s.plan.issued_date else "")
            for s in r.subregions
        )
        table.add_row(
            str(r.plan.pk),
            r.plan.region.name,
            r.plan.region.get_level_display(),
            r.plan.title,
            f"{r.plan.period_start}—{r.plan.period_end}",
            str(r.plan.issued_date or "不详"),
            str(r.deadline or ""),
            subs or "（无下级地区）",
        )
    Console().print(table)


def register(cli: click.Group) -> None:  # the commands attach to the ``plan`` group on import
    pass
