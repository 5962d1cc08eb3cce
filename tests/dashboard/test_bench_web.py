"""``planwatch bench web`` at toy scale: it builds its own database, starts the production server, runs locust
and approves a task over HTTP (the figures themselves are the benchmark's, not the suite's)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLANWATCH = Path(sys.executable).with_name("planwatch")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not shutil.which("locust", path=str(PLANWATCH.parent)),
                                                   reason="locust not installed")]  # fmt: skip


def test_bench_web_smoke(tmp_path):
    cmd = [str(PLANWATCH), "bench", "web", "--regions", "3", "--indicators", "6", "--years", "3", "--users", "2",
           "--seconds", "12", "--p95", "60000", "--approval", "60"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "3 个县 + 1 个省，6 项指标，3 年" in out
    assert "合计" in out and "首次访问" in out
    assert "审核通过 → 看板显示新数据" in out and "新年度可监测指标" in out


def test_bench_web_refuses_a_bad_option():
    done = subprocess.run(
        [str(PLANWATCH), "bench", "web", "--users", "0"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "--users" in done.stderr
