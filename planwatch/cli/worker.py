"""``planwatch worker``: the background task process that generates the reports requested in the web
interface, re-assesses after history imports and purges expired report files every few hours
(django-tasks-db's database worker: it takes queued tasks from the database one at a time)."""

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
    """后台任务进程：生成网页上申请的报告（年度监测报告、数据报表、评估报告、比较报告），导入历史数据后的重新评估，
    并定期（每 6 小时）清理过期的报告文件。先执行数据库迁移。"""
    setup_django(migrate=True)
    from django.core.management import call_command

    from planwatch.apps.reports.tasks import schedule_purge

    schedule_purge()  # the purge task queues its next run itself

    args = ["--interval", str(interval), "--no-reload", "--no-startup-delay"]
    if batch:
        args.append("--batch")
    if max_tasks:
        args += ["--max-tasks", str(max_tasks)]
    if not batch:
        click.echo("planwatch 后台任务进程已启动，等待报告生成等后台任务（Ctrl+C 停止）。")
    call_command("db_worker", *args, verbosity=0 if batch else 1)


def register(cli: click.Group) -> None:
    cli.add_command(worker)
