"""Direction inference, name/unit cells and name cleaning (planwatch.parsing.vocab)."""

from __future__ import annotations

import pytest

from planwatch.parsing.vocab import clean_name, infer_direction, is_quantity, split_name_unit


@pytest.mark.parametrize(
    ("name", "direction"),
    [
        ("孕产妇死亡率", "lower_is_better"),
        ("儿童暴力伤害发生率", "lower_is_better"),
        ("孕产妇贫血患病率", "lower_is_better"),
        ("5岁以下儿童低体重率", "lower_is_better"),
        ("儿童肥胖率", "lower_is_better"),
        ("小学生近视率", "lower_is_better"),
        ("未成年人犯罪人数占未成年人人口数量的比重", "lower_is_better"),
        ("5岁以下儿童生长迟缓率", "lower_is_better"),
        ("女职工职业病发病率", "lower_is_better"),
        ("杀害、强奸、伤害、侮辱、拐卖妇女刑事案件发生数", "lower_is_better"),
        ("艾滋病母婴传播率", "lower_is_better"),
        ("男女收入差距", "lower_is_better"),
        ("出生人口性别比", "neutral"),
        ("城镇公共厕所男女厕位比", "neutral"),
        ("婚前医学检查率", "higher_is_better"),
        ("妇女人均预期寿命", "higher_is_better"),
        ("就业人员中女性比例", "higher_is_better"),
    ],
)
def test_infer_direction(name: str, direction: str) -> None:
    assert infer_direction(name) == direction


def test_approx_and_ratio_targets_are_neutral() -> None:
    assert infer_direction("就业人员中女性比例", "approx") == "neutral"
    assert infer_direction("城镇公共厕所男女厕位比例", "ratio") == "neutral"
    assert infer_direction("孕产妇死亡率", "numeric_max") == "lower_is_better"
    assert infer_direction("企业职工代表大会中女性比例", "relative", "~") == "neutral"
    assert infer_direction("各级党代会女代表比例", "relative", ">=") == "higher_is_better"
    assert infer_direction("") == "higher_is_better"


def test_split_name_unit() -> None:
    assert split_name_unit("孕产妇死亡率（1/10万）") == ("孕产妇死亡率", "1/10万")
    assert split_name_unit("婚前医学检查率（%）") == ("婚前医学检查率", "%")
    assert split_name_unit("  妇女人均预期寿命 （岁）") == ("妇女人均预期寿命", "岁")
    assert split_name_unit("") == ("", "")


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("到2030年，全区孕产妇死亡率", "孕产妇死亡率"),
        ("全市15—69岁女性健康素养水平", "15—69岁女性健康素养水平"),
        ("我县农村自来水普及率", "农村自来水普及率"),
        ("本区城乡社区儿童之家覆盖率", "城乡社区儿童之家覆盖率"),
        ("逐步提高乳腺癌筛查覆盖率", "乳腺癌筛查覆盖率"),
        ("其中适龄妇女宫颈癌人群筛查率", "适龄妇女宫颈癌人群筛查率"),
        ("力争村民委员会成员中女性比例", "村民委员会成员中女性比例"),
        ("村（社区）党组织成员中女性比例", "村（社区）党组织成员中女性比例"),
        ("巩固率", "巩固率"),
        ("城乡居民基本医疗保险参保率均", "城乡居民基本医疗保险参保率"),
        ("", ""),
    ],
)
def test_clean_name(raw: str, name: str) -> None:
    assert clean_name(raw) == name


@pytest.mark.parametrize(
    ("name", "has_number", "expected"),
    [
        ("孕产妇系统管理率", False, True),
        ("就业人员中女性比例", False, True),
        ("妇女人均预期寿命", False, True),
        ("女性平均受教育年限", False, True),
        ("妇女儿童活动中心数量", False, True),
        ("妇女健康素养水平", False, True),
        ("儿童健康水平", False, False),
        ("待遇水平", True, False),
        ("高中阶段教育普及水平", False, False),
        ("服务效率", False, False),
        ("率", False, False),
        ("妇女发展环境", False, False),
    ],
)
def test_is_quantity(name: str, has_number: bool, expected: bool) -> None:
    assert is_quantity(name, has_number=has_number) == expected
