"""``planwatch report …`` in batch mode (files, no database): outputs and every bad-input message."""

import io
import json
import os

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from planwatch.cli import cli

from .conftest import FIX

BATCH = ["--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--regions", FIX / "regions.csv"]


def invoke(*args):
    return CliRunner().invoke(cli, ["report", *map(str, args)])


def test_annual_docx_and_tables_xlsx(tmp_path):
    out = tmp_path / "a.docx"
    res = invoke("annual", *BATCH, "--region", "A县", "--year", 2023, "-o", out)
    assert res.exit_code == 0, res.output
    assert (
        "已生成" in res.stderr and "共跳过 5 行" in res.stderr and "第20行：数值「abc」不是数字" in res.stderr
    )
    d = docx.Document(out)
    assert any("孕产妇死亡率为7.5/10万" in p.text for p in d.paragraphs)
    xlsx = tmp_path / "t.xlsx"
    res = invoke("tables", *BATCH, "--region", "A县", "--year", 2023, "-o", xlsx)
    assert res.exit_code == 0, res.output
    assert openpyxl.load_workbook(xlsx).sheetnames[-1] == "统计资料"


def test_evaluation_with_texts_and_compare(tmp_path):
    problems = tmp_path / "p.txt"
    problems.write_bytes("女性参与决策比例偏低。".encode("gbk"))  # Excel/Notepad on Chinese Windows write GBK
    out = tmp_path / "e.docx"
    res = invoke("evaluation", *BATCH, "--region", "A县", "--year", 2023, "--problems", problems, "-o", out)
    assert res.exit_code == 0, res.output
    assert any(p.text == "女性参与决策比例偏低。" for p in docx.Document(out).paragraphs)
    out = tmp_path / "c.docx"
    res = invoke(
        "compare", *BATCH, "--parent", "测试市", "--year", 2023, "--indicator", "孕产妇系统管理率", "-o", out
    )
    assert res.exit_code == 0, res.output
    assert any(p.text == "（一）孕产妇系统管理率" for p in docx.Document(out).paragraphs)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--plan", "missing.json", "--data", FIX / "obs.csv", "--region", "A县"],
            "missing.json：规划 JSON 文件不存在",
        ),
        (["--plan", FIX / "plan.json", "--data", FIX, "--region", "A县"], "是目录，不是监测数据 CSV 文件"),
        ([*BATCH, "--region", "C县"], "地区「C县」不在监测数据中（数据中的地区：A县、B县、测试市）"),
        (
            [*BATCH, "--region", "A县", "--year", 2019],
            "A县2019年没有任何监测数据（有数据的年份：2021、2022、2023）",
        ),
        ([*BATCH, "--region", "A县", "--strict"], "有 5 行数据有问题，未生成报告（--strict）"),
        (["--plan", FIX / "plan.json", "--region", "A县"], "批处理模式需要同时给出 --plan 和 --data"),
        ([*BATCH], "批处理模式需要 --region"),
    ],
)
def test_bad_input_is_named_in_chinese(tmp_path, args, message):
    if "--year" not in args:
        args = [*args, "--year", 2023]
    res = invoke("annual", *args, "-o", tmp_path / "a.docx")
    assert res.exit_code != 0
    assert message in res.output, res.output
    assert "Traceback" not in res.output and not (tmp_path / "a.docx").exists()


def test_bad_csv_and_json(tmp_path):
    csv = tmp_path / "o.csv"
    csv.write_text("指标,地区\n孕产妇死亡率,A县\n", encoding="utf-8")
    res = invoke(
        "annual",
        "--plan",
        FIX / "plan.json",
        "--data",
        csv,
        "--region",
        "A县",
        "--year",
        2023,
        "-o",
        tmp_path / "a.docx",
    )
    assert res.exit_code == 1 and "缺少必需的列 indicator、region、year、value" in res.output
    bad = tmp_path / "p.json"
    bad.write_text("{not json", encoding="utf-8")
    res = invoke(
        "annual",
        "--plan",
        bad,
        "--data",
        FIX / "obs.csv",
        "--region",
        "A县",
        "--year",
        2023,
        "-o",
        tmp_path / "a.docx",
    )
    assert res.exit_code == 1 and "p.json：不是 UTF-8 编码的 JSON" in res.output


def test_a_document_with_two_plans_needs_plan_no(tmp_path):
    plan = json.loads((FIX / "plan.json").read_text(encoding="utf-8"))
    second = json.loads(json.dumps(plan["plans"][0]))
    second["title"] = "测试区儿童发展规划（2021—2030年）"
    plan["plans"].append(second)
    path = tmp_path / "two.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    args = ["--plan", path, "--data", FIX / "obs.csv", "--region", "A县", "--year", 2023]
    res = invoke("annual", *args, "-o", tmp_path / "a.docx")
    assert (
        res.exit_code == 1
        and "含2个规划（1. 测试区妇女发展规划（2021—2030年）；2. 测试区儿童发展规划" in res.output
    )
    res = invoke("annual", *args, "--plan-no", 3, "-o", tmp_path / "a.docx")
    assert res.exit_code == 1 and "没有第3个规划（共2个）" in res.output
    res = invoke("annual", *args, "--plan-no", 2, "-o", tmp_path / "a.docx")
    assert res.exit_code == 0, res.output
    assert docx.Document(tmp_path / "a.docx").paragraphs[5].text.startswith("2023年《测试区儿童发展规划")


def test_output_path_problems(tmp_path):
    args = [*BATCH, "--region", "A县", "--year", 2023]
    res = invoke("annual", *args, "-o", tmp_path / "nodir" / "a.docx")
    assert res.exit_code == 1 and "无法写入" in res.output and "不存在" in res.output
    res = invoke("annual", *args, "-o", tmp_path / "a.xlsx")
    assert res.exit_code == 2 and "扩展名应为 .docx 或 .pdf" in res.output
    res = invoke("tables", *args, "-o", tmp_path / "a.docx")
    assert res.exit_code == 2 and "扩展名应为 .xlsx" in res.output
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        res = invoke("annual", *args, "-o", locked / "a.docx")
        assert res.exit_code == 1 and "没有写权限" in res.output


def test_compare_bad_input(tmp_path):
    base = ["--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--year", 2023, "-o", tmp_path / "c.docx"]
    res = invoke("compare", *base, "--parent", "测试市")
    assert res.exit_code == 1 and "比较报告需要地区表 --regions" in res.output
    res = invoke("compare", *BATCH, "--year", 2023, "-o", tmp_path / "c.docx", "--parent", "A县")
    assert res.exit_code == 1 and "地区表中「A县」没有下级地区" in res.output
    res = invoke(
        "compare",
        *BATCH,
        "--year",
        2023,
        "-o",
        tmp_path / "c.docx",
        "--parent",
        "测试市",
        "--indicator",
        "没有的指标",
    )
    assert res.exit_code == 1 and "规划中没有指标：没有的指标" in res.output


def test_text_file_problems(tmp_path):
    args = [*BATCH, "--region", "A县", "--year", 2023, "-o", tmp_path / "e.docx"]
    res = invoke("evaluation", *args, "--problems", tmp_path / "none.txt")
    assert res.exit_code == 1 and "none.txt：存在的问题文件不存在" in res.output
    binary = tmp_path / "b.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    res = invoke("evaluation", *args, "--recommendations", binary)
    assert res.exit_code == 1 and "无法识别对策建议文件的编码" in res.output
    assert io  # noqa: B018 - keep the import for readers comparing with test_docx


def test_bench_report_runs_and_prints_its_figures():
    res = CliRunner().invoke(
        cli, ["bench", "report", "--seed-indicators", "4", "--counties", "3", "--indicators", "3"]
    )
    assert res.exit_code == 0, res.output
    assert "年度报告《随县妇女发展规划（2021—2030年）》4 项指标" in res.output
    assert "比较报告：3 个区县 × 3 项指标" in res.output and "CPU" in res.output
    res = CliRunner().invoke(cli, ["bench", "report", "--seed-indicators", "2", "--counties", "2", "--indicators", "2",
                                   "--annual-limit", "0.001"])  # fmt: skip
    assert res.exit_code == 1 and "超过 0.001 s" in res.output


@pytest.mark.parametrize("command", [["annual"], ["compare", "--parent", "500116", "--level", "town"]])
def test_database_mode_sets_django_up_before_reading_the_database(tmp_path, command):
    """In a fresh process (Django not set up, as a batch user runs it) database mode used to stop with
    ImproperlyConfigured before reaching the plan; now an unknown plan is named in Chinese."""
    import subprocess
    import sys

    env = {**os.environ, "PLANWATCH_DATA_DIR": str(tmp_path)}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    out = tmp_path / "r.docx"
    done = subprocess.run(
        [sys.executable, "-c", "from planwatch.cli import main; main()", "report", *command,
         "--plan-id", "999999", "--year", "2025", "-o", str(out)],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr[-2000:]
    assert "规划 999999 不存在" in done.stderr + done.stdout
    assert "ImproperlyConfigured" not in done.stderr and not out.exists()
