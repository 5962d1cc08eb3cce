"""parse_document end to end on generated documents in every supported format, and its bad-input paths."""

from __future__ import annotations

import json

import pytest
from plan_documents import SAMPLE_PLAN, docx_bytes, html_bytes, pdf_bytes

from planwatch.parsing import model
from planwatch.parsing.document import parse_document
from planwatch.parsing.errors import ParseError


def _check_sample(doc: model.Document) -> None:
    assert (doc.region, doc.issuer) == ("示范县", "示范县人民政府")
    assert (doc.issued_date, doc.doc_number) == ("2023-03-01", "示范政发〔2023〕5号")
    (plan,) = doc.plans
    assert (plan.population, plan.period) == ("women", (2021, 2030))
    assert [a.name for a in plan.areas] == ["妇女与健康", "妇女与教育"]
    by_name = {i.name: i for i in plan.indicators}
    mmr = by_name["孕产妇死亡率"]
    assert (mmr.target.kind, mmr.target.comparator, mmr.target.value, mmr.unit) == (
        "numeric_max",
        "<=",
        10,
        "1/10万",
    )
    assert (mmr.origin, mmr.area) == ("goal", "妇女与健康")
    smr = by_name["孕产妇系统管理率"]
    assert smr.baseline is not None and (smr.baseline.year, smr.baseline.value) == (2020, 92.5)
    assert by_name["高中阶段教育毛入学率"].target.value == 98


def test_gbk_text_plan() -> None:
    doc = parse_document(SAMPLE_PLAN.encode("gbk"), "/tmp/示范县妇女规划.txt")
    _check_sample(doc)
    assert doc.source == "示范县妇女规划.txt"
    lines = {i.name: i.line for i in doc.plans[0].indicators}
    assert lines["孕产妇死亡率"] == 10 and lines["高中阶段教育毛入学率"] == 16  # original line numbers


def test_docx_plan() -> None:
    _check_sample(parse_document(docx_bytes(SAMPLE_PLAN.splitlines()), "plan.docx"))


def test_pdf_plan() -> None:
    _check_sample(parse_document(pdf_bytes(SAMPLE_PLAN.splitlines()), "plan.pdf"))


def test_html_plan() -> None:
    _check_sample(parse_document(html_bytes(SAMPLE_PLAN.splitlines()), "plan.html"))


def test_docx_table_plan() -> None:
    data = docx_bytes(
        ["示范区儿童发展规划（2021—2030年）", "二、总体思路", "专栏1 儿童发展主要指标"],
        table=[
            ["类别", "序号", "指标名称（单位）", "2030年目标值", "指标属性"],
            ["儿童与健康", "1", "婴儿死亡率（‰）", "<3", "约束性"],
            ["", "2", "儿童健康素养水平（%）", "逐年提高", "预期性"],
        ],
        after=["三、重点任务"],
    )
    (plan,) = parse_document(data, "table.docx").plans
    rows = [(i.seq, i.name, i.unit, i.target.kind, i.attribute, i.area) for i in plan.indicators]
    assert rows == [
        (1, "婴儿死亡率", "‰", "numeric_max", "binding", "儿童与健康"),
        (2, "儿童健康素养水平", "%", "direction_up", "expected", "儿童与健康"),
    ]


def test_empty_input() -> None:
    with pytest.raises(ParseError, match="a.txt：文件为空"):
        parse_document(b"", "a.txt")


def test_binary_input() -> None:
    with pytest.raises(ParseError, match="二进制"):
        parse_document(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "picture.txt")


def test_only_furniture_is_no_text() -> None:
    with pytest.raises(ParseError, match="没有可读的文字"):
        parse_document("- 1 -\n下载文档\n- 2 -\n".encode(), "x.txt")


def test_document_that_is_not_a_plan() -> None:
    text = "关于召开年度工作会议的通知\n各单位：定于下周一召开会议，请准时参加。\n".encode()
    with pytest.raises(ParseError, match="不是规划文本"):
        parse_document(text, "meeting.txt")


def test_plan_without_targets_gets_a_warning() -> None:
    text = "示范县妇女发展规划（2021—2030年）\n一、指导思想\n坚持男女平等基本国策。\n二、主要目标\n1．妇女发展环境更加优化。\n"
    doc = parse_document(text.encode(), "plain.txt")
    (plan,) = doc.plans
    assert plan.indicators == []
    assert any("未识别出任何带目标的指标" in w for w in plan.warnings)


def test_plan_without_title_is_parsed_as_one_plan_with_warning() -> None:
    text = "本县儿童工作规划\n主要目标：\n1．婴儿死亡率控制在3‰以下。\n".encode()
    doc = parse_document(text, "untitled.txt")
    assert doc.plans[0].population == "children"
    assert any("未找到规划标题" in w for w in doc.warnings)


def test_json_round_trip_of_a_seed(seed_paths) -> None:  # noqa: ANN001 - pytest fixture
    doc = parse_document(seed_paths["000"].read_bytes(), seed_paths["000"].name)
    data = json.loads(json.dumps(model.to_json(doc), ensure_ascii=False))
    assert model.to_json(model.from_json(data)) == data
    plan = data["plans"][0]
    assert set(plan) >= {"title", "population", "period", "areas", "indicators", "projects", "warnings"}
    assert plan["projects"] and plan["areas"][0]["strategies"]


def test_metadata_from_a_government_page_block() -> None:
    from planwatch.parsing.metadata import read_metadata, region_of

    meta = read_metadata(
        "[索引号]11500104009286164T/2023-00014[发文字号]大渡口府发〔2023〕7号\n[发布机构]大渡口区人民政府\n"
        "[成文日期]2023-02-27[发布日期]2023-03-15\n重庆市大渡口区人民政府关于印发大渡口区儿童发展规划(2021—2030年)的通知"
    )
    assert (meta.issuer, meta.region, meta.issued_date) == (
        "重庆市大渡口区人民政府",
        "大渡口区",
        "2023-02-27",
    )
    assert (meta.doc_number, meta.index_number) == ("大渡口府发〔2023〕7号", "11500104009286164T/2023-00014")
    assert region_of("湖北省随州市随县人民政府") == "随县"
    assert region_of("腾冲市人民政府") == "腾冲市"
    assert read_metadata("没有任何元数据的一段文字。").issuer is None


def test_plan_title_inside_the_notice_does_not_make_an_empty_plan() -> None:
    text = (
        "示范县人民政府\n示范县妇女发展规划（2021—2030年）\n现印发给你们。\n" + SAMPLE_PLAN.split("\n", 3)[3]
    )
    doc = parse_document(text.encode(), "notice.txt")
    assert len(doc.plans) == 1 and doc.plans[0].indicators


def test_html_page_with_indicator_table() -> None:
    rows = [
        ["类别", "序号", "指标名称（单位）", "2030年目标值", "指标属性"],
        ["儿童与健康", "1", "新生儿死亡率（‰）", "<1.5", "约束性"],
        ["", "2", "婴儿死亡率（‰）", "<2.5", "约束性"],
    ]
    table = (
        "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
    )
    page = (
        f"<html><body><div>首页 | 政务公开</div><p>示范区儿童发展规划（2021—2030年）</p><p>二、总体思路</p>"
        f"<p>专栏1 主要指标</p>{table}<p>三、重点任务</p></body></html>"
    )
    (plan,) = parse_document(page.encode(), "page.html").plans
    assert [(i.seq, i.name, i.target.value, i.area) for i in plan.indicators] == [
        (1, "新生儿死亡率", 1.5, "儿童与健康"),
        (2, "婴儿死亡率", 2.5, "儿童与健康"),
    ]


def _indicator_tuples(doc: model.Document) -> list[tuple]:
    return [
        (p.population, i.origin, i.line, i.name, i.target.kind, i.target.comparator, i.target.value, i.area)
        for p in doc.plans
        for i in p.indicators
    ]


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_the_same_plan_as_docx_or_gbk_text_parses_the_same(seed_paths, seed) -> None:  # noqa: ANN001
    path = seed_paths[seed]
    text = path.read_text(encoding="utf-8")
    reference = parse_document(path.read_bytes(), path.name)
    as_gbk = parse_document(text.encode("gb18030"), path.name)
    as_docx = parse_document(docx_bytes(text.split("\n")), path.with_suffix(".docx").name)
    assert _indicator_tuples(as_gbk) == _indicator_tuples(reference)
    assert _indicator_tuples(as_docx) == _indicator_tuples(reference)
    assert (as_docx.region, as_docx.issued_date) == (reference.region, reference.issued_date)


def test_metadata_signature_and_chinese_numeral_date() -> None:
    from planwatch.parsing.metadata import read_metadata

    meta = read_metadata("各镇人民政府：\n现印发给你们。\n重庆市江津区人民政府\n二〇二二年十二月二十九日")
    assert (meta.issuer, meta.region, meta.issued_date) == ("重庆市江津区人民政府", "江津区", "2022-12-29")
    assert read_metadata("二〇二三年二月七日").issued_date == "2023-02-07"
    assert read_metadata("2023年13月40日").issued_date is None  # not a date


def test_goals_without_an_area_are_placed_by_the_task_text() -> None:
    lines = """示范区妇女发展规划（2021—2030年）
二、总体思路
（三）主要目标。
——妇女健康水平不断提高。孕产妇死亡率持续降低。
——高中阶段教育毛入学率稳步提高。
——妇女发展环境更加优化。
专栏1 主要指标
类别
序号
指标名称（单位）
2030年目标值
妇女与健康
1
孕产妇系统管理率（%）
≥94
妇女与教育
2
女性平均受教育年限（年）
≥12
三、重点任务
（一）提高妇女健康水平。
1．降低孕产妇死亡率，提高孕产妇系统管理率。
（二）保障妇女平等受教育权。
1．提高高中阶段教育毛入学率和女性平均受教育年限。
"""
    (plan,) = parse_document(lines.encode(), "plan.txt").plans
    goals = {i.name: i.area for i in plan.indicators if i.origin == "goal"}
    assert goals == {"孕产妇死亡率": "妇女与健康", "高中阶段教育毛入学率": "妇女与教育"}
    assert [len(a.strategies) for a in plan.areas] == [1, 1]


def test_pdf_with_a_table_printed_row_by_row() -> None:
    lines = [
        "示范区儿童发展规划（2021—2030年）",
        "二、总体思路",
        "专栏1 儿童发展主要指标",
        "类别 序号 指标名称（单位） 2030年目标值 指标属性",
        "儿童与健康 1 婴儿死亡率（‰） <3 约束性",
        "2 5岁以下儿童死亡率（‰） <4 约束性",
        "三、重点任务",
    ]
    (plan,) = parse_document(pdf_bytes(lines), "table.pdf").plans
    assert [(i.seq, i.name, i.target.comparator, i.target.value, i.area) for i in plan.indicators] == [
        (1, "婴儿死亡率", "<", 3, "儿童与健康"),
        (2, "5岁以下儿童死亡率", "<", 4, "儿童与健康"),
    ]


def test_region_from_the_plan_title_when_there_is_no_notice() -> None:
    body = "一、主要目标\n1．婴儿死亡率控制在3‰以下。\n"
    assert parse_document(f"示范县儿童发展规划（2021—2030年）\n{body}".encode(), "a.txt").region == "示范县"
    assert parse_document(f"腾冲儿童发展规划（2021—2030年）\n{body}".encode(), "b.txt").region is None


@pytest.mark.parametrize(
    ("title", "text", "region", "level"),
    [
        # the text prints the full name: the most frequent full form wins
        ("昆明妇女发展规划（2011—2020年）", "2001年，昆明市人民政府颁布了规划。", "昆明市", "市级"),
        # only how the text calls itself ("我区", "全区"): 江津 is a 区
        ("江津妇女发展规划（2021—2030年）", "我区妇女事业面临重大发展机遇，全区妇女…", "江津区", "县级"),
        ("云南妇女发展规划（2021—2030年）", "全省妇女…云南省妇女…", "云南省", "省级"),
        # 区域 is no 区
        ("江北妇女发展规划（2021—2030年）", "区域协调发展。", None, None),
    ],
)
def test_a_bare_region_name_in_the_title_takes_its_unit_from_the_text(
    title: str, text: str, region: str | None, level: str | None
) -> None:
    body = f"一、发展基础\n{text}\n二、主要目标\n1．孕产妇死亡率控制在9/10万以下。\n"
    doc = parse_document(f"{title}\n{body}".encode(), "a.txt")
    assert (doc.region, doc.level) == (region, level)


def test_a_notice_title_cut_by_a_line_break_is_not_a_plan() -> None:
    text = (
        "云南省人民政府关于印发云南妇女发展规划\n和云南儿童发展规划的通知\n云南省人民政府\n2022年5月31日\n"
        "云南妇女发展规划\n（2021—2030年）\n一、主要目标\n1．孕产妇死亡率控制在9/10万以下。\n"
    )
    doc = parse_document(text.encode(), "yn.txt")
    assert [p.title for p in doc.plans] == ["云南妇女发展规划（2021—2030年）"]
    assert (doc.region, doc.issuer) == ("云南省", "云南省人民政府")
