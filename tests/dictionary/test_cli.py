"""Commands: dictionary check/show/match, plan align (ids, PLAN.json, national outlines), plan registry, bench."""

import json

import pytest
from click.testing import CliRunner

from planwatch.apps.plans.importing import import_document
from planwatch.cli import cli
from planwatch.parsing import model as pm

from .seeds import document

SEED = "jiangjin_women_children_2021-2030"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_check_passes_on_the_shipped_files():
    result = run("dictionary", "check")
    assert result.exit_code == 0 and "字典校验通过" in result.output


def test_check_reports_a_broken_directory(tmp_path):
    (tmp_path / "indicators_women.yaml").write_text(
        "population: women\nentries: [1, {code: x}]\n", encoding="utf-8"
    )
    result = run("dictionary", "check", "--dir", str(tmp_path))
    assert result.exit_code == 1
    assert "第 1 条：条目必须是键值表" in result.output and "缺少字段「name」" in result.output


def test_show_entry_and_unknown_code():
    result = run("dictionary", "show", "c-hea-01")
    assert "新生儿死亡率" in result.output and "3.0‰以下" in result.output
    result = run("dictionary", "show", "C-HEA-999")
    assert result.exit_code == 1 and "字典中没有编码「C-HEA-999」" in result.output


def _plan_json(tmp_path):
    path = tmp_path / "PLAN.json"
    path.write_text(json.dumps(pm.to_json(document(SEED)), ensure_ascii=False), encoding="utf-8")
    return path


def test_align_plan_json_with_national_outline_as_json(tmp_path):
    result = run("plan", "align", str(_plan_json(tmp_path)), "national-women", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["parent"] == "中国妇女发展纲要（2021—2030年）"
    weaker = [r["code"] for r in data["rows"] if r["status"] == "weaker"]
    # 40%左右 vs 40%, 保持 vs 提高. One row per code, judged by the child's firmest statement: W-HEA-03 is no
    # longer weaker by its goal sentence 持续降低, its table row <8/10万 beats ≤12 and the sentence is listed.
    assert weaker == ["W-ECO-03", "W-DEC-09"]
    mmr = next(r for r in data["rows"] if r["code"] == "W-HEA-03")
    assert mmr["status"] == "stronger" and mmr["child_target"].startswith("<8")
    assert len(mmr["other_statements"]) == 1 and "降低（弱于上级" in mmr["other_statements"][0]
    assert data["counts"]["equal"] >= 10


def test_align_csv_to_file(tmp_path):
    out = tmp_path / "align.csv"
    result = run(
        "plan", "align", str(_plan_json(tmp_path)), "national-women", "--format", "csv", "-o", str(out)
    )
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("code,standard_name,status,status_label")
    assert "W-HEA-03,孕产妇死亡率,stronger" in text
    mmr = next(line for line in text.splitlines() if line.startswith("W-HEA-03,"))
    assert mmr.endswith("孕产妇死亡率：降低（弱于上级，第 66 行）")  # the other statement, not a list's repr


def test_align_refuses_bad_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    result = run("plan", "align", str(bad), "national-women")
    assert result.exit_code == 1 and "不是 planwatch plan parse --json 的输出" in result.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run("plan", "align", str(broken), "national-women")
    assert "第 1 行 JSON 格式错误" in result.output
    result = run("plan", "align", "no-such-file.json", "national-women")
    assert "文件不存在" in result.output
    result = run("plan", "align", "national-women", "national-children")
    assert "人群不同不能比较" in result.output


@pytest.mark.django_db
def test_align_stored_plans_and_unknown_id():
    result = import_document(document(SEED), digest="cli")
    women = next(p for p in result.plans if p.population == "women")
    out = run("plan", "align", str(women.pk), "national-women", "--format", "json")
    data = json.loads(out.stdout)
    # W-HEA-03 is judged by its table row (<8/10万), not by the goal sentence 持续降低 (see above).
    assert {r["code"] for r in data["rows"] if r["status"] == "weaker"} == {"W-ECO-03", "W-DEC-09"}
    out = run("plan", "align", "987654", "national-women")
    assert out.exit_code == 1 and "规划编号 987654 不存在" in out.output


@pytest.mark.django_db
def test_dictionary_match_is_rerunnable_and_checks_ids():
    result = import_document(document(SEED), digest="cli2")
    pid = result.plans[0].pk
    out = run("dictionary", "match", "--plan", str(pid))
    assert out.exit_code == 0 and "指标字典关联" in out.output
    out = run("dictionary", "match", "--all")
    assert out.exit_code == 0
    out = run("dictionary", "match", "--plan", "424242")
    assert out.exit_code == 1 and "规划编号 424242 不存在" in out.output
    out = run("dictionary", "match")
    assert out.exit_code == 2 and "--all" in out.output


@pytest.mark.django_db
def test_registry_command():
    import_document(document(SEED), digest="cli3")
    out = run("plan", "registry", "--format", "json")
    data = json.loads(out.stdout)
    assert {d["region_name"] for d in data} == {"江津区"}
    out = run("plan", "registry", "--region", "000001")
    assert out.exit_code == 1 and "行政区划代码 000001 不存在" in out.output


def test_bench_match_runs_and_reports_the_figure():
    # The figure is the benchmark's business: a generous limit keeps a loaded CI machine from failing the test.
    out = run("bench", "match", "--n", "20", "--repeat", "1", "--limit", "120")
    assert out.exit_code == 0 and "20 个指标" in out.output and "自动关联正确" in out.output
    out = run("bench", "match", "--n", "5", "--repeat", "1", "--limit", "0.000001")
    assert out.exit_code == 1 and "未达标" in out.output


def test_align_table_is_the_default_and_two_plan_files_need_a_population(tmp_path):
    plan_json = _plan_json(tmp_path)
    result = run("plan", "align", str(plan_json), "national-women")
    assert "规划衔接" in result.output and "弱于上级" in result.output and "W-HEA-03" in result.output
    assert "另有：" in result.output  # the other statements under the firm one (rich wraps the rest)
    result = run("plan", "align", str(plan_json), str(plan_json))
    assert result.exit_code == 1 and "文件含多个规划" in result.output and "--population" in result.output
    result = run("plan", "align", str(plan_json), str(plan_json), "--population", "women", "--format", "json")
    data = json.loads(result.stdout)
    # Against itself every code is equal: both sides are judged by their firmest statement (formerly the goal
    # sentences 降低/提高 next to a numeric table row were flagged weaker than the plan's own target).
    assert data["counts"]["stronger"] == data["counts"]["weaker"] == 0 and data["counts"]["equal"] > 40
    mmr = next(r for r in data["rows"] if r["code"] == "W-HEA-03")
    assert mmr["status"] == "equal" and any("降低" in s for s in mmr["other_statements"])


def test_check_reports_a_bad_outline_code(tmp_path):
    from planwatch.dictionary.entries import DEFAULT_DIR

    for f in DEFAULT_DIR.glob("indicators_*.yaml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "national_outline_targets.yaml").write_text(
        "outlines:\n  national-women:\n    title: t\n    population: women\n    period: [2021, 2030]\n"
        "    targets:\n      - {code: W-HEA-99, kind: direction_up}\n",
        encoding="utf-8",
    )
    result = run("dictionary", "check", "--dir", str(tmp_path))
    assert result.exit_code == 1 and "编码 W-HEA-99 不在指标字典中" in result.output


@pytest.mark.django_db
def test_export_user_entries_in_the_dictionary_format(tmp_path):
    import yaml

    from planwatch.apps.dictionary.services import create_entry_for
    from planwatch.dictionary.entries import parse_file

    result = import_document(document(SEED), digest="cli4")
    women = next(p for p in result.plans if p.population == "women")
    out = run("dictionary", "export-user", "--population", "women")
    assert out.exit_code == 0 and "没有妇女人群审核时新建的条目" in out.output
    indicator = women.indicators.first()
    create_entry_for(
        indicator, None, name="妇女新指标", unit="%", direction="higher_is_better", definition="定义"
    )
    path = tmp_path / "user.yaml"
    out = run("dictionary", "export-user", "--population", "women", "-o", str(path))
    assert out.exit_code == 0 and "已导出妇女人群审核时新建的条目 1 条" in out.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    (entry,) = data["entries"]
    assert (entry["code"], entry["name"], entry["unit"], entry["unit_family"]) == (
        "U-W-001",
        "妇女新指标",
        "%",
        "rate",
    )
    # Given a curated code, the exported entry is a valid dictionary file as it stands.
    path.write_text(path.read_text(encoding="utf-8").replace("U-W-001", "W-HEA-99"), encoding="utf-8")
    problems = []
    assert [e.code for e in parse_file(path, problems)] == ["W-HEA-99"] and problems == []
    assert "U-W-001" in run("dictionary", "export-user", "--population", "women").output
    assert "没有儿童人群" in run("dictionary", "export-user", "--population", "children").output
    bad = run("dictionary", "export-user", "--population", "men")
    assert bad.exit_code == 2 and "men" in bad.output
    out = run("dictionary", "export-user", "--population", "women", "-o", str(tmp_path / "no" / "x.yaml"))
    assert out.exit_code == 1 and "无法写入" in out.output
