"""The shipped dictionary files are valid; broken files give Chinese errors naming file, entry and field."""

from pathlib import Path

import pytest

from planwatch.dictionary.alignment import load_outlines
from planwatch.dictionary.entries import load_dictionary
from planwatch.dictionary.errors import AlignmentInputError, DictionaryError

GOOD_ENTRY = """
  - code: W-HEA-01
    name: 妇女人均预期寿命
    synonyms: [女性人均预期寿命]
    definition: 定义
    unit: 岁
    unit_family: age
    direction: higher_is_better
    disaggregations: [urban_rural]
    departments: [卫健委]
    area: 妇女与健康
"""


def _write(tmp_path: Path, body: str, name: str = "indicators_women.yaml", population: str = "women") -> Path:
    (tmp_path / name).write_text(f"population: {population}\nentries:\n{body}", encoding="utf-8")
    return tmp_path


def test_shipped_dictionary_loads_and_covers_both_outlines():
    d = load_dictionary()
    pops = {e.population for e in d.entries}
    assert pops == {"women", "children"}
    assert len(d) >= 200
    assert d.get("W-HEA-03").unit == "1/10万" and d.get("W-HEA-03").direction == "lower_is_better"
    assert d.get("C-HEA-01").unit == "‰"
    areas = {e.area for e in d.entries if e.population == "women"}
    assert {
        "妇女与健康",
        "妇女与教育",
        "妇女与经济",
        "妇女参与决策和管理",
        "妇女与社会保障",
        "妇女与家庭建设",
        "妇女与环境",
        "妇女与法律",
    } <= areas
    areas = {e.area for e in d.entries if e.population == "children"}
    assert {
        "儿童与健康",
        "儿童与安全",
        "儿童与教育",
        "儿童与福利",
        "儿童与家庭",
        "儿童与环境",
        "儿童与法律保护",
    } <= areas


def test_every_national_target_names_a_dictionary_entry_of_its_population():
    d = load_dictionary()
    outlines = load_outlines(dictionary=d)
    assert set(outlines) == {"national-women", "national-children"}
    for key, outline in outlines.items():
        assert outline.period == (2021, 2030)
        for t in outline.targets:
            assert d.get(t.code).population == outline.population, (key, t.code)


def test_good_file_loads(tmp_path):
    d = load_dictionary(_write(tmp_path, GOOD_ENTRY))
    assert d.get("W-HEA-01").synonyms == ["女性人均预期寿命"]


def test_broken_yaml_names_file_and_line(tmp_path):
    with pytest.raises(DictionaryError, match=r"indicators_women.yaml：第 \d+ 行：YAML 格式错误"):
        load_dictionary(_write(tmp_path, GOOD_ENTRY + "  - code: [unclosed\n"))


def test_duplicate_codes_are_refused(tmp_path):
    with pytest.raises(DictionaryError, match="编码 W-HEA-01 重复"):
        load_dictionary(_write(tmp_path, GOOD_ENTRY + GOOD_ENTRY.replace("妇女人均预期寿命", "别的名称")))


def test_unknown_unit_names_entry_and_field(tmp_path):
    with pytest.raises(DictionaryError, match="条目 W-HEA-01：字段「unit」：未知单位「公斤」"):
        load_dictionary(_write(tmp_path, GOOD_ENTRY.replace("unit: 岁", "unit: 公斤")))


def test_unit_family_must_match_the_unit(tmp_path):
    with pytest.raises(DictionaryError, match="单位「岁」属于「age」，不是「rate」"):
        load_dictionary(_write(tmp_path, GOOD_ENTRY.replace("unit_family: age", "unit_family: rate")))


def test_missing_field_bad_direction_and_bad_code_are_all_reported_at_once(tmp_path):
    body = GOOD_ENTRY.replace("    definition: 定义\n", "").replace("higher_is_better", "upwards")
    body += GOOD_ENTRY.replace("W-HEA-01", "W-HEALTH-2").replace("妇女人均预期寿命", "另一个")
    with pytest.raises(DictionaryError) as exc:
        load_dictionary(_write(tmp_path, body))
    text = str(exc.value)
    assert "缺少字段「definition」" in text
    assert "字段「direction」：「upwards」不是" in text
    assert "条目 W-HEALTH-2：编码格式应为" in text
    assert text.startswith("指标字典有 3 处错误")


def test_code_letter_must_match_file_population(tmp_path):
    with pytest.raises(DictionaryError, match="编码人群字母与文件人群「children」不符"):
        load_dictionary(_write(tmp_path, GOOD_ENTRY, "indicators_children.yaml", "children"))


def test_a_synonym_may_belong_to_one_entry_per_population(tmp_path):
    other = GOOD_ENTRY.replace("W-HEA-01", "W-HEA-02").replace("name: 妇女人均预期寿命", "name: 其他指标")
    with pytest.raises(DictionaryError, match="名称「女性人均预期寿命」同时出现在 W-HEA-01 和 W-HEA-02"):
        load_dictionary(_write(tmp_path, GOOD_ENTRY + other))


def test_unknown_disaggregation_and_empty_directory(tmp_path):
    with pytest.raises(DictionaryError, match="未知分组「province」"):
        load_dictionary(_write(tmp_path, GOOD_ENTRY.replace("[urban_rural]", "[province]")))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DictionaryError, match="没有找到字典文件"):
        load_dictionary(empty)


def test_outline_fixture_with_unknown_code_is_refused(tmp_path):
    path = tmp_path / "outlines.yaml"
    path.write_text(
        "outlines:\n  x:\n    title: t\n    population: women\n    period: [2021, 2030]\n"
        "    targets:\n      - {code: W-XXX-99, kind: direction_up}\n",
        encoding="utf-8",
    )
    with pytest.raises(AlignmentInputError, match="x 第 1 条目标：编码 W-XXX-99 不在指标字典中"):
        load_outlines(path, dictionary=load_dictionary())
