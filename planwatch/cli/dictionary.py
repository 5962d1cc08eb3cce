"""``planwatch dictionary …``: check the curated indicator dictionary, show an entry, link plans to it."""

from __future__ import annotations

from pathlib import Path

import click

from ._django import setup_django


@click.group()
def dictionary() -> None:
    """指标字典 (indicator dictionary): 校验、查看、关联规划指标。"""


@dictionary.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    help="字典目录（默认 data/dictionary）",
)
def check(directory: Path | None) -> None:
    """校验字典文件：YAML 格式、必填字段、编码唯一、单位与方向合法、名称不重复，以及国家纲要目标的编码。"""
    from planwatch.dictionary.alignment import load_outlines
    from planwatch.dictionary.entries import DEFAULT_DIR, load_dictionary
    from planwatch.dictionary.errors import AlignmentInputError, DictionaryError

    directory = directory or DEFAULT_DIR
    try:
        d = load_dictionary(directory)
        outlines_file = directory / "national_outline_targets.yaml"
        outlines = load_outlines(outlines_file, dictionary=d) if outlines_file.exists() else {}
    except (DictionaryError, AlignmentInputError) as exc:
        raise click.ClickException(str(exc)) from exc
    by_pop: dict[str, int] = {}
    for e in d.entries:
        by_pop[e.population] = by_pop.get(e.population, 0) + 1
    synonyms = sum(len(e.synonyms) for e in d.entries)
    click.echo(
        f"字典校验通过：{len(d)} 个条目（妇女 {by_pop.get('women', 0)}，儿童 {by_pop.get('children', 0)}），"
        f"同义名称 {synonyms} 个；国家纲要目标 {sum(len(o.targets) for o in outlines.values())} 条"
    )


@dictionary.command("show")
@click.argument("code")
def show(code: str) -> None:
    """显示一个字典条目（编码如 W-HEA-03）及国家纲要的 2030 年目标。"""
    from planwatch.dictionary.alignment import load_outlines
    from planwatch.dictionary.entries import default_dictionary
    from planwatch.dictionary.errors import DictionaryError
    from planwatch.domain.units import QUANTITIES

    try:
        d = default_dictionary()
    except DictionaryError as exc:
        raise click.ClickException(str(exc)) from exc
    entry = d.get(code.strip().upper())
    if entry is None:
        near = [e.code for e in d.entries if e.code.startswith(code.strip().upper()[:5])][:8]
        hint = f"；相近编码：{'、'.join(near)}" if near else ""
        raise click.ClickException(f"字典中没有编码「{code}」{hint}")
    direction = {"higher_is_better": "越高越好", "lower_is_better": "越低越好", "neutral": "适度"}[
        entry.direction
    ]
    lines = [
        f"{entry.code}  {entry.name}",
        f"  人群/领域：{'妇女' if entry.population == 'women' else '儿童'} · {entry.area}",
        f"  定义：{entry.definition}",
        f"  单位：{entry.unit or '（无）'}（{QUANTITIES.get(entry.unit_family, entry.unit_family)}）",
        f"  方向：{direction}",
        f"  同义名称：{'、'.join(entry.synonyms) or '（无）'}",
        f"  常用分组：{'、'.join(entry.disaggregations) or '（无）'}",
        f"  责任部门类型：{'、'.join(entry.departments) or '（无）'}",
    ]
    if entry.retired:
        lines.append("  （已停用）")
    for outline in load_outlines(dictionary=d).values():
        for t in outline.targets:
            if t.code == entry.code:
                lines.append(f"  {outline.title}：{t.text}")
    click.echo("\n".join(lines))


@dictionary.command("match")
@click.option("--plan", "plan_ids", multiple=True, type=int, help="规划编号（可多次给出）")
@click.option("--all", "all_plans", is_flag=True, help="所有已导入的规划")
@click.option(
    "--threshold",
    type=click.FloatRange(0.5, 1.0),
    default=None,
    help="自动接受的置信度阈值（默认 0.85）",
)
def match(plan_ids: tuple[int, ...], all_plans: bool, threshold: float | None) -> None:
    """把规划指标关联到字典条目（可重复运行；人工确认过的关联保持不变）。"""
    if not plan_ids and not all_plans:
        raise click.UsageError("请用 --plan 编号 指定规划，或用 --all 处理全部规划")
    setup_django(migrate=True)
    from rich.console import Console
    from rich.table import Table

    from planwatch.apps.dictionary.services import link_plan
    from planwatch.apps.plans.models import Plan
    from planwatch.dictionary.matching import AUTO_ACCEPT

    plans = list(Plan.objects.select_related("region").order_by("pk"))
    if not all_plans:
        known = {p.pk: p for p in plans}
        missing = [str(i) for i in plan_ids if i not in known]
        if missing:
            raise click.ClickException(
                f"规划编号 {'、'.join(missing)} 不存在（planwatch plan registry 可查看已导入的规划及编号）"
            )
        plans = [known[i] for i in plan_ids]
    if not plans:
        raise click.ClickException("数据库中还没有规划；请先用 planwatch plan import 导入")
    table = Table(title="指标字典关联")
    for col in ("编号", "地区", "规划", "指标", "自动关联", "沿用人工确认", "待确认", "未找到"):
        table.add_column(col)
    review = 0
    for plan in plans:
        s = link_plan(plan, auto_accept=threshold or AUTO_ACCEPT)
        if s.warning:
            click.echo(f"提示：{s.warning}", err=True)
        review += s.needs_review + s.unmatched
        table.add_row(
            str(plan.pk),
            plan.region.name,
            plan.title,
            str(s.total),
            str(s.auto_accepted),
            str(s.kept + s.restored),
            str(s.needs_review),
            str(s.unmatched),
        )
    Console().print(table)
    if review:
        click.echo(
            f"有 {review} 项指标需人工确认：在网页「指标关联审核」（/dictionary/plans/<编号>/review/）处理"
        )


@dictionary.command("export-user")
@click.option("--population", type=click.Choice(["women", "children"]), required=True, help="人群")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="输出文件（默认屏幕）")
def export_user(population: str, output: Path | None) -> None:
    """导出审核时新建的字典条目（仅存于数据库），格式同字典文件，供复核后并入 data/dictionary/。"""
    setup_django(migrate=True)
    from planwatch.apps.dictionary.services import user_entries_yaml

    text, count = user_entries_yaml(population)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{output}：无法写入（{exc.strerror}）") from exc
    label = "妇女" if population == "women" else "儿童"
    click.echo(
        f"已导出{label}人群审核时新建的条目 {count} 条" if count else f"没有{label}人群审核时新建的条目",
        err=True,
    )


def register(cli: click.Group) -> None:
    cli.add_command(dictionary)
