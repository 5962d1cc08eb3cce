"""``planwatch demo`` and ``planwatch serve``: start the system.

``demo`` is the one-command start on the embedded SQLite database: it creates the schema, registers the
regions, imports the five seed plans shipped in ``data/plans/`` (once; a second start finds them by their
digest), loads the generated 示例数据 2020—2025 for them through the historical import and assesses them
(``reporting.sample``; ``--no-sample-data`` leaves the database without observations), creates one demo login
per role and serves the web interface.
"""

import os
from pathlib import Path

import click

from ._django import setup_django
from ._serving import open_to_network, production_problems
from ._wsgi_server import serve_wsgi

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"
ADMIN_LOGIN = ("admin", "planwatch-admin")


def _import_seeds(echo) -> None:
    from planwatch.apps.plans.importing import ImportRefused, file_digest, import_document
    from planwatch.apps.review.services import keep_source
    from planwatch.parsing.document import parse_document
    from planwatch.parsing.errors import ParseError

    for path in sorted(SEED_DIR.glob("*.txt")):
        data = path.read_bytes()
        try:
            result = import_document(
                parse_document(data, filename=path.name), digest=file_digest(data), activate=True
            )
        except (ParseError, ImportRefused) as exc:
            echo(f"  ✗ {path.name}：{exc}")
            continue
        if not result.skipped and result.plans:
            keep_source(result.plans, result.plans[0].region, path.name, data)  # for the review page
        state = "已导入过" if result.skipped else "导入"
        for plan in result.plans:
            echo(f"  ✓ {state} {plan.title}（{plan.indicators.count()} 项指标）")


def _load_sample_data(echo) -> None:
    from planwatch.apps.reporting.sample import load_sample_data
    from planwatch.apps.reporting.services import ValidationFailed

    echo("载入示例监测数据（2020—2025 年，程序生成，非官方统计）：")
    try:
        load_sample_data(echo)
    except ValidationFailed as exc:  # the generator and the import checks disagree: say where, start anyway
        echo(f"  ✗ 示例数据未载入（{exc}）：{exc.problems[0]}")


def _ensure_logins() -> list[tuple[str, str, str]]:
    from django.contrib.auth import get_user_model

    from planwatch.apps.accounts.demo import ensure_demo_users

    user_model = get_user_model()
    username, password = ADMIN_LOGIN
    if not user_model.objects.filter(username=username).exists():
        user_model.objects.create_superuser(username=username, password=password, email="")
    return [(username, password, "系统管理员（后台）"), *ensure_demo_users()]


PORT = click.IntRange(1, 65535)


def start_worker_thread() -> None:
    """The demo is one command: it runs the report worker in a thread beside the web server (production runs
    ``planwatch worker`` as its own process)."""
    import threading

    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["default"], interval=1, batch=False, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="demo", excluded_queue_names=[])  # fmt: skip
    threading.Thread(target=worker.run, name="planwatch-worker", daemon=True).start()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8000, show_default=True, type=PORT, help="端口")
@click.option("--no-serve", is_flag=True, help="只准备数据库和演示数据，不启动网页服务")
@click.option(
    "--no-sample-data", is_flag=True, help="不载入示例监测数据（2020—2025 年，程序生成，非官方统计）"
)
def demo(host: str, port: int, no_serve: bool, no_sample_data: bool) -> None:
    """演示：建库、导入五个示例规划、载入示例监测数据并评估、创建各角色演示账号并启动网页服务。"""
    setup_django(migrate=True)
    from django.conf import settings

    from planwatch.apps.regions.gazetteer import ensure_regions

    ensure_regions()
    click.echo(f"数据库：{settings.DATABASES['default']['NAME']}")
    click.echo("导入示例规划（data/plans/）：")
    _import_seeds(click.echo)
    if not no_sample_data:
        _load_sample_data(click.echo)
    logins = _ensure_logins()
    click.echo("\n演示账号（用户名 / 密码 / 角色）：")
    for username, password, role in logins:
        click.echo(f"  {username:<16} {password:<18} {role}")
    if no_serve:
        return
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off: whitenoise serves these
    start_worker_thread()
    click.echo(f"\n请在浏览器打开 http://{_shown(host)}:{port}/ 并用上面的账号登录（Ctrl+C 停止）。")
    if open_to_network(host, os.environ, click.echo):
        click.echo("演示服务使用公开的开发密钥，仅供试用，请勿录入真实数据；正式部署请用 planwatch serve。")
    serve_wsgi(host, port)


def _shown(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8000, show_default=True, type=PORT, help="端口")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="工作进程数（建议 CPU 核数×2）",
)
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(1, 256), help="每个工作进程的线程数"
)
@click.option("--access-log", is_flag=True, help="把每个请求记到标准输出（访问日志）")
@click.option("--debug", is_flag=True, help="开发调试：允许开发密钥，出错时显示程序细节（DEBUG）；勿用于生产")
def serve(host: str, port: int, workers: int, threads: int, access_log: bool, debug: bool) -> None:
    """启动生产网页服务（gunicorn，多个工作进程），使用 DATABASE_URL 指定的数据库；先执行数据库迁移。

    生产环境必须设置 PLANWATCH_SECRET_KEY，且不能开启 PLANWATCH_DEBUG；否则拒绝启动（本机调试用 --debug）。"""
    problems = production_problems(os.environ, debug)
    if problems:
        raise click.ClickException(
            "拒绝启动网页服务：\n  - " + "\n  - ".join(problems) + "\n（本机调试请加 --debug）"
        )
    if debug:
        os.environ["PLANWATCH_DEBUG"] = "1"  # read by the settings, which load below
    setup_django(migrate=True)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # whitenoise serves the collected files
    open_to_network(host, os.environ, click.echo)
    mode = "（调试模式 DEBUG，勿用于生产）" if debug else ""
    click.echo(
        f"planwatch 运行于 http://{_shown(host)}:{port}/（{workers} 个工作进程 × {threads} 线程）{mode}"
    )
    serve_wsgi(host, port, workers=workers, threads=threads, access_log=access_log)


def register(cli: click.Group) -> None:
    cli.add_command(demo)
    cli.add_command(serve)
