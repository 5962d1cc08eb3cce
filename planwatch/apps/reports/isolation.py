"""Run a pure report builder in a child process with a time limit, relaying its progress.

The builder (python-docx, matplotlib, LibreOffice for PDF) is the part that can take long or hang; a child
process is the only bound that holds for C code and for LibreOffice: when time is up the whole process group
is killed. No Django here: the child imports planwatch.reports only."""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable
from typing import Any

Progress = Callable[[float, str], None]


class BuildTimeout(Exception):
    pass


class BuildFailed(Exception):
    """The builder raised: the message is its own, ``detail`` the traceback from the child."""

    def __init__(self, message: str, exc_type: str, detail: str):
        super().__init__(message)
        self.exc_type = exc_type
        self.detail = detail


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _child(builder: str, data: Any, kwargs: dict, conn) -> None:
    os.setpgrp()  # its own process group, so LibreOffice started by the builder dies with it
    try:
        build = _resolve(builder)
        result = build(data, progress=lambda f, m: conn.send(("progress", float(f), str(m))), **kwargs)
        conn.send(("done", bytes(result)))
    except BaseException as exc:  # everything goes back to the parent as a message
        conn.send(("error", str(exc), type(exc).__name__, traceback.format_exc()))
    finally:
        conn.close()


def _kill(process) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # killed before it made its own group
        process.kill()
    process.join(5)


def _context():
    """Children fork from a fresh server process that has the builders imported once (not from this process,
    which holds database connections and threads): a job starts in a fraction of a second."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["planwatch.apps.reports.warmup"])
    return ctx


def build_isolated(builder: str, data: Any, kwargs: dict, *, time_limit: float, progress: Progress) -> bytes:
    """``builder(data, progress=…, **kwargs)`` in a child process; BuildTimeout after ``time_limit`` seconds."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(builder, data, kwargs, send), daemon=True)
    deadline = time.monotonic() + time_limit
    process.start()
    send.close()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BuildTimeout()
            if not receive.poll(min(remaining, 0.5)):
                if not process.is_alive() and not receive.poll():
                    raise BuildFailed(f"生成进程意外退出（退出码 {process.exitcode}）", "ProcessExit", "")
                continue
            try:
                message = receive.recv()
            except EOFError:
                process.join(1)
                raise BuildFailed(
                    f"生成进程意外退出（退出码 {process.exitcode}）", "ProcessExit", ""
                ) from None
            if message[0] == "progress":
                progress(message[1], message[2])
            elif message[0] == "done":
                process.join(5)
                return message[1]
            else:
                _, text, exc_type, detail = message
                raise BuildFailed(text, exc_type, detail)
    finally:
        receive.close()
        if process.is_alive():
            _kill(process)
