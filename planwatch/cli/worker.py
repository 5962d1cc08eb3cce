"""``planwatch worker``: the background task process that generates the reports requested in the web
interface (django-tasks-db's database worker: it takes queued tasks from the database one at a time)."""

import click

from ._django import setup_django


@click.command()
@click.option("--batch", is_flag=True, help="处理完当前排队的任务后退出（用于定时任务或测试）")
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.1, 60),
    help="队列为空时的轮询间隔（秒）",
)
@click.option("--max-tasks", type=click.IntRange(1), help="执行这么多个任务后退出")
def worker(batch: bool, interval: float, max_tasks: int | None) -> None:
    """后台任务进程：生成网页上申请的报告（年度监测报告、数据报表、评估报告、比较报告）。先执行数据库迁移。"""
    setup_django(migrate=True)
    from django.core.management import call_command

    args = ["--interval", str(interval), "--no-reload", "--no-startup-delay"]
    if batch:
        args.append("--batch")
    if max_tasks:
        args += ["--max-tasks", str(max_tasks)]
    if not batch:
        click.echo("planwatch 后台任务进程已启动，等待报告生成任务（Ctrl+C 停止）。")
    call_command("db_worker", *args, verbosity=0 if batch else 1)


def register(cli: click.Group) -> None:
    cli.add_command(worker)
