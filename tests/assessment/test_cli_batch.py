"""``planwatch assess --plan PLAN.json --data OBS.csv`` (batch mode, no database)."""

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from planwatch.cli import cli

FIX = Path(__file__).parent / "fixtures"


def invoke(*args):
    return CliRunner().invoke(cli, ["assess", *map(str, args)])


def test_csv_output_one_row_per_cell_with_required_columns():
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    for col in ("status", "target", "progress", "change", "projected_value", "projection_year", "warnings",
                "explanation"):  # fmt: skip
        assert col in rows[0]
    mmr = [r for r in rows if r["indicator"] == "孕产妇死亡率" and r["year"] == "2023"]
    assert len(mmr) == 1 and mmr[0]["status"] == "met" and mmr[0]["target"] == "≤8/10万"
    assert mmr[0]["explanation"].startswith("孕产妇死亡率2023年为7.5/10万")
    village = [r for r in rows if r["indicator"] == "村委会成员中女性比例" and r["year"] == "2023"][0]
    assert village["status"] == "not_met" and "at_risk" in village["warnings"]
    party = [r for r in rows if r["indicator"] == "女党员比例" and r["year"] == "2023"][0]
    assert party["status"] == "met"  # 28.0 ≥ reference 27.5
    assert not [r for r in rows if r["indicator"] == "党员总数中女性比例"]  # reference series is not assessed


def test_csv_and_json_rows_carry_the_status_code_and_its_label():
    csv_rows = list(csv.DictReader(io.StringIO(invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv",
                                                      "--format", "csv").stdout)))  # fmt: skip
    header = list(csv_rows[0])
    assert header.index("status_label") == header.index("status") + 1
    assert header.index("milestone_status_label") == header.index("milestone_status") + 1
    json_rows = json.loads(
        invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--format", "json").stdout
    )
    labels = {
        "met": "达标",
        "near": "接近",
        "not_met": "未达标",
        "no_data": "无数据",
        "not_assessable": "不可评估",
    }
    for rows in (csv_rows, json_rows):
        assert {r["status"] for r in rows} >= {"met", "not_met"}
        assert all(r["status_label"] == labels[r["status"]] for r in rows)
    mmr = next(r for r in json_rows if r["indicator"] == "孕产妇死亡率" and r["year"] == 2023)
    assert (mmr["status"], mmr["status_label"]) == ("met", "达标")


def test_bad_rows_reported_with_line_numbers_not_crashed_on():
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv")
    assert res.exit_code == 0
    err = res.stderr
    assert "第20行：数值「abc」不是数字" in err
    assert "第21行：指标「孕产妇系统管理率」的数值 120% 超过上限" in err
    assert "第22行：指标「不存在的指标」不在规划中" in err
    assert "第23行：年份「二〇二三」不是整数" in err
    assert "第24行：性别「unknown」" in err
    assert "共跳过 5 行" in err
    strict = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--strict")
    assert strict.exit_code == 1


def test_negative_count_and_duplicates(tmp_path):
    plan = json.loads((FIX / "plan.json").read_text(encoding="utf-8"))
    plan["plans"][0]["indicators"].append(
        {
            "name": "女性就业人数",
            "unit": "万人",
            "target": {"text": "增加", "kind": "direction_up", "year": 2030},
        }
    )
    (tmp_path / "p.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "o.csv").write_text(
        "indicator,region,year,value,numerator,denominator\n女性就业人数,A,2022,-3,,\n女性就业人数,A,2023,5,,\n"
        "女性就业人数,A,2023,6,,\n孕产妇系统管理率,A,2023,,1200,1000\n孕产妇系统管理率,A,2022,,900,1000\n",
        encoding="utf-8",
    )
    res = invoke("--plan", tmp_path / "p.json", "--data", tmp_path / "o.csv")
    assert "第2行：指标「女性就业人数」的数值 -3万人 不可能为负" in res.stderr
    assert "第3行：与其他行重复" in res.stderr and "第4行：与其他行重复" in res.stderr
    assert "第5行：分子 1200 大于分母 1000，比率超过100%" in res.stderr
    assert "孕产妇系统管理率2022年为90%" in res.stdout  # value derived from numerator / denominator


def test_json_output_year_filter_and_rollup_regions():
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--regions", FIX / "regions.csv",
                 "--year", 2023, "--format", "json")  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {r["year"] for r in rows} == {2023}
    city = [r for r in rows if r["region"] == "测试市" and r["indicator"] == "孕产妇系统管理率"][0]
    assert city["source"] == "rollup" and abs(city["value"] - (935 + 1940) / 3000 * 100) < 1e-3


def test_usage_and_input_errors(tmp_path):
    res = invoke("--plan", FIX / "plan.json")
    assert res.exit_code == 2 and "同时给出 --plan 和 --data" in res.output
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    res = invoke("--plan", tmp_path / "bad.json", "--data", FIX / "obs.csv")
    assert res.exit_code == 1 and "无法读取规划 JSON" in res.output
    (tmp_path / "cols.csv").write_text("indicator,year\nx,2020\n", encoding="utf-8")
    res = invoke("--plan", FIX / "plan.json", "--data", tmp_path / "cols.csv")
    assert res.exit_code == 1 and "缺少必需的列 region、value" in res.output
    (tmp_path / "empty.json").write_text(json.dumps({"plans": []}), encoding="utf-8")
    res = invoke("--plan", tmp_path / "empty.json", "--data", FIX / "obs.csv")
    assert res.exit_code == 1 and "没有任何监测指标" in res.output


def test_table_format_and_output_file(tmp_path):
    out = tmp_path / "r.csv"
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "-o", out)
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("indicator,plan,")
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--format", "table", "--year", 2023)
    assert res.exit_code == 0 and "孕产妇死亡率" in res.stdout


def test_summary_shares():
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--year", 2023, "--summary")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    decision = [r for r in rows if r["area"] == "妇女参与决策和管理"][0]
    assert (decision["met"], decision["not_met"], decision["not_assessable"], decision["met_share"]) == (
        "1", "1", "1", "50.0",
    )  # fmt: skip


def test_region_file_errors(tmp_path):
    (tmp_path / "r.csv").write_text("code,name\nA县,A县\n", encoding="utf-8")
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--regions", tmp_path / "r.csv")
    assert res.exit_code == 1 and "地区表需要 code,parent 两列" in res.output
    (tmp_path / "r2.csv").write_text("code,parent\n测试市,\nA县,测试市\n", encoding="utf-8")  # B县 missing
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--regions", tmp_path / "r2.csv")
    # rows of a region outside the tree are skipped with their line numbers; the rest is assessed
    assert res.exit_code == 0, res.output
    for line in (8, 9, 10):
        assert f"第{line}行：地区代码「B县」不在地区表中" in res.stderr
    assert "第2行" not in res.stderr and "共跳过 8 行" in res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and not [r for r in rows if r["region"] == "B县"]
    city = [
        r
        for r in rows
        if r["region"] == "测试市" and r["indicator"] == "孕产妇系统管理率" and r["year"] == "2023"
    ]
    assert city[0]["value"] == "93.5"  # only A县 left to roll up
    strict = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--regions", tmp_path / "r2.csv",
                    "--strict")  # fmt: skip
    assert strict.exit_code == 1
    (tmp_path / "r3.csv").write_text("code,parent\n测试市,A县\nA县,测试市\nB县,测试市\n", encoding="utf-8")
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--regions", tmp_path / "r3.csv")
    assert res.exit_code == 1 and "成环" in res.output


def test_gbk_csv_from_excel_and_binary_file(tmp_path):
    text = (FIX / "obs.csv").read_text(encoding="utf-8").splitlines()[:4]
    (tmp_path / "gbk.csv").write_bytes(("\r\n".join(text) + "\r\n").encode("gbk"))
    res = invoke("--plan", FIX / "plan.json", "--data", tmp_path / "gbk.csv", "--year", 2023)
    assert res.exit_code == 0 and "孕产妇死亡率2023年为7.5/10万" in res.stdout
    (tmp_path / "bin.csv").write_bytes(bytes(range(128, 256)) * 4)
    res = invoke("--plan", FIX / "plan.json", "--data", tmp_path / "bin.csv")
    assert res.exit_code == 1 and "无法识别文件编码" in res.output


def test_thresholds_set_on_the_command_line(tmp_path):
    base = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--year", 2023, "--format", "json")
    rows = {
        r["indicator"]: r for r in json.loads(base.stdout) if r["region"] == "A县" and r["sex"] == "total"
    }
    assert rows["村委会成员中女性比例"]["status"] == "not_met"  # 22 % against ≥30 %: 26.7 % short
    wide = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--year", 2023, "--format", "json",
                  "--set", "near_band=0.3")  # fmt: skip
    assert wide.exit_code == 0, wide.output
    rows = {
        r["indicator"]: r for r in json.loads(wide.stdout) if r["region"] == "A县" and r["sex"] == "total"
    }
    assert rows["村委会成员中女性比例"]["status"] == "near"  # within 30 % of the target now


def test_bad_threshold_settings_are_named():
    args = ("--plan", FIX / "plan.json", "--data", FIX / "obs.csv")
    res = invoke(*args, "--set", "near_bnd=0.1")
    assert res.exit_code == 2 and "未知的评估参数「near_bnd」" in res.output and "near_band" in res.output
    res = invoke(*args, "--set", "near_band=很大")
    assert res.exit_code == 2 and "参数 near_band 的值「很大」不是数字" in res.output
    res = invoke(*args, "--set", "near_band")
    assert res.exit_code == 2 and "应写成 参数名=数值" in res.output
    res = invoke(*args, "--set", "volatile_abs=3")  # a per-unit table, not one number
    assert res.exit_code == 2 and "未知的评估参数「volatile_abs」" in res.output
    res = invoke(*args, "--set", "outlier_z=-1")
    assert res.exit_code == 2 and "不能为负数" in res.output


def test_nothing_to_assess_is_said_not_left_silent(tmp_path):
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--year", 1999)
    assert res.exit_code == 0 and res.stdout.startswith("indicator,plan,")
    assert len(res.stdout.strip().splitlines()) == 1  # header only
    assert "1999年没有任何评估结果" in res.stderr
    (tmp_path / "only_bad.csv").write_text(
        "indicator,region,year,value\n不存在,A县,2023,5\n", encoding="utf-8"
    )
    res = invoke("--plan", FIX / "plan.json", "--data", tmp_path / "only_bad.csv", "--format", "json")
    assert "第2行：指标「不存在」不在规划中" in res.stderr and "数据中没有任何评估结果" in res.stderr
    ok = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--year", 2023)
    assert "没有任何评估结果" not in ok.stderr


def test_summary_as_terminal_table():
    res = invoke("--plan", FIX / "plan.json", "--data", FIX / "obs.csv", "--year", 2023, "--summary",
                 "--format", "table")  # fmt: skip
    assert res.exit_code == 0
    assert (
        "met_share" in res.stdout
        and "妇女参与决策和管理" in res.stdout
        and "," not in res.stdout.splitlines()[1]
    )


def twice_stated_plan(tmp_path, goal_first: bool = True) -> Path:
    """孕产妇死亡率 in the 专栏 table (<8/10万) and again in a goal sentence that prints no unit (持续降低)."""
    table = {"name": "孕产妇死亡率", "area": "妇女与健康", "unit": "1/10万", "attribute": "binding",
             "direction": "lower_is_better", "origin": "table",
             "target": {"text": "<8", "kind": "numeric_max", "comparator": "<", "value": 8, "year": 2030}}  # fmt: skip
    goal = {"name": "孕产妇死亡率", "area": "妇女与健康", "unit": "", "direction": "lower_is_better", "origin": "goal",
            "target": {"text": "持续降低", "kind": "direction_down", "year": 2030}}  # fmt: skip
    life = {"name": "妇女平均预期寿命", "area": "妇女与健康", "unit": "岁", "origin": "table",
            "target": {"text": "≥80", "kind": "numeric_min", "comparator": ">=", "value": 80, "year": 2030}}  # fmt: skip
    plan = {"title": "测试区妇女发展规划", "population": "women", "period": [2021, 2030],
            "areas": [{"name": "妇女与健康", "order": 1, "goals": [], "strategies": []}],
            "indicators": [goal, table, life] if goal_first else [table, goal, life]}  # fmt: skip
    path = tmp_path / "twice.json"
    path.write_text(json.dumps({"region": "A", "plans": [plan]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_goal_sentence_copy_inherits_the_table_unit_and_restates_it(tmp_path):
    from planwatch.assessment.io import read_plan

    specs = {s.key: s for s in read_plan(twice_stated_plan(tmp_path)).specs}
    goal, table = specs["P1-1"], specs["P1-2"]
    assert (goal.unit, goal.restates, table.restates) == ("1/10万", "P1-2", None)


def test_impossible_values_are_invalid_rows_with_the_reason(tmp_path):
    (tmp_path / "o.csv").write_text(
        "indicator,region,year,value\n孕产妇死亡率,A,2022,9\n孕产妇死亡率,A,2023,-1\n妇女平均预期寿命,A,2023,-3\n"
        "妇女平均预期寿命,A,2024,abc\n",
        encoding="utf-8",
    )
    res = invoke("--plan", twice_stated_plan(tmp_path), "--data", tmp_path / "o.csv")
    assert res.exit_code == 0, res.output
    # stderr still names every line …
    assert "第3行：指标「孕产妇死亡率」的数值 -1/10万 不可能为负" in res.stderr
    assert "第4行：指标「妇女平均预期寿命」的数值 -3岁 不可能为负" in res.stderr
    assert "第5行：数值「abc」不是数字" in res.stderr
    assert "共跳过 3 行有问题的数据（其中 3 行数值不可能，已在结果中标为「无效」）" in res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    # … and the output rows say it: −1 is no longer 达标 for <8 (the unit-less copy used to switch the check off)
    mmr = [r for r in rows if r["indicator"] == "孕产妇死亡率" and r["year"] == "2023"]
    assert len(mmr) == 2 and {r["status"] for r in mmr} == {"invalid"}
    assert all("不可能为负" in r["reason"] and r["value"] == "" for r in mmr)
    assert mmr[0]["explanation"].startswith("孕产妇死亡率2023年报送的数值「-1」无效（")
    life = [r for r in rows if r["indicator"] == "妇女平均预期寿命"]
    assert {r["year"] for r in life if r["status"] == "invalid"} == {"2023", "2024"}
    assert not [r for r in rows if r["status"] == "met"]
    # --year keeps only that year's invalid cells
    res = invoke("--plan", twice_stated_plan(tmp_path), "--data", tmp_path / "o.csv", "--year", 2024)
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [(r["indicator"], r["status"]) for r in rows if r["status"] == "invalid"] == [
        ("妇女平均预期寿命", "invalid")
    ]


def test_an_indicator_stated_twice_counts_once_in_the_summary(tmp_path):
    (tmp_path / "o.csv").write_text(
        "indicator,region,year,value\n孕产妇死亡率,A,2022,9\n孕产妇死亡率,A,2023,7\n妇女平均预期寿命,A,2023,81\n",
        encoding="utf-8",
    )
    for goal_first in (True, False):
        res = invoke("--plan", twice_stated_plan(tmp_path, goal_first), "--data", tmp_path / "o.csv", "--year", 2023,
                     "--summary")  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(res.stdout)))
        # three plan indicators, two quantities: 孕产妇死亡率 (<8: 达标, 约束性) and 预期寿命 (≥80: 达标)
        assert sum(int(r["indicators"]) for r in rows) == 2 and sum(int(r["met"]) for r in rows) == 2
        binding = [r for r in rows if r["attribute"] == "约束性"][0]
        assert (binding["indicators"], binding["met_share"], binding["invalid"]) == ("1", "100.0", "0")


def test_invalid_cells_are_counted_apart_from_the_assessed_ones(tmp_path):
    (tmp_path / "o.csv").write_text(
        "indicator,region,year,value\n孕产妇死亡率,A,2023,-1\n妇女平均预期寿命,A,2023,81\n", encoding="utf-8"
    )
    res = invoke(
        "--plan", twice_stated_plan(tmp_path), "--data", tmp_path / "o.csv", "--year", 2023, "--summary"
    )
    rows = {r["attribute"]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert (rows["约束性"]["invalid"], rows["约束性"]["assessable"], rows["约束性"]["met_share"]) == (
        "1",
        "0",
        "",
    )
    assert (rows["未标注"]["met"], rows["未标注"]["invalid"]) == ("1", "0")


def test_jiangjin_children_targets_met_at_base_then_worse_read_as_deterioration(tmp_path, seed_paths):
    """江津's children plan prints four targets equal to their 2020 baseline (学前教育毛入园率 ≥98.2, 九年义务教育
    巩固率 100, 高中阶段毛入学率 >98.5, 农村自来水普及率 ≥90); a worse 2023 value is 退步, not 无法评估."""
    parsed = CliRunner().invoke(cli, ["plan", "parse", str(seed_paths["000"]), "--json"])
    assert parsed.exit_code == 0, parsed.output
    (tmp_path / "jj.json").write_text(parsed.stdout, encoding="utf-8")
    worse = {
        "学前教育毛入园率": 97.0,
        "九年义务教育巩固率": 97.5,
        "高中阶段毛入学率": 97.0,
        "农村自来水普及率": 88.0,
    }
    lines = ["indicator,region,year,value", *(f"{name},江津区,2023,{v}" for name, v in worse.items())]
    (tmp_path / "o.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = invoke("--plan", tmp_path / "jj.json", "--data", tmp_path / "o.csv", "--year", 2023)
    assert res.exit_code == 0, res.output
    rows = [
        r for r in csv.DictReader(io.StringIO(res.stdout)) if r["plan"].startswith("重庆市江津区儿童发展规划")
    ]
    by_name = {r["indicator"]: r for r in rows if r["indicator"] in worse}
    assert set(by_name) == set(worse)
    for name, r in by_name.items():
        assert r["base_year"] == "2020" and r["progress_measure"] == "退步", (name, r)
        assert "与2020年基期相比退步" in r["explanation"] and "已完成目标差距" not in r["explanation"]


def test_impossible_levels_fractions_and_per_ten_thousand_rates_are_refused(tmp_path):
    plan = json.loads((FIX / "plan.json").read_text(encoding="utf-8"))
    plan["plans"][0]["indicators"] += [
        {
            "name": "女性人均预期寿命",
            "unit": "岁",
            "target": {"text": "提高", "kind": "direction_up", "year": 2030},
        },
        {
            "name": "女性平均受教育年限",
            "unit": "年",
            "target": {"text": "提高", "kind": "direction_up", "year": 2030},
        },
        {
            "name": "儿童意外伤害死亡率",
            "unit": "1/万",
            "target": {"text": "降低", "kind": "direction_down", "year": 2030},
        },
    ]
    (tmp_path / "p.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "o.csv").write_text(
        "indicator,region,year,value,numerator,denominator\n"
        "女性人均预期寿命,A,2022,-3,,\n"
        "女性人均预期寿命,A,2023,130,,\n"
        "女性平均受教育年限,A,2022,-1,,\n"
        "孕产妇系统管理率,A,2022,95,80,100\n"
        "儿童意外伤害死亡率,A,2022,,2,1\n"
        "儿童意外伤害死亡率,A,2023,,3,10000\n",
        encoding="utf-8",
    )
    res = invoke("--plan", tmp_path / "p.json", "--data", tmp_path / "o.csv")
    err = res.stderr
    assert "第2行：指标「女性人均预期寿命」的数值 -3岁 不可能为负" in err
    assert "第3行：指标「女性人均预期寿命」的数值 130岁 超过上限 120岁" in err
    assert "第4行：指标「女性平均受教育年限」的数值 -1年 不可能为负" in err
    assert "第5行：指标「孕产妇系统管理率」的数值 95% 与分子/分母算出的 80% 不符" in err
    assert "第6行：分子 2 大于分母 1" in err and "20000/万 超过上限 10000/万" in err
    assert "第7行" not in err
    assert "儿童意外伤害死亡率2023年为3/万" in res.stdout  # 3 / 10000 × 10000, not 0.0003


def test_an_invalid_value_alone_still_gets_its_row(tmp_path):
    """Nothing else to assess (the value is of a region the plan's baseline does not cover): one 无效 row."""
    plan = json.loads(twice_stated_plan(tmp_path).read_text(encoding="utf-8"))
    plan["region"] = "Z"
    (tmp_path / "p.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "o.csv").write_text(
        "indicator,region,year,value\n妇女平均预期寿命,B,2023,130\n", encoding="utf-8"
    )
    res = invoke("--plan", tmp_path / "p.json", "--data", tmp_path / "o.csv", "--format", "json")
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)
    assert (row["indicator"], row["region"], row["year"], row["status"], row["target"]) == (
        "妇女平均预期寿命", "B", 2023, "invalid", "≥80岁",
    )  # fmt: skip
    assert "超过上限 120岁" in row["reason"] and row["value"] is None
