"""Run by tests/backup/test_faults.py in a child process against a file-backed SQLite database:

python fault_child.py setup            the reporting world, an open round, some history; prints file paths
python fault_child.py snapshot         every archived row as JSON (for comparing before and after)
python fault_child.py cli ARGS…        the planwatch command; with PLANWATCH_TEST_KILL_MARKER set, the first
                                       INSERT into the observation tables writes that marker file and then
                                       waits to be killed, in the middle of the import's transaction
"""

import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, for reporting.factories
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.site.settings")


def install_kill_point(marker: str) -> None:
    from django.db.backends import utils

    def hooked(original):
        def run(self, sql, *args, **kwargs):
            result = original(self, sql, *args, **kwargs)
            if sql.lstrip().upper().startswith("INSERT") and "reporting_observation" in sql:
                Path(marker).write_text("inside the transaction")
                time.sleep(120)  # the test kills us here
            return result

        return run

    utils.CursorWrapper.execute = hooked(utils.CursorWrapper.execute)
    utils.CursorWrapper.executemany = hooked(utils.CursorWrapper.executemany)


def setup(out: Path) -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from openpyxl import load_workbook
    from reporting.factories import FAST_HASHERS, build_world, open_round

    from planwatch.apps.reporting import excel
    from planwatch.apps.reporting.bulk import import_series

    settings.PASSWORD_HASHERS = FAST_HASHERS
    w = build_world()
    round_ = open_round(w)
    lines = ["地区代码,指标ID,年份,合计"] + [
        f"500116,{w.mmr.pk},{y},{20 - (y - 2010) * 0.5}" for y in range(2010, 2016)
    ]
    import_series("\n".join(lines).encode(), "old.csv", w.users["admin"])  # history that must survive
    history = ["地区代码,指标ID,年份,合计"] + [
        f"500116,{ind.pk},{y},{v}" for y in range(2016, 2021) for ind, v in ((w.mmr, 14.0), (w.enrol, 88.5))
    ]
    (out / "history.csv").write_text("\n".join(history))
    task = round_.tasks.get(department=w.education)
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    ws = wb[excel.SHEET]
    rows = {ws.cell(r, excel.COL["指标名称"]).value: r for r in range(excel.FIRST_ROW, ws.max_row + 1)}
    for title, value in {"合计": 100, "女": 60, "男": 40, "城镇": 70, "农村": 30}.items():
        ws.cell(rows["在园幼儿数"], excel.COL[title], value)
    ws.cell(rows["  其中：3岁"], excel.COL["合计"], 30)
    ws.cell(rows["  其中：4-5岁"], excel.COL["合计"], 70)
    ws.cell(rows["学前教育毛入园率"], excel.COL["合计"], 91.5)
    wb.save(out / "task.xlsx")


def snapshot() -> None:
    import django

    django.setup()
    from planwatch.apps.backup import scope

    rows = {scope.label(m): list(m._base_manager.order_by("pk").values()) for m in scope.archived_models()}
    print(json.dumps(rows, default=str, sort_keys=True))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "setup":
        setup(Path(sys.argv[2]))
    elif mode == "snapshot":
        snapshot()
    elif mode == "cli":
        if os.environ.get("PLANWATCH_TEST_KILL_MARKER"):
            install_kill_point(os.environ["PLANWATCH_TEST_KILL_MARKER"])
        from planwatch.cli import cli

        cli.main(args=sys.argv[2:], prog_name="planwatch")
