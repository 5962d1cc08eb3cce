"""专栏 indicator tables flattened one cell per line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.parsing.normalize import clean_text, normalize
from planwatch.parsing.tables import find_tables, table_indicators

JIANGJIN_STYLE = """专栏1  2021－2030年妇女发展主要指标

\t类别
\t序号
\t指标名称（单位）
\t2030年目标值
\t指标属性

\t妇女与健康
\t1
\t婚前医学检查率（%）
\t逐年提高
\t预期性

\t
\t2
\t孕产妇死亡率（1/10万）
\t<8
\t约束性

\t
\t
\t适龄妇女乳腺癌人群筛查率（%）
\t逐步提高
\t预期性

\t妇女与教育
\t3
\t女童九年义务教育巩固率（%）
\t100
\t约束性

\t
\t4
\t城镇公共厕所男女厕位比
\t2：3
\t预期性


三、重点任务
""".splitlines()

DADUKOU_STYLE = """专栏一2021—2030年大渡口区儿童发展主要指标
类别
序号
指标名称(单位)
2030年规划
指标属性
责任单位
11
小学生近视率(%)
<38
预期性
区教委、区卫健委
初中生近视率(%)
<60
区教委、区卫健委
27
儿童参加城乡居民基本医疗保险覆盖率(%)
巩固
提高
预期性
区医保局
28
5岁以下儿童贫血率(%)
<4
约束性
区卫健委
二、重点任务
""".splitlines()


def test_header_columns_and_target_year() -> None:
    (table,) = find_tables(normalize(JIANGJIN_STYLE))
    assert table.columns.names == ["类别", "序号", "指标名称（单位）", "2030年目标值", "指标属性"]
    assert table.columns.year == 2030
    assert table.title.startswith("专栏1")


def test_rows_with_and_without_category_and_seq() -> None:
    (table,) = find_tables(normalize(JIANGJIN_STYLE))
    rows = [(r.category, r.seq, r.name.text, "".join(r.values), r.attribute, r.name.line) for r in table.rows]
    assert rows == [
        ("妇女与健康", 1, "婚前医学检查率（%）", "逐年提高", "expected", 11),
        ("妇女与健康", 2, "孕产妇死亡率（1/10万）", "<8", "binding", 17),
        ("妇女与健康", None, "适龄妇女乳腺癌人群筛查率（%）", "逐步提高", "expected", 23),
        ("妇女与教育", 3, "女童九年义务教育巩固率（%）", "100", "binding", 29),
        ("妇女与教育", 4, "城镇公共厕所男女厕位比", "2：3", "expected", 35),
    ]


def test_empty_category_split_target_missing_attribute_and_departments() -> None:
    (table,) = find_tables(normalize(DADUKOU_STYLE))
    rows = [
        (r.category, r.seq, r.name.text, "".join(r.values), r.attribute, r.departments) for r in table.rows
    ]
    assert rows == [
        (None, 11, "小学生近视率(%)", "<38", "expected", ["区教委", "区卫健委"]),
        (None, None, "初中生近视率(%)", "<60", "", ["区教委", "区卫健委"]),
        (None, 27, "儿童参加城乡居民基本医疗保险覆盖率(%)", "巩固提高", "expected", ["区医保局"]),
        (None, 28, "5岁以下儿童贫血率(%)", "<4", "binding", ["区卫健委"]),
    ]


def test_table_rows_become_indicators() -> None:
    (table,) = find_tables(normalize(JIANGJIN_STYLE))
    inds = table_indicators(table, plan_end_year=2030)
    by_name = {i.name: i for i in inds}
    assert set(by_name) == {
        "婚前医学检查率",
        "孕产妇死亡率",
        "适龄妇女乳腺癌人群筛查率",
        "女童九年义务教育巩固率",
        "城镇公共厕所男女厕位比",
    }
    mmr = by_name["孕产妇死亡率"]
    assert (mmr.unit, mmr.target.kind, mmr.target.comparator, mmr.target.value) == (
        "1/10万",
        "numeric_max",
        "<",
        8,
    )
    assert (mmr.origin, mmr.seq, mmr.line, mmr.area, mmr.direction) == (
        "table",
        2,
        17,
        "妇女与健康",
        "lower_is_better",
    )
    bare = by_name["女童九年义务教育巩固率"]
    # a rate's bare "100" is full coverage
    assert (bare.target.kind, bare.target.comparator, bare.target.inferred) == ("numeric_exact", "=", True)
    ratio = by_name["城镇公共厕所男女厕位比"]
    assert ratio.target.kind == "ratio" and ratio.direction == "neutral"
    assert "孕产妇死亡率（1/10万）" in mmr.source_text and "<8" in mmr.source_text


def test_text_without_header_is_not_a_table() -> None:
    lines = ["专栏2  妇女健康提升重点工程", "妇女健康促进项目。加大服务供给。", "序号", "1", "婴儿死亡率"]
    assert find_tables(normalize(lines)) == []


def test_table_ends_at_next_heading() -> None:
    (table,) = find_tables(normalize(DADUKOU_STYLE))
    paras = normalize(DADUKOU_STYLE)
    assert paras[table.end].text == "二、重点任务"


def test_baseline_and_two_target_year_columns() -> None:
    lines = [
        "专栏1 主要指标",
        "序号",
        "指标名称（单位）",
        "2020年基数",
        "2025年目标值",
        "2030年目标值",
        "指标属性",
        "1",
        "孕产妇系统管理率（%）",
        "92.5",
        "≥93",
        "≥95",
        "预期性",
        "2",
        "婴儿死亡率（‰）",
        "≥94",
        "<3",
        "约束性",
        "三、重点任务",
    ]
    (table,) = find_tables(normalize(lines))
    assert table.columns.values == [("baseline", 2020), ("target", 2025), ("target", 2030)]
    first, second = table_indicators(table, plan_end_year=2030)
    assert (first.target.value, first.target.year, first.baseline.year, first.baseline.value) == (
        95,
        2030,
        2020,
        92.5,
    )
    assert [(m.year, m.kind, m.value) for m in first.milestones] == [(2025, "numeric_min", 93)]
    # the copy dropped the empty baseline cell: the two cells are the two target columns
    assert second.baseline is None and second.target.value == 3
    assert [(m.year, m.value) for m in second.milestones] == [(2025, 94)]


def test_short_name_without_unit_is_not_taken_for_a_category() -> None:
    lines = [
        "类别",
        "序号",
        "指标名称",
        "2030年目标值",
        "指标属性",
        "妇女与家庭建设",
        "1",
        "区级文明家庭",
        "提高",
        "预期性",
        "2",
        "最美家庭",
        "增加",
        "预期性",
    ]
    (table,) = find_tables(normalize(lines))
    assert [(r.category, r.seq, r.name.text) for r in table.rows] == [
        ("妇女与家庭建设", 1, "区级文明家庭"),
        ("妇女与家庭建设", 2, "最美家庭"),
    ]


def test_table_printed_one_row_per_line() -> None:
    """PDF text layers print a table row on one line, cells separated by spaces."""
    lines = [
        "专栏1 2021-2030年妇女发展主要指标",
        "类别 序号 指标名称（单位） 2030年目标值 指标属性",
        "妇女与健康 1 孕产妇死亡率（1/10万） <8 约束性",
        "2 孕产妇系统管理率（%） ≥94 预期性",
        "适龄妇女乳腺癌人群筛查率（%） 逐步提高 预期性",
        "三、重点任务",
        "（一）加大妇幼健康服务供给。",
    ]
    paras = normalize(lines)
    (table,) = find_tables(paras)
    rows = [(r.category, r.seq, r.name.text, "".join(r.values), r.attribute, r.name.line) for r in table.rows]
    assert rows == [
        ("妇女与健康", 1, "孕产妇死亡率（1/10万）", "<8", "binding", 3),
        ("妇女与健康", 2, "孕产妇系统管理率（%）", "≥94", "expected", 4),
        ("妇女与健康", None, "适龄妇女乳腺癌人群筛查率（%）", "逐步提高", "expected", 5),
    ]
    assert [p.text for p in paras[-2:]] == ["三、重点任务", "（一）加大妇幼健康服务供给。"]


_NAMES = [
    "孕产妇死亡率（1/10万）",
    "婴儿死亡率（‰）",
    "5岁以下儿童贫血率（%）",
    "出生人口性别比",
    "女性平均受教育年限（年）",
    "每千人口拥有3岁以下婴幼儿托位数（个）",
    "区级文明家庭（户）",
    "0—6岁儿童眼保健和视力检查覆盖率（%）",
]
_TARGETS = [
    "≥94",
    "<8",
    "100",
    "2.3",
    "逐年提高",
    "45左右",
    "2：3",
    "趋于平衡",
    "不低于本地区党员总数中女性比例",
    "巩固提高",
]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["妇女与健康", "妇女与教育", "妇女与环境"]),
            st.booleans(),  # row printed with a 序号
            st.sampled_from(_NAMES),
            st.sampled_from(_TARGETS),
            st.sampled_from(["约束性", "预期性", ""]),
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=200, deadline=None)
def test_rows_are_read_back_whatever_cells_are_missing(rows: list[tuple]) -> None:
    """Generated tables (category printed once per group, optional 序号 and 指标属性) read back exactly."""
    cells = ["类别", "序号", "指标名称（单位）", "2030年目标值", "指标属性"]
    expected = []
    previous_category = None
    seq = 0
    for category, numbered, name, target, attribute in rows:
        if category != previous_category:
            cells.append(category)
            previous_category = category
        if numbered:
            seq += 1
            cells.append(str(seq))
        cells += [name, target] + ([attribute] if attribute else [])
        expected.append(
            (
                category,
                seq if numbered else None,
                name,
                target,
                {"约束性": "binding", "预期性": "expected", "": ""}[attribute],
            )
        )
    (table,) = find_tables(normalize(cells + ["三、重点任务"]))
    got = [(r.category, r.seq, r.name.text, "".join(r.values), r.attribute) for r in table.rows]
    assert got == [(c, s, clean_text(n), clean_text(t), a) for c, s, n, t, a in expected]


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.sampled_from(_NAMES),
            st.sampled_from(_TARGETS + ["巩固|提高", "明显|提高"]),  # "|" = the cell is split over two lines
            st.sampled_from(["约束性", "预期性", ""]),
            st.sampled_from(["区卫健委", "区教委、区卫健委", "区公安分局、区教委", "区妇联"]),
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=200, deadline=None)
def test_rows_with_departments_and_an_empty_category_column(rows: list[tuple]) -> None:
    cells = ["类别", "序号", "指标名称(单位)", "2030年规划", "指标属性", "责任单位"]
    expected = []
    seq = 0
    for numbered, name, target, attribute, departments in rows:
        if numbered:
            seq += 1
            cells.append(str(seq))
        cells += [name, *target.split("|")] + ([attribute] if attribute else []) + [departments]
        attr = {"约束性": "binding", "预期性": "expected", "": ""}[attribute]
        expected.append(
            (seq if numbered else None, name, target.replace("|", ""), attr, departments.split("、"))
        )
    (table,) = find_tables(normalize(cells + ["二、重点任务"]))
    got = [(r.seq, r.name.text, "".join(r.values), r.attribute, r.departments) for r in table.rows]
    assert got == [(s, clean_text(n), clean_text(t), a, d) for s, n, t, a, d in expected]
    assert all(r.category is None for r in table.rows)
