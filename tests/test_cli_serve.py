"""`planwatch serve` / `demo`: bad options and a busy port are refused with a message, not a traceback."""

import socket

import click
import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.cli._wsgi_server import serve_wsgi


@pytest.mark.parametrize(
    "args", [["serve", "--port", "99999"], ["serve", "--threads", "0"], ["demo", "--port", "0"]]
)
def test_impossible_ports_and_thread_counts_are_refused_before_starting(args):
    """--threads 0 used to start a server that never answers; --port 99999 failed deep inside."""
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_busy_port_is_explained():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(click.ClickException, match="端口已被占用"):
            serve_wsgi("127.0.0.1", port)


GOOD_KEY = "k" * 50


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "未设置 PLANWATCH_SECRET_KEY"),
        (
            {"PLANWATCH_SECRET_KEY": "planwatch-insecure-development-key-change-me"},
            "未设置 PLANWATCH_SECRET_KEY",
        ),
        ({"PLANWATCH_SECRET_KEY": "short"}, "PLANWATCH_SECRET_KEY 太短（5 个字符，至少 50 个）"),
        ({"PLANWATCH_SECRET_KEY": GOOD_KEY, "PLANWATCH_DEBUG": "1"}, "PLANWATCH_DEBUG=1"),
    ],
)
def test_serve_refuses_production_without_a_real_key_or_with_debug(env, expected):
    full = {"PLANWATCH_SECRET_KEY": None, "PLANWATCH_DEBUG": None, **env}
    result = CliRunner().invoke(cli, ["serve", "--port", "1"], env=full)
    assert result.exit_code == 1 and "拒绝启动网页服务" in result.output and expected in result.output
    assert "--debug" in result.output and "Traceback" not in result.output


def test_production_checks_pass_with_a_real_key_or_debug():
    from planwatch.cli._serving import production_problems

    assert production_problems({"PLANWATCH_SECRET_KEY": GOOD_KEY}, debug=False) == []
    assert production_problems({"PLANWATCH_DEBUG": "1"}, debug=True) == []


def test_machine_hosts_are_names_and_addresses_colleagues_use():
    from planwatch.cli._serving import machine_hosts

    hosts = machine_hosts()
    assert socket.gethostname() in hosts
    assert not {"127.0.0.1", "localhost", "[::1]", "0.0.0.0"} & set(hosts)


@pytest.mark.slow
def test_serve_on_every_address_answers_colleagues_by_the_machines_name(tmp_path):
    """`serve --host 0.0.0.0` used to answer 400 DisallowedHost to anyone not using localhost."""
    import http.client
    import os
    import subprocess
    import sys
    import time

    from planwatch.cli._serving import machine_hosts

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PLANWATCH_DATA_DIR": str(tmp_path), "PLANWATCH_SECRET_KEY": GOOD_KEY}
    for name in ("DATABASE_URL", "PLANWATCH_DEBUG", "PLANWATCH_ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-c", "from planwatch.cli import main; main()", "serve", "--host", "0.0.0.0",
         "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)

        def get(path: str, host: str) -> tuple[int, str]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers={"Host": f"{host}:{port}"})
            answer = conn.getresponse()
            return answer.status, answer.read().decode()

        # gunicorn: a master and the two worker processes asked for
        import psutil

        # (the master listens before it forks them: wait for both)
        while len(psutil.Process(server.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(psutil.Process(server.pid).children()) == 2
        # whitenoise serves the collected files under hashed names, compressed, cached for ever
        import re

        status, page = get("/accounts/login/", "localhost")
        css = re.search(r'href="(/static/planwatch/app\.[0-9a-f]{12}\.css)"', page)
        assert status == 200 and css, page[:500]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", css.group(1), headers={"Host": "localhost", "Accept-Encoding": "gzip"})
        answer = conn.getresponse()
        answer.read()
        assert answer.status == 200 and answer.getheader("Content-Encoding") == "gzip"
        assert "immutable" in answer.getheader("Cache-Control", "")

        for host in machine_hosts():
            status, page = get("/accounts/login/", host)
            assert status == 200 and "登录" in page, host
        status, page = get("/no-such-page/", socket.gethostname())
        assert status == 404 and "页面不存在" in page and "Traceback" not in page  # DEBUG is off
        assert get("/accounts/login/", "evil.example")[0] == 400
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "已允许用本机名称/地址访问" in output and socket.gethostname() in output


def test_open_to_network_adds_the_machine_unless_hosts_are_configured(settings):
    from planwatch.cli._serving import machine_hosts, open_to_network

    said: list[str] = []
    settings.ALLOWED_HOSTS = ["localhost"]
    assert open_to_network("127.0.0.1", {}, said.append) == [] and said == []
    added = open_to_network("0.0.0.0", {}, said.append)
    assert added == machine_hosts() and set(added) <= set(settings.ALLOWED_HOSTS)
    assert "已允许用本机名称/地址访问" in said[-1]
    settings.ALLOWED_HOSTS = ["planwatch.example"]
    assert open_to_network("0.0.0.0", {"PLANWATCH_ALLOWED_HOSTS": "planwatch.example"}, said.append) == []
    assert settings.ALLOWED_HOSTS == ["planwatch.example"]
    assert "PLANWATCH_ALLOWED_HOSTS 已设置，未包含" in said[-1] and socket.gethostname() in said[-1]
    open_to_network("10.1.2.3", {}, said.append)
    assert "10.1.2.3" in settings.ALLOWED_HOSTS
