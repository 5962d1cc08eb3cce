"""``planwatch data …``: reporting rounds, task workbooks and imports for batch users."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ._django import region_or_exit, setup_django


@click.group()
def data() -> None:
    """年度数据报送：轮次、填报模板、导入 (annual data reporting)."""


def register(cli: click.Group) -> None:
    cli.add_command(data)


def _user(username: str | None):
    if not username:
        return None
    from django.contrib.auth.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise click.ClickException(f"用户 {username} 不存在")
    return user


def _print_problems(failure) -> None:
    """At most MAX_PROBLEMS lines, then how many more were found (a bad file of two million rows must not
    print two million lines)."""
    click.echo(f"共 {failure.total} 处问题，未保存任何数据：", err=True)
    for p in failure.problems:
        click.echo(f"  - {p}", err=True)
    if failure.omitted:
        click.echo(f"  …… {failure.omitted_text}", err=True)


@data.command("open-round")
@click.option("--plan", "plan_id", type=int, required=True, help="规划编号")
@click.option("--year", type=int, required=True, help="数据年份")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), required=True, help="截止日期 YYYY-MM-DD")
@click.option("--region", "region_code", help="地区代码（默认：规划所属地区）")
@click.option("--subregions", is_flag=True, help="同时向下级地区下发任务")
@click.option("--user", "username", help="以该用户的名义开启（记入流转记录）")
def open_round_cmd(plan_id, year, deadline, region_code, subregions, username) -> None:
    """开启报送轮次，向各牵头单位下发任务。"""
    setup_django(migrate=True)
    from planwatch.apps.plans.models import Plan
    from planwatch.apps.reporting.services import WorkflowError, open_round

    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise click.ClickException(f"规划 {plan_id} 不存在")
    region = region_or_exit(region_code) or plan.region
    try:
        r = open_round(plan, region, year, deadline.date(), _user(username), include_subregions=subregions)
    except WorkflowError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已开启轮次 {r.pk}：{r}，截止 {r.deadline:%Y-%m-%d}，下发 {r.tasks.count()} 个任务")
    for t in r.tasks.all():
        click.echo(f"  任务 {t.pk}：{t.unit_name}")


@data.command("rounds")
def list_rounds() -> None:
    """列出报送轮次及各任务状态。"""
    setup_django(migrate=True)
    from planwatch.apps.reporting.models import Round

    for r in Round.objects.select_related("plan", "region"):
        late = "（已逾期）" if r.overdue else ""
        click.echo(f"轮次 {r.pk}：{r}，截止 {r.deadline:%Y-%m-%d}{late}")
        for t in r.tasks.select_related("department", "region"):
            click.echo(
                f"  任务 {t.pk}：{t.unit_name} — {t.get_status_display()}{' 逾期' if t.overdue else ''}"
            )


@data.command("template")
@click.option("--task", "task_id", type=int, help="任务编号")
@click.option("--round", "round_id", type=int, help="轮次编号（与 --department 一起使用）")
@click.option("--department", help="部门名称")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出文件（默认 任务编号-部门.xlsx）")
def template(task_id, round_id, department, output) -> None:
    """生成任务的 Excel 填报模板（已预填指标、单位、目标、上年值）。"""
    setup_django(migrate=True)
    from planwatch.apps.reporting.excel import build_template
    from planwatch.apps.reporting.models import Task

    if task_id:
        task = Task.objects.filter(pk=task_id).first()
    elif round_id and department:
        task = Task.objects.filter(round_id=round_id, department__name=department).first()
    else:
        raise click.UsageError("请指定 --task，或同时指定 --round 和 --department")
    if task is None:
        raise click.ClickException("找不到该任务；用 planwatch data rounds 查看任务编号")
    output = output or Path(f"{task.pk}-{task.unit_name}.xlsx")
    try:
        output.write_bytes(build_template(task))
    except OSError as exc:
        raise click.ClickException(f"{output}：无法写入（目录不存在或没有写入权限）") from exc
    click.echo(f"已生成填报模板：{output}（{task}）")


@data.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", help="以该用户的名义导入（记入修改记录）")
@click.option("--submit", is_flag=True, help="任务模板：导入后直接提交审核")
@click.option("--plan", "plan_id", type=int, help="历史数据：按指标名称匹配时所属的规划编号")
def import_cmd(file: Path, username, submit, plan_id) -> None:
    """导入填报模板（任务工作簿）或历史数据（CSV/Excel，按 地区代码、指标ID、年份 逐行）。

    全部校验通过才保存；有任何问题时列出全部问题，不保存任何数据。"""
    setup_django(migrate=True)
    from django.conf import settings

    from planwatch.apps.plans.models import Plan
    from planwatch.apps.reporting.bulk import import_series
    from planwatch.apps.reporting.excel import import_task_workbook, workbook_task_id
    from planwatch.apps.reporting.models import Task
    from planwatch.apps.reporting.services import ValidationFailed, WorkflowError, record_rejection
    from planwatch.uploads import UploadRefused, check_size

    user = _user(username)
    try:
        check_size(file.stat().st_size, file.name, settings.PLANWATCH_UPLOAD_LIMITS)
        payload = file.read_bytes()
        task_id = None if file.suffix.lower() == ".csv" else workbook_task_id(payload, file.name)
    except UploadRefused as exc:
        raise click.ClickException(f"{exc}；未保存任何数据") from exc
    try:
        if task_id is not None:
            task = Task.objects.filter(pk=task_id).first()
            if task is None:
                raise click.ClickException(f"{file.name}：模板所属任务 {task_id} 不存在")
            try:
                result = import_task_workbook(
                    task, payload, user, filename=file.name, source="cli", submit=submit
                )
            except ValidationFailed as exc:
                record_rejection(task, user, exc, file.name)
                raise
            state = "并已提交" if result.submitted else "（暂存）"
            click.echo(
                f"已导入 {file.name} 到任务 {task.pk}（{task.unit_name}）{state}，修改 {result.changed} 个单元格"
            )
        else:
            plan = Plan.objects.filter(pk=plan_id).first() if plan_id else None
            if plan_id and plan is None:
                raise click.ClickException(f"规划 {plan_id} 不存在")
            result = import_series(payload, file.name, user, plan=plan)
            click.echo(
                f"已导入历史数据 {file.name}：{result.rows} 行，新增 {result.created} 个单元格，"
                f"更新 {result.updated} 个，未变 {result.unchanged} 个"
            )
            _echo_reassessment(result)
    except ValidationFailed as exc:
        _print_problems(exc)
        raise SystemExit(1) from exc
    except WorkflowError as exc:
        raise click.ClickException(str(exc)) from exc


@data.command("import-sdmx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True, help="以该用户的名义导入（权限范围与修改记录）")
def import_sdmx_cmd(file: Path, username) -> None:
    """导入 SDMX-CSV 2.x 数据（与 /api/exports/observations.csv 的格式相同），按历史数据导入的规则校验。

    全部校验通过才保存；有任何问题时列出全部问题，不保存任何数据。"""
    setup_django(migrate=True)
    from django.conf import settings

    from planwatch.apps.api.sdmx_import import import_sdmx
    from planwatch.apps.reporting.services import ValidationFailed
    from planwatch.uploads import UploadRefused, check_size

    user = _user(username)
    try:
        check_size(file.stat().st_size, file.name, settings.PLANWATCH_UPLOAD_LIMITS)
    except UploadRefused as exc:
        raise click.ClickException(f"{exc}；未保存任何数据") from exc
    try:
        result = import_sdmx(file.read_bytes(), file.name, user)
    except ValidationFailed as exc:
        _print_problems(exc)
        raise SystemExit(1) from exc
    click.echo(
        f"已导入 SDMX 数据 {file.name}：{result.rows} 组，新增 {result.created} 个单元格，"
        f"更新 {result.updated} 个，未变 {result.unchanged} 个"
    )
    _echo_reassessment(result)


def _echo_reassessment(result) -> None:
    item = result.reassessment
    if item is None:
        return
    item.refresh_from_db()  # the immediate task backend has run it already
    if item.state == item.State.QUEUED:
        click.echo(f"已排队重新评估受影响的规划（编号 {item.pk}，由后台任务进程 planwatch worker 执行；"
                   f"网页 /evaluation/reassessments/{item.pk}/ 可查看进展）")  # fmt: skip
    elif item.state == item.State.FAILED:
        click.echo(f"重新评估失败：{item.error}", err=True)
    else:
        click.echo(f"重新评估：{item.message}")


@data.command("demo-round", hidden=True)
@click.option("--plan", "plan_id", type=int, required=True)
def demo_round(plan_id: int) -> None:
    """(demo) open last year's round for a plan if none is open."""
    setup_django(migrate=True)
    from planwatch.apps.plans.models import Plan
    from planwatch.apps.reporting.services import WorkflowError, open_round

    plan = Plan.objects.get(pk=plan_id)
    year = dt.date.today().year - 1
    try:
        open_round(plan, plan.region, year, dt.date(year + 1, 3, 31), None)
    except WorkflowError as exc:
        click.echo(str(exc))
