"""``planwatch bench backup`` at toy scale: it builds its own database, dumps and restores it with the real
commands and checks the assessments (the figures themselves are the benchmark's, not the suite's). One run,
with a restore limit no restore meets, also shows the limit failing the benchmark after the figures."""

import subprocess
import sys
from pathlib import Path

import pytest

PLANWATCH = Path(sys.executable).with_name("planwatch")

pytestmark = pytest.mark.slow


def test_bench_backup_smoke_and_its_limit(tmp_path):
    keep = tmp_path / "kept"
    cmd = [str(PLANWATCH), "bench", "backup", "--regions", "2", "--indicators", "4", "--years", "2",
           "--keep", str(keep), "--max-restore", "0.001"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert "2 个县 + 1 个省，4 项指标，2 年" in out
    for step in ("备份整个系统（dump）", "备份一个县（dump --region 990001）", "恢复到空数据库（restore）",
                 "覆盖恢复（restore --replace）"):  # fmt: skip
        assert step in out
    assert "逐行与原数据库一致" in out and "校验和与原归档一致" in out
    assert "超过阈值：恢复到空数据库（restore）" in done.stderr and "备份整个系统" not in done.stderr
    assert (keep / "installation.zip").stat().st_size > (keep / "county.zip").stat().st_size > 0


def test_bench_backup_refuses_bad_options(tmp_path):
    done = subprocess.run([str(PLANWATCH), "bench", "backup", "--regions", "0"], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 2 and "--regions" in done.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    done = subprocess.run([str(PLANWATCH), "bench", "backup", "--keep", str(tmp_path / "full")],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and "不是空的" in done.stderr
