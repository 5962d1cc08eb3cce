"""``planwatch data …`` commands."""

import io

from click.testing import CliRunner
from openpyxl import load_workbook

from planwatch.apps.reporting import excel
from planwatch.apps.reporting.models import Observation, Round, Task, TaskEvent
from planwatch.cli import cli


def test_open_round_template_and_import(world, tmp_path):
    from .factories import configure_assignments

    configure_assignments(world)
    runner = CliRunner()
    out = runner.invoke(cli, ["data", "open-round", "--plan", str(world.plan.pk), "--year", "2023",
                              "--deadline", "2099-03-31", "--user", "monitor1"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "下发 2 个任务" in out.output
    task = Round.objects.get().tasks.get(department=world.health)
    again = runner.invoke(cli, ["data", "open-round", "--plan", str(world.plan.pk), "--year", "2023",
                                "--deadline", "2099-03-31"])  # fmt: skip
    assert again.exit_code != 0 and "不能重复开启" in again.output
    assert world.plan.title in again.output  # which plan's round: each plan of a year has its own

    path = tmp_path / "t.xlsx"
    out = runner.invoke(cli, ["data", "template", "--round", str(task.round_id), "--department", "区卫生健康委",
                              "-o", str(path)])  # fmt: skip
    assert out.exit_code == 0, out.output
    nowhere = tmp_path / "no-such-dir" / "t.xlsx"
    out = runner.invoke(cli, ["data", "template", "--task", str(task.pk), "-o", str(nowhere)])
    assert out.exit_code == 1 and "无法写入" in out.output  # a message, not a traceback
    wb = load_workbook(path)
    ws = wb[excel.SHEET]
    ws["H4"], ws["H5"], ws["M5"], ws["N5"] = 10.2, 99.5, 995, 1000
    wb.save(path)
    out = runner.invoke(cli, ["data", "import", str(path), "--user", "health1", "--submit"])
    assert out.exit_code == 0, out.output
    assert "并已提交" in out.output
    assert Task.objects.get(pk=task.pk).status == Task.Status.SUBMITTED
    assert Observation.objects.get(indicator=world.hosp).numerator == 995

    out = runner.invoke(cli, ["data", "rounds"])
    assert "区卫生健康委 — 已提交" in out.output


def test_import_rejects_bad_workbook_and_lists_problems(world, tmp_path):
    from .factories import open_round

    r = open_round(world)
    task = r.tasks.get(department=world.health)
    wb = load_workbook(io.BytesIO(excel.build_template(task)))
    ws = wb[excel.SHEET]
    ws["H4"], ws["H5"], ws["M5"], ws["N5"] = "abc", 150, 1001, 1000
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    out = CliRunner().invoke(cli, ["data", "import", str(path)])
    assert out.exit_code == 1
    assert "共 3 处问题，未保存任何数据" in out.output
    assert "「孕产妇死亡率」H4（合计）：「abc」不是数字" in out.output
    assert "分子大于分母" in out.output
    assert not Observation.objects.exists()
    assert TaskEvent.objects.filter(task=task, kind="rejected").count() == 1


def test_import_historical_csv(world, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(
        f"地区代码,指标ID,年份,合计\n500116,{world.mmr.pk},2010,20.5\n500116,{world.mmr.pk},2011,19\n"
    )
    out = CliRunner().invoke(cli, ["data", "import", str(path), "--user", "admin1"])
    assert out.exit_code == 0, out.output
    assert "新增 2 个单元格" in out.output
    assert Observation.objects.approved().count() == 2


def test_bench_import_stores_every_cell_and_updates_them_on_a_corrected_file():
    import subprocess
    import sys

    # A subprocess: the benchmark makes its own throw-away database, which this test process cannot switch to.
    done = subprocess.run(
        [sys.executable, "-c", "from planwatch.cli import main; main()", "bench", "import", "--regions", "3",
         "--indicators", "4"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "写入 36 个单元格、36 条修改记录" in done.stdout and "更新 36 个单元格" in done.stdout
