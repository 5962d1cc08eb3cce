"""``planwatch assess``: assess indicators against their targets.

Batch mode (no database): ``planwatch assess --plan PLAN.json --data OBS.csv [--regions REGIONS.csv]
[--year Y] --format csv|json``. Database mode (without --plan/--data): reads plans, observations and regions
from the database, optionally stores the results as a new assessment run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planwatch.assessment.io import MAX_LISTED


@click.command("assess")
@click.option(
    "--plan",
    "plan_json",
    type=click.Path(path_type=Path, dir_okay=False),
    help="规划 JSON（plan parse --json 的输出）",
)
@click.option("--data", "data_csv", type=click.Path(path_type=Path, dir_okay=False), help="监测数据 CSV")
@click.option("--regions", "regions_csv", type=click.Path(path_type=Path, dir_okay=False),
              help="地区上下级 CSV（code,parent），给出时向上级汇总")  # fmt: skip
@click.option("--year", type=int, help="只输出该年份的结果")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "table"]),
    default="csv",
    show_default=True,
    help="输出格式：csv、json 或终端表格",
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="输出文件（默认标准输出）"
)
@click.option("--plan-id", type=int, help="数据库模式：只评估该规划")
@click.option("--region", "region_code", help="数据库模式：只输出该地区及其下级（行政区划代码）")
@click.option("--store/--no-store", default=True, show_default=True, help="数据库模式：保存为新的评估批次")
@click.option("--strict", is_flag=True, help="有被跳过的数据行时以状态 1 退出")
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="NAME=VALUE",
    help="修改评估阈值，如 --set near_band=0.1 --set outlier_z=3.5（参数名见 AssessConfig），可重复",
)
@click.option(
    "--summary", is_flag=True, help="输出按规划、领域、地区、年份、指标属性汇总的达标率，而不是逐行结果"
)
def assess_cmd(
    plan_json,
    data_csv,
    regions_csv,
    year,
    fmt,
    output,
    plan_id,
    region_code,
    store,
    strict,
    overrides,
    summary,
) -> None:
    """评估监测指标：达标状态、进展、趋势、预测与预警。"""
    if bool(plan_json) != bool(data_csv):
        raise click.UsageError("批处理模式需要同时给出 --plan 和 --data")
    config = _config(overrides)
    if plan_json:
        result, problems, specs = _batch(plan_json, data_csv, regions_csv, year, config)
    else:
        (result, specs), problems = _database(plan_id, region_code, year, store, config), []
    if result.height == 0:
        # an empty table alone looks like a crash or a success; say which input left nothing to assess
        where = f"{year}年" if year is not None else "数据中"
        click.echo(f"注意：{where}没有任何评估结果（没有该年份的有效数据，也没有该年应报的指标）", err=True)
    if summary:
        from planwatch.assessment.aggregate import status_shares

        result = status_shares(result, specs=specs) if result.height else result  # 措施目标 left out
    _emit(result, fmt, output, raw=summary)
    if problems:
        for p in problems[:MAX_LISTED]:
            click.echo(f"{data_csv}：{p}", err=True)
        if len(problems) > MAX_LISTED:
            click.echo(f"{data_csv}：另有 {len(problems) - MAX_LISTED} 行有问题未逐条列出", err=True)
        invalid = sum(p.cell is not None for p in problems)
        marked = f"（其中 {invalid} 行数值不可能，已在结果中标为「无效」）" if invalid else ""
        click.echo(f"{data_csv}：共跳过 {len(problems)} 行有问题的数据{marked}，其余数据已评估", err=True)
        if strict:
            sys.exit(1)


def _config(overrides: tuple[str, ...]):
    """AssessConfig with the --set NAME=VALUE overrides (numeric thresholds only)."""
    from planwatch.assessment.config import AssessConfig

    cfg = AssessConfig()
    values: dict[str, float | int] = {}
    for item in overrides:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise click.BadParameter(f"「{item}」应写成 参数名=数值", param_hint="--set")
        current = getattr(cfg, name, None)
        if name not in cfg.__dataclass_fields__ or not isinstance(current, (int, float)):
            numeric = sorted(k for k in cfg.__dataclass_fields__ if isinstance(getattr(cfg, k), (int, float)))
            raise click.BadParameter(
                f"未知的评估参数「{name}」，可用：{'、'.join(numeric)}", param_hint="--set"
            )
        try:
            number = int(text) if isinstance(current, int) else float(text)
        except ValueError:
            raise click.BadParameter(f"参数 {name} 的值「{text}」不是数字", param_hint="--set") from None
        if number != number or number < 0:
            raise click.BadParameter(f"参数 {name} 的值 {text} 不能为负数或非数", param_hint="--set")
        values[name] = number
    return cfg.with_overrides(**values)


def _batch(plan_json: Path, data_csv: Path, regions_csv: Path | None, year: int | None, config=None):
    from planwatch.assessment import assess
    from planwatch.assessment.baselines import with_plan_baselines
    from planwatch.assessment.due import with_unreported_indicators
    from planwatch.assessment.io import InputError, mark_invalid, read_observations, read_plan, read_regions

    try:
        plan = read_plan(plan_json)
        regions = read_regions(regions_csv) if regions_csv else None
        known = set(regions["code"].to_list()) if regions is not None else None
        obs, problems = read_observations(data_csv, plan, known)
        obs = with_unreported_indicators(with_plan_baselines(obs, plan.specs, known), plan.specs, year, known)
        result = assess(plan.specs, obs, regions, year=year, config=config)
        result = mark_invalid(result, problems, plan, year)  # impossible values show as 无效 with the reason
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.ClickException(f"{data_csv}：{exc}") from exc
    return result, problems, plan.specs


def _database(plan_id: int | None, region_code: str | None, year: int | None, store: bool, config=None):
    from ._django import region_or_exit, setup_django

    setup_django(migrate=True)  # like every database command: an older database is brought up to date first
    from planwatch.apps.evaluation.services import NotMonitored, assess_all_plans, run_assessment
    from planwatch.apps.plans.models import Plan

    plan = region = None
    if plan_id is not None:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise click.ClickException(f"规划 {plan_id} 不存在")
    region = region_or_exit(region_code)
    if plan is not None:
        try:
            run, result = run_assessment(plan=plan, region=region, year=year, store=store, config=config)
        except NotMonitored as exc:
            raise click.ClickException(str(exc)) from None
        runs = [run] if run is not None else []
    else:  # every monitored plan: one stored run per plan, so that each plan's pages show it
        runs, result = assess_all_plans(region=region, year=year, store=store, config=config)
    from planwatch.domain.statuses import label

    for run in runs:
        counts = "，".join(f"{label(s)}{n}" for s, n in sorted(run.summary.items(), key=lambda kv: -kv[1]))
        click.echo(f"已保存评估批次 {run.pk}（{run.plan.title}）：{run.rows} 行（{counts}）", err=True)
    from planwatch.apps.evaluation.services import indicator_specs
    from planwatch.apps.plans.models import Indicator

    indicators = Indicator.objects.select_related("plan", "plan__region", "area")
    specs = indicator_specs(list(indicators.filter(plan=plan) if plan is not None else indicators))
    return result, specs


def _emit(result, fmt: str, output: Path | None, raw: bool = False) -> None:
    from planwatch.assessment.io import output_frame, write_result

    if raw and fmt == "table" and result.height:  # the summary as a terminal table
        cols = ["area", "region", "year", "attribute", "indicators", "met", "near", "not_met", "no_data",
                "not_assessable", "met_share"]  # fmt: skip
        _print_table(result, cols, output)
        return
    if raw:  # a summary table: print as is
        text = result.write_csv() if fmt != "json" else result.write_json()
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text)
        return
    if fmt == "table":
        cols = [
            "indicator",
            "region",
            "year",
            "sex",
            "value",
            "status",
            "target",
            "milestone_status",
            "progress",
            "warnings",
        ]
        _print_table(output_frame(result) if result.height else result, cols, output)
        return
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            write_result(result, fmt, fh)
    else:
        write_result(result, fmt, sys.stdout)


def _print_table(frame, cols: list[str], output: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    present = [c for c in cols if c in frame.columns]
    for c in present:
        table.add_column(c)
    for r in frame.select(present).iter_rows() if present else []:
        table.add_row(*("" if x is None else str(x) for x in r))
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            Console(file=fh, width=200).print(table)
    else:
        Console(width=None if sys.stdout.isatty() else 200).print(table)


def register(cli: click.Group) -> None:
    cli.add_command(assess_cmd)
