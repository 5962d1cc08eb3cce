"""``planwatch plan parse`` and ``planwatch bench parse``."""

from __future__ import annotations

import json

from click.testing import CliRunner
from plan_documents import SAMPLE_PLAN

from planwatch.cli import cli


def test_parse_json_schema(seed_paths) -> None:  # noqa: ANN001 - pytest fixture
    result = CliRunner().invoke(cli, ["plan", "parse", str(seed_paths["004"]), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["region"] == "大渡口区" and data["doc_number"] == "大渡口府发〔2023〕7号"
    (plan,) = data["plans"]
    assert plan["population"] == "children" and plan["period"] == [2021, 2030]
    ind = plan["indicators"][0]
    assert set(ind) >= {
        "area",
        "name",
        "unit",
        "attribute",
        "direction",
        "target",
        "milestones",
        "baseline",
        "departments",
        "line",
        "seq",
        "origin",
        "source_text",
    }
    assert set(ind["target"]) >= {"text", "kind", "comparator", "value", "year"}
    assert "新生儿死亡率" in result.output  # ensure_ascii=False: Chinese printed as is


def test_parse_summary(tmp_path) -> None:  # noqa: ANN001 - pytest fixture
    path = tmp_path / "示范.txt"
    path.write_bytes(SAMPLE_PLAN.encode("gb18030"))
    result = CliRunner().invoke(cli, ["plan", "parse", str(path)])
    assert result.exit_code == 0, result.output
    assert "示范县妇女发展规划" in result.output and "孕产妇死亡率" in result.output
    assert "示范政发〔2023〕5号" in result.output


def test_parse_bad_input_exits_non_zero_with_chinese_message(tmp_path) -> None:  # noqa: ANN001
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["plan", "parse", str(empty), "--json"])
    assert result.exit_code != 0
    assert "empty.txt：文件为空" in result.output
    result = CliRunner().invoke(cli, ["plan", "parse", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0 and "missing.txt：无法读取文件（文件不存在）" in result.output
    assert "No such file" not in result.output
    result = CliRunner().invoke(cli, ["plan", "parse", str(tmp_path)])
    assert result.exit_code != 0 and "这是一个目录" in result.output
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = CliRunner().invoke(cli, ["plan", "parse", str(binary)])
    assert result.exit_code != 0 and "photo.txt：文件是二进制数据" in result.output
    memo = tmp_path / "memo.txt"
    memo.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["plan", "parse", str(memo)])
    assert result.exit_code != 0 and "memo.txt：不是规划文本" in result.output


def test_bench_parse_prints_documents_per_second() -> None:
    result = CliRunner().invoke(cli, ["bench", "parse", "--repeat", "1", "--no-recall", "--limit", "60"])
    assert result.exit_code == 0, result.output
    assert "documents/second" in result.output and "CPU 时间" in result.output
    assert result.output.count(".txt:") == 5
    assert "风格" not in result.output


def test_bench_parse_reports_recall_on_styles_and_the_style_corpus(tmp_path) -> None:  # noqa: ANN001
    import shutil
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "data" / "plans" / "dadukou_children_2021-2030.txt"
    shutil.copy(seed, tmp_path / seed.name)
    result = CliRunner().invoke(
        cli, ["bench", "parse", "--repeat", "1", "--dir", str(tmp_path), "--limit", "60"]
    )
    assert result.exit_code == 0, result.output
    assert "风格 traditional：54/54 个指标与原文一致（100.0%）" in result.output
    assert "风格语料 9 个文件：召回 56/56（100.0%），多识别 0 个" in result.output
    assert "未识别" not in result.output


def test_bench_parse_names_what_the_corpus_misses_and_fails_over_its_limit(tmp_path) -> None:  # noqa: ANN001
    import shutil
    from pathlib import Path

    import yaml

    here = Path(__file__).parent
    seed = here.parents[1] / "data" / "plans" / "dadukou_children_2021-2030.txt"
    (tmp_path / "seeds").mkdir()
    shutil.copy(seed, tmp_path / "seeds" / seed.name)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = here / "style_corpus" / "06_children_2001_2010.txt"
    shutil.copy(src, corpus / src.name)
    exp = yaml.safe_load(src.with_suffix(".yaml").read_text(encoding="utf-8"))
    exp["indicators"][2]["value"] = 3  # 3万户 is 30000 户: an expectation of 3 is not met
    (corpus / "06_children_2001_2010.yaml").write_text(
        yaml.safe_dump(exp, allow_unicode=True), encoding="utf-8"
    )
    args = ["bench", "parse", "--repeat", "1", "--dir", str(tmp_path / "seeds"), "--corpus", str(corpus)]
    result = CliRunner().invoke(cli, [*args, "--limit", "60"])
    assert result.exit_code == 0, result.output
    assert "风格语料 1 个文件：召回 2/3（66.7%），多识别 1 个" in result.output
    assert "06_children_2001_2010.txt：未识别 农村改水受益人口" in result.output
    over = CliRunner().invoke(cli, [*args, "--no-recall", "--limit", "0.000001"])
    assert over.exit_code == 1 and "未达标" in over.output


def test_bench_parse_empty_directory(tmp_path) -> None:  # noqa: ANN001 - pytest fixture
    result = CliRunner().invoke(cli, ["bench", "parse", "--dir", str(tmp_path)])
    assert result.exit_code != 0 and "没有规划文件" in result.output
