"""Small builders with the planwatch.reports signature, for testing the bounded child process itself (what it
relays, how it stops a builder that overruns, what it reports when one raises or dies)."""

import os
import time


def counting(data, progress=None, fmt="docx"):
    for i in range(1, 4):
        progress(i / 4, f"第{i}步")
    return f"{data['name']}.{fmt}".encode()


def refusing(data, progress=None, fmt="docx"):
    raise ValueError(f"{data['name']}：没有可用的监测数据")


def sleeping(data, progress=None, fmt="docx"):
    progress(0.1, "开始")
    with open(data["pidfile"], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(60)
    return b""


def overrunning(data, progress=None, fmt="docx"):
    """Never finishes within any sensible time limit (the real builders may be fast on a quiet machine)."""
    progress(0.2, "正在生成图表")
    time.sleep(60)
    return b""


def dying(data, progress=None, fmt="docx"):
    os._exit(3)


def killed_midway(data, progress=None, fmt="docx"):
    """Half-way through, the process is killed with SIGKILL (as by the OOM killer or kill -9)."""
    import signal

    progress(0.5, "正在生成图表")
    os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)
    return b""
