"""`planwatch serve` / `demo`: bad options and a busy port are refused with a message, not a traceback."""

import socket

import click
import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.cli.demo import serve_wsgi


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
