"""Plans, sections, areas, goal/strategy items and 专栏 projects."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.parsing.normalize import normalize
from planwatch.parsing.para import Para
from planwatch.parsing.structure import read_layout, split_items, split_plans

TWO_PLANS = """示范县人民政府关于印发示范县妇女发展规划和示范县儿童发展规划的通知
示范县妇女发展规划（2021—2030年）
一、发展基础
2020年，孕产妇系统管理率达到92.55%。
二、发展领域、主要目标和策略措施
（一）妇女与健康
主要目标：
1．孕产妇死亡率控制在8.5/10万以下。
2．孕产妇系统管理率达到95%以上。
策略措施：
1．完善妇女健康服务体系。
2．保障孕产妇安全分娩。
（二）妇女参与决策和管理
主要目标：
1．女干部比例逐步提高。
策略措施：
1．加强培养选拔。
三、组织实施
（一）加强组织领导。落实责任。
示范县儿童发展“十四五”规划
一、总体目标
（一）儿童与健康
主要目标：
1．婴儿死亡率控制在3‰以下。
策略措施：
1．加强儿童保健。
""".splitlines()


def test_two_plans_with_periods_and_populations() -> None:
    notice, spans = split_plans(normalize(TWO_PLANS))
    assert [p.text for p in notice] == ["示范县人民政府关于印发示范县妇女发展规划和示范县儿童发展规划的通知"]
    assert [(s.population, s.period, s.line) for s in spans] == [
        ("women", (2021, 2030), 2),
        ("children", (2021, 2025), 20),
    ]
    assert spans[1].title == "示范县儿童发展“十四五”规划（2021—2025年）"


def test_period_on_the_line_after_the_title() -> None:
    _, spans = split_plans(normalize(["重庆市江津区妇女发展规划", "（2021－2030年）", "一、发展基础"]))
    assert spans[0].period == (2021, 2030)
    assert [p.text for p in spans[0].paras] == ["一、发展基础"]


def test_notice_mentions_are_not_plan_titles() -> None:
    lines = ["关于印发随县妇女发展规划(2021—2030年)", "《随县儿童发展规划(2021—2030年)》已经同意", "正文。"]
    assert split_plans(normalize(lines))[1] == []


def test_per_area_goals_and_strategies() -> None:
    _, spans = split_plans(normalize(TWO_PLANS))
    layout = read_layout(spans[0].paras)
    assert [(a.name, a.order) for a in layout.areas] == [("妇女与健康", 1), ("妇女参与决策和管理", 2)]
    health = layout.areas[0]
    assert [(g.seq, g.text, g.line) for g in health.goals] == [
        (1, "孕产妇死亡率控制在8.5/10万以下。", 8),
        (2, "孕产妇系统管理率达到95%以上。", 9),
    ]
    assert [s.text for s in health.strategies] == ["完善妇女健康服务体系。", "保障孕产妇安全分娩。"]
    assert [p.text for p in layout.background] == ["2020年，孕产妇系统管理率达到92.55%。"]
    assert [(area, p.line) for area, p in layout.goal_paras] == [
        ("妇女与健康", 8),
        ("妇女与健康", 9),
        ("妇女参与决策和管理", 15),
    ]


def test_item_number_running_into_the_text() -> None:
    """ "8.5岁以下儿童…" after item 7 is item 8 about 5岁以下儿童, in a flattened paragraph."""
    para = Para(
        "1.甲率达到90%。2.乙率提高。3.丙。4.丁。5.戊。6.己。7.庚率下降。8.5岁以下儿童贫血率控制在8%以下。9.辛。",
        12,
    )
    items, pre = split_items([para])
    assert [seq for seq, _ in items] == list(range(1, 10))
    assert items[7][1].text == "5岁以下儿童贫血率控制在8%以下。"
    assert pre == []


def test_numbers_inside_sentences_are_not_items() -> None:
    items, _ = split_items([Para("1.比例达到2.5%，其中3.农村达到1.2%。", 1), Para("2.乙。", 2)])
    assert [(seq, p.text, p.line) for seq, p in items] == [
        (1, "比例达到2.5%，其中3.农村达到1.2%。", 1),
        (2, "乙。", 2),
    ]


def test_table_categories_give_areas_and_dash_goals_follow_them() -> None:
    lines = """示范区妇女发展规划（2021—2030年）
二、总体思路
（三）主要目标。
总的目标是促进发展。
——妇女健康水平不断提高。孕产妇死亡率持续降低。
——妇女综合素养持续提高。
专栏1  主要指标
类别
序号
指标名称（单位）
2030年目标值
指标属性
妇女与健康
1
孕产妇死亡率（1/10万）
<8
约束性
妇女与教育
2
女性平均受教育年限（年）
≥12
约束性
三、重点任务
（一）提高妇女健康水平。
1．健全妇女健康服务体系。
专栏2  妇女健康提升重点工程
妇女健康促进项目。加大妇女健康优质服务供给。
妇女宫颈癌、乳腺癌防治项目：推进综合防治体系建设。
（二）保障妇女平等受教育权。
1．加强妇女思想政治教育。
2．深化性别平等教育。
""".splitlines()
    _, spans = split_plans(normalize(lines))
    layout = read_layout(spans[0].paras)
    assert [a.name for a in layout.areas] == ["妇女与健康", "妇女与教育"]
    assert [g.text for g in layout.areas[0].goals] == ["妇女健康水平不断提高。孕产妇死亡率持续降低。"]
    assert [s.text for s in layout.areas[1].strategies] == ["加强妇女思想政治教育。", "深化性别平等教育。"]
    projects = [(p.box, p.seq, p.title, p.area) for p in layout.projects]
    assert projects == [
        ("专栏2妇女健康提升重点工程", 1, "妇女健康促进项目", "妇女与健康"),
        ("专栏2妇女健康提升重点工程", 2, "妇女宫颈癌、乳腺癌防治项目", "妇女与健康"),
    ]


def test_goals_mark_on_the_same_line_and_parenthesised_numbers() -> None:
    lines = [
        "示范市妇女发展规划（2021—2030年）",
        "二、发展领域和主要目标",
        "（一）妇女与健康",
        "主要目标：（1）孕产妇死亡率控制在9/10万以下。",
        "（2）孕产妇系统管理率达到95%以上。",
        "策略措施：（1）完善服务体系。",
    ]
    _, spans = split_plans(normalize(lines))
    layout = read_layout(spans[0].paras)
    (area,) = layout.areas
    assert [(g.seq, g.text, g.line) for g in area.goals] == [
        (1, "孕产妇死亡率控制在9/10万以下。", 4),
        (2, "孕产妇系统管理率达到95%以上。", 5),
    ]
    assert [s.text for s in area.strategies] == ["完善服务体系。"]


def test_title_variants() -> None:
    lines = ["天津市“十四五”妇女发展规划", "一、总体目标", "广东省儿童发展纲要（2021-2030）", "一、总体目标"]
    _, spans = split_plans(normalize(lines))
    assert [(s.population, s.period) for s in spans] == [("women", (2021, 2025)), ("children", (2021, 2030))]


def test_areas_as_top_level_sections() -> None:
    lines = [
        "示范市儿童发展规划（2021—2030年）",
        "一、儿童与健康",
        "（一）主要目标",
        "1．婴儿死亡率控制在3‰以下。",
        "（二）策略措施",
        "1．加强儿童保健。",
        "二、儿童与安全",
        "主要目标：",
        "1．儿童伤害死亡率下降。",
        "策略措施：",
        "1．预防溺水。",
    ]
    _, spans = split_plans(normalize(lines))
    layout = read_layout(spans[0].paras)
    assert [(a.name, [g.text for g in a.goals], [x.text for x in a.strategies]) for a in layout.areas] == [
        ("儿童与健康", ["婴儿死亡率控制在3‰以下。"], ["加强儿童保健。"]),
        ("儿童与安全", ["儿童伤害死亡率下降。"], ["预防溺水。"]),
    ]


_GOAL_TEXTS = [
    "孕产妇死亡率控制在8.5/10万以下。",
    "5岁以下儿童贫血率控制在10%以下。",
    "婴儿死亡率下降。",
    "女性平均受教育年限不断提高。",
    "妇女人均预期寿命延长，人均健康预期寿命提高。",
]
_AREA_NAMES = ["妇女与健康", "妇女与教育", "妇女与经济", "妇女参与决策和管理", "妇女与环境"]
_CN = "一二三四五六七八九十"


@given(
    st.lists(st.lists(st.sampled_from(_GOAL_TEXTS), min_size=1, max_size=9), min_size=1, max_size=5),
    st.booleans(),
)
@settings(max_examples=100, deadline=None)
def test_generated_plans_read_back_also_when_flattened(goal_lists: list[list[str]], flattened: bool) -> None:
    """Per-area plans read back the same from one line per paragraph and from one flattened line (U+E003
    between paragraphs, as document-sharing copies give it), item numbers running into the text included."""
    lines = [
        "示范县妇女发展规划（2021—2030年）",
        "一、指导思想",
        "坚持男女平等基本国策。",
        "二、发展领域、主要目标和策略措施",
    ]
    for k, goals in enumerate(goal_lists):
        lines += [f"（{_CN[k]}）{_AREA_NAMES[k]}", "主要目标："]
        lines += [f"{n}．{text}" for n, text in enumerate(goals, start=1)]
        lines += ["策略措施：", "1．完善工作机制。"]
    if flattened:
        lines = ["\ue003 ".join(lines) + " " + "文" * 1500]
    _, spans = split_plans(normalize(lines))
    layout = read_layout(spans[0].paras)
    got = [(a.name, [g.text for g in a.goals]) for a in layout.areas]
    assert got == [(_AREA_NAMES[k], goals) for k, goals in enumerate(goal_lists)]
