"""``planwatch bench load``: the refusals (not PostgreSQL, no locust, a server that does not start), the verdict
(any error or a slow p95 fails the run), and on PostgreSQL a toy run of the whole command whose reporters' saves
must reach the database (the figures themselves are the benchmark's, not the suite's)."""

import importlib.util
import os
import subprocess
import sys
import urllib.parse
import uuid
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planwatch.cli import _bench_serving as serving
from planwatch.cli import cli
from planwatch.cli.bench_load import _verdict, mix, shown_url

PLANWATCH = Path(sys.executable).with_name("planwatch")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def _invoke(*args):
    return CliRunner().invoke(cli, ["bench", "load", *args])


def test_sqlite_is_refused_with_the_way_to_postgres(tmp_path):
    result = _invoke("--database-url", f"sqlite:///{tmp_path}/planwatch.sqlite3")
    assert result.exit_code == 1
    assert "bench load 需要 PostgreSQL 数据库（当前为 sqlite:///" in result.output
    assert "scripts/with-postgres.sh" in result.output and "planwatch bench web" in result.output


def test_no_database_url_is_refused(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = _invoke()
    assert result.exit_code == 1 and "未设置 DATABASE_URL" in result.output


def test_the_refusal_does_not_show_the_password():
    result = _invoke("--database-url", "mysql://planwatch:s3cret@db.example/planwatch")
    assert result.exit_code == 1 and "mysql://planwatch:***@db.example/planwatch" in result.output
    assert "s3cret" not in result.output
    assert shown_url("postgres://u@127.0.0.1:5432/x") == "postgres://u@127.0.0.1:5432/x"


def test_missing_locust_is_explained(monkeypatch):
    monkeypatch.setitem(sys.modules, "locust", None)  # import locust → ImportError
    result = _invoke("--database-url", "postgres://planwatch@127.0.0.1:1/none")
    assert result.exit_code == 1 and "需要 locust" in result.output


def test_a_server_that_exits_at_once_is_explained():
    code = "import sys; sys.stderr.write('数据库连接失败'); sys.exit(3)"
    process = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    with pytest.raises(click.ClickException, match="服务器未能启动（退出码 3）：数据库连接失败"):
        serving.wait_until_up("http://127.0.0.1:1", process, timeout=60)


@pytest.mark.slow
def test_serve_refusing_to_start_is_passed_on():
    env = {**os.environ, "PLANWATCH_SECRET_KEY": "", "PLANWATCH_DEBUG": "0"}
    refused = pytest.raises(
        click.ClickException, match="(?s)服务器未能启动（退出码 1）：.*拒绝启动网页服务.*PLANWATCH_SECRET_KEY"
    )
    with refused, serving.production_server(env, workers=1, threads=1):
        pytest.fail("the server must not start without a secret key")


def test_the_mix_of_people():
    assert mix(50) == {"readers": 25, "clients": 15, "reporters": 10}
    assert mix(3) == {"readers": 1, "clients": 1, "reporters": 1}


def _stats(failures: int, p95: float) -> dict:
    return {"Aggregated": {"Request Count": "200", "Failure Count": str(failures), "95%": str(p95),
                           "Requests/s": "10.0"}}  # fmt: skip


def test_any_error_or_a_slow_p95_fails_the_run():
    _verdict(_stats(0, 120), [], 300)
    failure = {"Method": "POST", "Name": "api save observations", "Occurrences": "2", "Error": "HTTP 422"}
    with pytest.raises(click.ClickException, match="2 个请求出错"):
        _verdict(_stats(2, 120), [failure], 300)
    with pytest.raises(click.ClickException, match="p95 450 ms > 300 ms"):
        _verdict(_stats(0, 450), [], 300)
    with pytest.raises(click.ClickException, match="1 个请求出错"):  # while warming up: an error all the same
        _verdict(_stats(0, 120), [], 300, (_stats(1, 100), [failure]))


@pytest.fixture
def empty_postgres_database():
    """A new database on the suite's PostgreSQL server, dropped afterwards."""
    import psycopg

    name = f"bench_load_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlsplit(DATABASE_URL)._replace(path=f"/{name}").geturl()
    yield url
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.skipif(not ON_POSTGRES, reason="bench load runs on PostgreSQL (the make test PostgreSQL phase)")
@pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="locust not installed")
def test_bench_load_smoke_on_postgres(empty_postgres_database, tmp_path):
    import psycopg

    cmd = [str(PLANWATCH), "bench", "load", "--regions", "2", "--indicators", "10", "--years", "2", "--users", "3",
           "--seconds", "6", "--warmup", "0", "--wait", "0.2", "0.5", "--workers", "1", "--threads", "4", "--p95", "60000"]  # fmt: skip
    env = {**os.environ, "DATABASE_URL": empty_postgres_database}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "2 个县 + 1 个省，10 项指标" in out
    assert "3 个并发用户（1 个领导/妇儿工委办浏览页面，1 个接口客户端，1 个部门填报员）" in out
    assert "1 个工作进程 × 4 线程，DEBUG 关闭" in out and "PostgreSQL：server_version=" in out
    assert "，0 个错误" in out and "预热" not in out
    with psycopg.connect(
        empty_postgres_database
    ) as conn:  # the reporter's API saves were stored, with history
        saved = conn.execute(
            "SELECT count(*) FROM reporting_observationhistory WHERE source = 'api'"
        ).fetchone()[0]
    assert saved > 0, out
