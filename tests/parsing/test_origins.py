"""Every sentence is read; the section it stands in becomes the indicator's ``origin`` (issue 11)."""

from __future__ import annotations

from planwatch.parsing.document import parse_document

PLAN = """示范县妇女发展规划（2021—2030年）
一、发展基础
2020年，全县孕产妇系统管理率达到92.5%。
二、发展领域、主要目标和策略措施
（一）妇女与健康
主要目标：
1．孕产妇死亡率控制在10/10万以下。
策略措施：
1．加强孕产妇健康管理。孕产妇系统管理率达到90%以上，提高危急重症抢救成功率。
2．发展普惠托育。护理型床位占比不低于50%。
专栏1 妇女健康重点项目
1．基础设施提升项目。新建11所小学、改建1所幼儿园，扎实改造农村户厕3万户，新建2－3所公办幼儿园。
三、组织实施
（一）加强监测。2022年全县孕产妇系统管理率为95.2%。适龄儿童人数达到10人及以上的行政村举办1所托育园。
"""


def _by_name(text: str) -> dict:
    (plan,) = parse_document(text.encode(), "plan.txt").plans
    return {i.name: i for i in plan.indicators}


def test_strategy_and_project_targets_are_measures() -> None:
    inds = _by_name(PLAN)
    assert inds["孕产妇死亡率"].origin == "goal"
    smr = inds["孕产妇系统管理率"]
    assert (smr.origin, smr.area, smr.target.comparator, smr.target.value, smr.line) == (
        "strategy", "妇女与健康", ">=", 90, 9
    )  # fmt: skip
    assert inds["护理型床位占比"].origin == "strategy" and inds["护理型床位占比"].target.value == 50
    # the background sentence gives the baseline, never a target
    assert (smr.baseline.year, smr.baseline.value) == (2020, 92.5)
    assert all(i.target.value != 92.5 for i in inds.values())


def test_counts_in_projects() -> None:
    inds = _by_name(PLAN)
    got = {
        n: (i.origin, i.target.kind, i.target.value, i.unit) for n, i in inds.items() if n.endswith("数量")
    }
    assert got == {
        "新建小学数量": ("project", "numeric_min", 11, "所"),
        "改建幼儿园数量": ("project", "numeric_min", 1, "所"),
        "改造农村户厕数量": ("project", "numeric_min", 30000, "户"),  # 3万户
        "新建公办幼儿园数量": ("project", "numeric_min", 2, "所"),  # 2－3所: at least the lower bound
    }


def test_measures_without_a_number_reported_values_and_conditions_are_not_targets() -> None:
    inds = _by_name(PLAN)
    assert "危急重症抢救成功率" not in inds  # "提高…" in a measure: a way of working, not a checkable target
    # "2022年…为95.2%" in 组织实施 is a value reported, "…达到10人及以上的行政村" a condition
    assert [i.target.value for i in inds.values() if i.name == "孕产妇系统管理率"] == [90]
    assert not any("适龄儿童" in n for n in inds)


def test_prose_outside_the_sections_is_read_as_measures() -> None:
    text = PLAN + "四、监测评估\n到2030年，监测数据上报及时率达到95%以上。\n"
    ind = _by_name(text)["监测数据上报及时率"]
    assert (ind.origin, ind.area, ind.target.value) == ("strategy", None, 95)


def test_a_title_less_excerpt_with_a_goal_list_is_read() -> None:
    text = "主要目标：\n1．孕产妇死亡率下降到8/10万以下。\n2．女性青壮年文盲基本消除。\n"
    (plan,) = parse_document(text.encode(), "excerpt.txt").plans
    assert [(i.origin, i.name) for i in plan.indicators] == [
        ("goal", "孕产妇死亡率"),
        ("goal", "女性青壮年文盲"),
    ]
    assert plan.population == "women"


def test_a_news_summary_of_a_plan_gives_its_targets_as_goals() -> None:
    text = (
        "记者从市妇儿工委获悉，到2030年，全市婴儿死亡率控制在5‰以下，中小学生每天体育活动时间不少于1小时。"
        "2022年全市婴儿死亡率为3.1‰。\n"
    )
    (plan,) = parse_document(text.encode(), "news.txt").plans
    got = [(i.origin, i.name, i.target.value) for i in plan.indicators]
    assert got == [("goal", "婴儿死亡率", 5), ("goal", "中小学生每天体育活动时间", 1)]  # 2022 …为3.1‰: a fact
    assert (plan.population, plan.period) == ("children", (2021, 2030))


def test_a_text_with_neither_targets_nor_plan_structure_is_refused_saying_which() -> None:
    import pytest

    from planwatch.parsing.errors import ParseError

    with pytest.raises(ParseError, match="既没有目标.*也没有规划的结构"):
        parse_document("今天天气很好。我们去公园散步。".encode(), "note.txt")
