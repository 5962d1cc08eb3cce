"""The one web server of ``planwatch serve`` and ``demo``: gunicorn, a master process and N worker processes
(each with a few threads), so one slow page or a crashed worker does not stop the others.

Django is set up in the master before the workers fork (migrations, collectstatic and the ALLOWED_HOSTS added
for ``--host 0.0.0.0`` are done once); the master's database connections are closed first so no worker
inherits a socket another process also uses.
"""

from __future__ import annotations

import errno
import socket

import click
from gunicorn.app.base import BaseApplication

# A request that takes longer than this is a stuck worker: gunicorn restarts it (reports run in the worker
# process, imports are bounded by PLANWATCH_UPLOAD_* limits well below this).
REQUEST_TIMEOUT_S = 300
KEEPALIVE_S = 75


class PlanwatchServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from planwatch.site.wsgi import application

        return application


def _check_port(host: str, port: int) -> None:
    """Say why the address cannot be used, in Chinese, before gunicorn's master retries and exits."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = {errno.EADDRINUSE: "端口已被占用", errno.EACCES: "没有权限使用该端口"}.get(
                exc.errno or 0, "无法监听该地址"
            )
            raise click.ClickException(
                f"无法在 {host}:{port} 启动网页服务：{reason}，请用 --port 换一个端口"
            ) from exc


def serve_wsgi(host: str, port: int, *, workers: int = 2, threads: int = 4, access_log: bool = False) -> None:
    from django.db import connections

    _check_port(host, port)
    connections.close_all()
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": REQUEST_TIMEOUT_S,
        "graceful_timeout": 30,
        # Browsers keep a connection open between clicks; gunicorn's 2 s default closes it while the reader
        # reads, and the next click then races the close (connection reset). 75 s is nginx's default.
        "keepalive": KEEPALIVE_S,
        "proc_name": "planwatch",
        "errorlog": "-",
        "loglevel": "warning",
        # Behind a TLS proxy on the same machine only: X-Forwarded-* is trusted from loopback.
        "forwarded_allow_ips": "127.0.0.1,::1",
    }
    if access_log:
        options["accesslog"] = "-"
    PlanwatchServer(options).run()
