"""A process killed with SIGKILL in the middle of an import leaves the database exactly as before: the
import runs in a child process against a file-backed SQLite database, stops inside its transaction right
after its first observation INSERT (fault_child.py), and is killed there."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("fault_child.py")


def run(env, *args, check=True) -> str:
    done = subprocess.run(
        [sys.executable, str(CHILD), *args], env=env, capture_output=True, text=True, timeout=180
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def installation(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PLANWATCH_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="planwatch.site.settings")
    run(env, "setup", str(tmp_path))
    return env, tmp_path


def kill_mid_import(env, tmp_path, *args) -> None:
    marker = tmp_path / "inside"
    child = subprocess.Popen([sys.executable, str(CHILD), "cli", *args],
                             env={**env, "PLANWATCH_TEST_KILL_MARKER": str(marker)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, child.communicate()[1].decode()[-3000:]
        assert time.monotonic() < deadline, "the import never reached its first INSERT"
        time.sleep(0.1)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


@pytest.mark.parametrize("what", ["history", "workbook"])
def test_sigkill_inside_an_import_leaves_the_database_as_before(installation, what):
    env, tmp_path = installation
    before = json.loads(run(env, "snapshot"))
    assert before["reporting.observation"] and before["reporting.observationhistory"]
    if what == "history":
        args = ["data", "import", str(tmp_path / "history.csv"), "--user", "admin1"]
    else:
        args = ["data", "import", str(tmp_path / "task.xlsx"), "--user", "edu1", "--submit"]
    kill_mid_import(env, tmp_path, *args)
    after = json.loads(run(env, "snapshot"))
    assert after == before
    # and the same import, not killed, goes through afterwards
    run(env, "cli", *args)
    done = json.loads(run(env, "snapshot"))
    assert len(done["reporting.observation"]) > len(before["reporting.observation"])
