"""The child process that bounds a report builder: progress relayed, result returned, errors and crashes
reported, and a builder past its time limit killed."""

import os
import time

import pytest

from planwatch.apps.reports.isolation import BuildFailed, BuildTimeout, build_isolated

HERE = "reports.builders"


def test_result_and_progress_come_back_from_the_child():
    seen = []
    out = build_isolated(f"{HERE}.counting", {"name": "江津区"}, {"fmt": "pdf"}, time_limit=60,
                         progress=lambda f, m: seen.append((f, m)))  # fmt: skip
    assert out == "江津区.pdf".encode()
    assert seen == [(0.25, "第1步"), (0.5, "第2步"), (0.75, "第3步")]


def test_a_builder_error_keeps_its_message_and_traceback():
    with pytest.raises(BuildFailed) as info:
        build_isolated(f"{HERE}.refusing", {"name": "江津区"}, {}, time_limit=60, progress=lambda f, m: None)
    assert str(info.value) == "江津区：没有可用的监测数据"
    assert info.value.exc_type == "ValueError" and "refusing" in info.value.detail


def test_a_child_that_dies_is_reported_with_its_exit_code():
    with pytest.raises(BuildFailed, match="生成进程意外退出（退出码 3）"):
        build_isolated(f"{HERE}.dying", {}, {}, time_limit=60, progress=lambda f, m: None)


def test_a_builder_past_the_time_limit_is_killed(tmp_path):
    pidfile = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(BuildTimeout):
        build_isolated(
            f"{HERE}.sleeping", {"pidfile": str(pidfile)}, {}, time_limit=4, progress=lambda f, m: None
        )
    assert time.monotonic() - started < 15
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, not left sleeping
