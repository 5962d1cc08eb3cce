"""``planwatch report annual|tables|evaluation|compare``: the monitoring and evaluation reports;
``planwatch report purge``: delete expired generated report files (retention).

Batch mode (no database), like ``assess``: ``--plan PLAN.json --data OBS.csv [--regions TREE.csv]``.
Database mode (without --plan/--data): ``--plan-id ID`` and the region's 行政区划代码; approved data only.
The output format follows the suffix of ``-o`` (.docx or .pdf; tables: .xlsx).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from planwatch.assessment.io import MAX_LISTED

DOC_SUFFIXES = {".docx": "docx", ".pdf": "pdf"}
PATH = click.Path(path_type=Path)  # existence and kind are checked here, with Chinese messages


@click.group()
def report() -> None:
    """监测评估报告：年度统计监测报告、数据报表、中期/终期评估报告、比较报告。"""


def register(cli: click.Group) -> None:
    cli.add_command(report)


def source_options(f):
    for opt in reversed([
        click.option("--plan", "plan_json", type=PATH, help="批处理：规划 JSON（plan parse --json 的输出）"),
        click.option("--data", "data_csv", type=PATH, help="批处理：监测数据 CSV（同 assess）"),
        click.option("--regions", "regions_csv", type=PATH, help="批处理：地区表 CSV（code,parent[,name,level]），给出时向上级汇总"),
        click.option("--plan-no", type=click.IntRange(1), help="批处理：PLAN.json 含多个规划时选第几个"),
        click.option("--plan-id", type=int, help="数据库模式：规划编号"),
        click.option("--year", type=click.IntRange(1949, 2100), required=True, help="报告年份"),
        click.option("--output", "-o", type=PATH, required=True, help="输出文件"),
        click.option("--strict", is_flag=True, help="批处理：数据有被跳过的行时不生成报告，以状态 1 退出"),
    ]):  # fmt: skip
        f = opt(f)
    return f


def output_format(output: Path, allowed: dict[str, str]) -> str:
    fmt = allowed.get(output.suffix.lower())
    if fmt is None:
        raise click.UsageError(f"输出文件 {output} 的扩展名应为 {' 或 '.join(allowed)}")
    if output.is_dir():
        raise click.ClickException(f"无法写入 {output}：是目录")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise click.ClickException(f"无法写入 {output}：目录 {parent} 不存在")
    if not os.access(parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise click.ClickException(f"无法写入 {output}：没有写权限")
    return fmt


def write_output(output: Path, content: bytes) -> None:
    try:
        output.write_bytes(content)
    except OSError as exc:
        raise click.ClickException(f"无法写入 {output}：{exc.strerror or exc}") from None
    click.echo(f"已生成 {output}（{len(content) / 1024:,.0f} KB）", err=True)


def batch_input(plan_json, data_csv, regions_csv, plan_no, strict):
    from planwatch.reports.batch import load

    if bool(plan_json) != bool(data_csv):
        raise click.UsageError("批处理模式需要同时给出 --plan 和 --data")
    b = load(plan_json, data_csv, regions_csv, plan_no)
    if b.problems:
        for p in b.problems[:MAX_LISTED]:
            click.echo(f"{data_csv}：{p}", err=True)
        if len(b.problems) > MAX_LISTED:
            click.echo(f"{data_csv}：另有 {len(b.problems) - MAX_LISTED} 行有问题未逐条列出", err=True)
        if strict:
            raise click.ClickException(
                f"{data_csv}：有 {len(b.problems)} 行数据有问题，未生成报告（--strict）"
            )
        click.echo(f"{data_csv}：共跳过 {len(b.problems)} 行有问题的数据，其余数据已用于报告", err=True)
    return b


def build(builder, data, **kwargs) -> bytes:
    """Run a builder with a progress bar on the terminal (stderr)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal) as bar:  # fmt: skip
        task = bar.add_task("生成报告", total=1.0)
        return builder(data, progress=lambda f, msg: bar.update(task, completed=f, description=msg), **kwargs)


def run(fn):
    """Turn the builders' and loaders' Chinese errors into click errors (exit status 1, no traceback)."""
    from planwatch.reports.inputs import ReportInputError
    from planwatch.reports.pdf import PdfError

    try:
        return fn()
    except (ReportInputError, PdfError) as exc:
        raise click.ClickException(str(exc)) from None


def db_plan_region(plan_id, region_code):
    from ._django import region_or_exit, setup_django

    if plan_id is None:
        raise click.UsageError("请给出 --plan-id（数据库模式）或 --plan 与 --data（批处理模式）")
    setup_django(migrate=True)
    from planwatch.apps.plans.models import Plan

    plan = Plan.objects.filter(pk=plan_id).select_related("region").first()
    if plan is None:
        raise click.ClickException(f"规划 {plan_id} 不存在")
    return plan, region_or_exit(region_code) or plan.region


def _annual_like(
    kind, plan_json, data_csv, regions_csv, plan_no, plan_id, region, year, output, strict, **texts
):
    from planwatch.reports.model import AnnualReportData, EvaluationReportData

    allowed = {".xlsx": "xlsx"} if kind == "tables" else DOC_SUFFIXES
    fmt = output_format(output, allowed)
    evaluation = kind == "evaluation"
    if plan_json or data_csv:
        from planwatch.reports import batch

        if not region:
            raise click.UsageError("批处理模式需要 --region（数据中的地区代码）")
        b = run(lambda: batch_input(plan_json, data_csv, regions_csv, plan_no, strict))
        cls = EvaluationReportData if evaluation else AnnualReportData
        data = run(lambda: batch.annual(b, region, year, cls=cls, strategies=evaluation, **texts))
    else:
        plan, reg = db_plan_region(plan_id, region)  # sets Django up: the app modules are imported after it
        from planwatch.apps.reports import collect

        if evaluation:
            from planwatch.apps.reports.services import current_drafts

            # the evaluation group's drafts saved in the web interface, unless a file is given for a section
            drafts = {**current_drafts(plan, reg, year), **{k: v for k, v in texts.items() if v}}
            data = run(lambda: collect.evaluation_data(plan, reg, year, drafts=drafts))
        else:
            data = run(lambda: collect.annual_data(plan, reg, year))
    from planwatch import reports

    if kind == "tables":
        content = run(lambda: build(reports.build_data_tables, data))
    else:
        builder = reports.build_evaluation_report if evaluation else reports.build_annual_report
        content = run(lambda: build(builder, data, fmt=fmt))
    write_output(output, content)


@report.command("annual")
@source_options
@click.option("--region", help="地区：批处理为数据中的地区代码，数据库模式为行政区划代码（默认规划所属地区）")
def annual_cmd(**kw) -> None:
    """年度统计监测报告（.docx 或 .pdf）。"""
    _annual_like("annual", **kw)


@report.command("tables")
@source_options
@click.option("--region", help="地区：批处理为数据中的地区代码，数据库模式为行政区划代码（默认规划所属地区）")
def tables_cmd(**kw) -> None:
    """数据报表（.xlsx）：每个领域一张表，每个指标 × 年份 × 分组，另附统计资料表。"""
    _annual_like("tables", **kw)


def _text_file(path: Path | None, what: str) -> str:
    if path is None:
        return ""
    from planwatch.textcodec import decode_csv

    if path.is_dir():
        raise click.ClickException(f"{path}：是目录，不是{what}文件")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise click.ClickException(f"{path}：{what}文件不存在") from None
    except OSError as exc:
        raise click.ClickException(f"{path}：无法读取{what}文件（{exc.strerror or exc}）") from None
    if len(data) > 2**20:
        raise click.ClickException(f"{path}：{what}文件超过 1 MB")
    text = decode_csv(data)
    if text is None:
        raise click.ClickException(f"{path}：无法识别{what}文件的编码（应为 UTF-8 或 GBK 文本）")
    return text


@report.command("evaluation")
@source_options
@click.option("--region", help="地区：批处理为数据中的地区代码，数据库模式为行政区划代码（默认规划所属地区）")
@click.option("--problems", type=PATH, help="存在的问题（文本文件，评估组撰写）")
@click.option("--recommendations", type=PATH, help="对策建议（文本文件）")
@click.option("--experience", type=PATH, help="主要经验（文本文件）")
def evaluation_cmd(problems, recommendations, experience, **kw) -> None:
    """中期（2025年）/终期（2030年）评估报告（.docx 或 .pdf）。"""
    texts = {"problems": _text_file(problems, "存在的问题"), "recommendations": _text_file(recommendations, "对策建议"),
             "experience": _text_file(experience, "主要经验")}  # fmt: skip
    _annual_like("evaluation", **kw, **texts)


@report.command("compare")
@source_options
@click.option("--parent", required=True, help="上级地区：批处理为地区表中的代码，数据库模式为行政区划代码")
@click.option(
    "--level", help="比较的下级层级：city、county、town（数据库模式必填；批处理按地区表的 level 列）"
)
@click.option("--indicator", "indicators", multiple=True,
              help="比较的指标：批处理为指标名称，数据库模式为指标编号；可重复，默认全部")  # fmt: skip
def compare_cmd(
    parent, level, indicators, plan_json, data_csv, regions_csv, plan_no, plan_id, year, output, strict
):
    """比较报告：同一层级各地区在所选指标上的排名、与目标差距、性别差距。"""
    fmt = output_format(output, DOC_SUFFIXES)
    if plan_json or data_csv:
        from planwatch.reports import batch

        b = run(lambda: batch_input(plan_json, data_csv, regions_csv, plan_no, strict))
        data = run(lambda: batch.comparison(b, parent, year, list(indicators), level))
    else:
        plan, parent_region = db_plan_region(plan_id, parent)  # sets Django up before the app modules load
        from planwatch.apps.reports import collect

        if not level:
            raise click.UsageError("数据库模式需要 --level（city、county 或 town）")
        try:
            ids = [int(i) for i in indicators] or list(plan.indicators.values_list("pk", flat=True))
        except ValueError:
            raise click.BadParameter(
                "数据库模式下 --indicator 应为指标编号（整数）", param_hint="--indicator"
            ) from None
        data = run(lambda: collect.comparison_data(plan, parent_region, level, year, ids))
    from planwatch import reports

    write_output(output, run(lambda: build(reports.build_comparison_report, data, fmt=fmt)))


@report.command("purge")
@click.option("--dry-run", is_flag=True, help="只列出将被清理的报告文件，不删除")
@click.option("--days", type=click.IntRange(1), default=None,
              help="保留天数（默认取 PLANWATCH_REPORT_RETENTION_DAYS，未设置时 30 天）")  # fmt: skip
def purge_cmd(dry_run: bool, days: int | None) -> None:
    """清理过期的报告生成文件：任务完成超过保留天数的文件被删除（已发布的报告从不删除），写入审计日志。"""
    from ._django import setup_django

    setup_django(migrate=True)
    from django.template.defaultfilters import filesizeformat

    from planwatch.apps.reports.retention import RetentionError, purge_reports

    try:
        result = purge_reports(days=days, dry_run=dry_run)
    except RetentionError as exc:
        raise click.ClickException(str(exc)) from exc
    for job in result.jobs[:MAX_LISTED]:
        click.echo(f"  #{job.pk} {job.region.name}{job.title}（{job.get_format_display()}）"
                   f"{job.finished_at:%Y-%m-%d} 完成 {job.file}")  # fmt: skip
    if len(result.jobs) > MAX_LISTED:
        click.echo(f"  … 另有 {len(result.jobs) - MAX_LISTED} 份")
    verb = "将清理" if dry_run else "已清理"
    gone = f"（其中 {result.missing} 个文件已不在磁盘上）" if result.missing else ""
    folders = f"，{len(result.orphans)} 个已删除任务遗留的目录" if result.orphans else ""
    click.echo(f"{verb} {result.cutoff:%Y-%m-%d} 前完成（保留 {result.days} 天）的报告文件 {len(result.jobs)} 个{gone}，"
               f"共 {filesizeformat(result.bytes)}{folders}。已发布的报告不受影响。")  # fmt: skip
    if dry_run:
        click.echo("（试运行：没有删除任何文件）")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(report())
