"""The Word reports, opened again with python-docx: sections, numbers and statuses against the input data."""

import dataclasses
import io
import re
import subprocess

import docx
import pytest

from planwatch.domain import statuses
from planwatch.reports import batch, build_annual_report, build_comparison_report, build_evaluation_report
from planwatch.reports.comparison import ranked
from planwatch.reports.docx import FANGSONG, HEITI, WORD_JOINER, cn_number, unbroken_periods


def open_doc(content: bytes):
    return docx.Document(io.BytesIO(content))


def headings(d) -> list[str]:
    return [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def annual_doc(annual):
    return open_doc(build_annual_report(annual))


def test_annual_sections_in_order(annual_doc, annual):
    hs = headings(annual_doc)
    assert hs[0] == "一、总体情况"
    assert (
        hs[1:3]
        == ["二、妇女与健康", "三、妇女参与决策和管理"]
        == [f"{cn_number(k + 2)}、{a}" for k, a in enumerate(annual.areas)]
    )
    assert hs[3:] == ["四、预警指标", "五、定性目标和策略措施", "附录　监测指标一览表"]
    title = annual_doc.paragraphs[5]
    assert (
        title.style.name == "Title"
        and title.text.replace(WORD_JOINER, "") == "2023年《测试区妇女发展规划（2021—2030年）》统计监测报告"
    )


def test_annual_paragraphs_carry_the_numbers_and_statuses(annual_doc, annual):
    text = "\n".join(p.text for p in annual_doc.paragraphs)
    assert "（一）孕产妇死亡率。2023年，孕产妇死亡率为7.5/10万，比上年降低12.8%" in text
    assert "低于规划目标8/10万，已达标" in text
    assert "村委会成员中女性比例为22%，比上年下降1个百分点" in text and "未达标" in text
    got = {i.name: i.status for i in annual.indicators}
    assert got["孕产妇死亡率"] == "met" and got["村委会成员中女性比例"] == "not_met"
    assert "在可监测的" in text and "达标率" in text


def table_by_header(d, first: str):
    return next(t for t in d.tables if t.rows[0].cells[0].text == first and len(t.rows[0].cells) > 8)


def test_appendix_lists_every_indicator_with_its_status(annual_doc, annual):
    t = annual_doc.tables[-1]
    header = [c.text for c in t.rows[0].cells]
    assert header[:3] == ["序号", "领域", "指标"] and "状态" in header
    rows = [[c.text for c in r.cells] for r in t.rows[1:]]
    assert [r[2] for r in rows] == [i.name for i in annual.indicators]
    status_col = header.index("状态")
    assert [r[status_col] for r in rows] == [statuses.label(i.status) for i in annual.indicators]
    mmr = rows[0]
    assert mmr[header.index("2023年")] == "7.5/10万" and mmr[header.index("2022年")] == "8.6/10万"


def test_warning_table_and_summary_table(annual_doc, annual):
    warned = [i for i in annual.indicators if i.warnings]
    assert warned, "the fixture has at-risk indicators"
    t = next(t for t in annual_doc.tables if [c.text for c in t.rows[0].cells][-1] == "责任单位")
    assert [r.cells[2].text for r in t.rows[1:]] == [i.name for i in warned]
    summary = annual_doc.tables[0]
    assert summary.rows[0].cells[0].text == "领域"
    total = [c.text for c in summary.rows[-1].cells]
    assert total[0] == "合计" and total[1] == str(len(annual.indicators))


def test_charts_and_captions(annual_doc):
    captions = [
        p.text for p in annual_doc.paragraphs if p.style.name == "Caption" and p.text.startswith("图")
    ]
    # the years with data (the axis runs on to the target year), and the projection's year where one is drawn
    assert captions and captions[0] == "图1　A县孕产妇死亡率（2021—2023年）"
    assert "图2　A县孕产妇系统管理率（2021—2023年，2030年为趋势预测）" in captions
    assert len(annual_doc.inline_shapes) == len(captions)


def installed_families() -> set[str]:
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def test_fonts_exist_on_the_machine_and_footer_has_page_numbers(annual_doc):
    from docx.oxml.ns import qn

    names = (qn("w:eastAsia"), qn("w:ascii"), qn("w:hAnsi"))
    paragraphs = list(annual_doc.paragraphs) + [p for t in annual_doc.tables for row in t.rows for c in row.cells
                                                for p in c.paragraphs]  # fmt: skip
    styles, used = set(), set()
    for p in paragraphs:
        st = p.style
        while st is not None:  # the style and every style it is based on
            styles.add(st.name)
            st = st.base_style
    for name in styles:
        for el in annual_doc.styles[name].element.iter(qn("w:rFonts")):
            used |= {v for k, v in el.attrib.items() if k in names}
    for el in annual_doc.element.body.iter(qn("w:rFonts")):
        used |= {v for k, v in el.attrib.items() if k in names}
    assert {HEITI, FANGSONG} <= used
    assert used <= installed_families(), used - installed_families()
    body = annual_doc.styles["Normal"].element.rPr.rFonts
    assert body.get(qn("w:eastAsia")) == FANGSONG
    assert annual_doc.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == HEITI
    footer = annual_doc.sections[0].footer._element.xml
    assert "PAGE" in footer


def test_evaluation_report_sections_and_texts(evaluation):
    d = open_doc(build_evaluation_report(evaluation))
    hs = headings(d)
    for h in (
        "一、总体评价",
        "二、各领域目标实现情况",
        "三、策略措施实施情况",
        "四、主要经验",
        "五、存在的问题",
        "六、对策建议",
    ):
        assert h in hs
    assert (
        d.paragraphs[5].text.replace(WORD_JOINER, "") == "《测试区妇女发展规划（2021—2030年）》中期评估报告"
    )
    text = "\n".join(p.text for p in d.paragraphs)
    assert (
        "基层妇女参与决策比例偏低。" in text and "数据报送不及时。" in text and "加大培养选拔力度。" in text
    )
    assert "（评估组尚未撰写主要经验。）" in text
    assert "各成员单位尚未提交实施情况报告。" in text
    assert "按近年趋势预测到2030年" in text and "需扭转趋势1项（村委会成员中女性比例）" in text
    assert "1项指标未达标（村委会成员中女性比例）" in text


def test_comparison_ranks_regions_by_direction(batch_input):
    data = batch.comparison(batch_input, "测试市", 2023, ["孕产妇系统管理率", "孕产妇死亡率"])
    rate = data.indicators[0]
    order = ranked(rate)
    assert [(r.rank, r.name, r.value) for r in order] == [(1, "B县", 97.0), (2, "A县", 93.5)]
    assert order[0].distance == -2.0 and order[1].distance == 1.5  # B is 2 points past 95 %, A 1.5 short
    mmr = ranked(data.indicators[1])
    assert [r.name for r in mmr] == ["A县", "B县"] and mmr[
        1
    ].rank is None  # B has no MMR data: last, unranked
    d = open_doc(build_comparison_report(data))
    assert headings(d) == ["一、概况", "二、分指标比较", "（一）孕产妇系统管理率", "（二）孕产妇死亡率"]
    t = next(t for t in d.tables if t.rows[0].cells[0].text == "名次")
    assert [[c.text for c in r.cells][:4] for r in t.rows[1:]] == [
        ["1", "B县", "97%", "已达到"],
        ["2", "A县", "93.5%", "差1.5个百分点"],
    ]
    assert len(d.inline_shapes) == 2


def test_ties_share_a_rank():
    from planwatch.reports.model import ComparisonIndicator, RegionValue

    ci = ComparisonIndicator(key="k", name="x", unit="%", direction="lower_is_better", kind="numeric_max",
                             comparator="<=", target_value=5, values=[RegionValue(code=c, name=c, value=v)
                             for c, v in (("a", 4.0), ("b", 3.0), ("c", 4.0), ("d", 6.0))])  # fmt: skip
    assert [(r.rank, r.name) for r in ranked(ci)] == [(1, "b"), (2, "a"), (2, "c"), (4, "d")]


def test_unknown_format_is_refused(annual):
    with pytest.raises(ValueError, match="不支持的报告格式「odt」"):
        build_annual_report(annual, fmt="odt")


def test_progress_is_reported_from_start_to_end(annual):
    seen = []
    build_annual_report(annual, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 5
    assert any("妇女与健康" in m for _, m in seen)


def test_a_numeric_target_without_value_is_labelled_in_chinese():
    from planwatch.assessment.spec import IndicatorSpec
    from planwatch.reports.inputs import label_of

    assert (
        label_of(IndicatorSpec(key="k", name="x", kind="numeric_max", unit="%")) == "不高于（未给出目标值）"
    )
    assert (
        label_of(
            IndicatorSpec(key="k", name="x", kind="numeric_min", comparator=">=", target_value=95, unit="%")
        )
        == "≥95%"
    )


def test_a_report_of_sample_data_is_marked_on_every_page(annual, evaluation):
    from planwatch.reports.model import SAMPLE_NOTICE

    plain = open_doc(build_annual_report(annual))
    assert all(not s.header.paragraphs[0].text for s in plain.sections)
    assert SAMPLE_NOTICE not in "\n".join(p.text for s in plain.sections for p in s.footer.paragraphs)
    for build, data in ((build_annual_report, annual), (build_evaluation_report, evaluation)):
        marked = open_doc(build(dataclasses.replace(data, sample=True)))
        title_page = "\n".join(p.text for p in marked.paragraphs[:20])
        assert SAMPLE_NOTICE in title_page
        for section in marked.sections:  # the landscape appendix too
            assert SAMPLE_NOTICE in section.header.paragraphs[0].text
            footer = [p.text for p in section.footer.paragraphs]
            assert footer[0] == SAMPLE_NOTICE and footer[-1].startswith("— ")


def test_a_title_never_breaks_inside_its_period():
    joined = unbroken_periods("2025年《重庆市江津区妇女发展规划（2021—2030年）》统计监测报告")
    assert "（\u20602\u20600\u20602\u20601\u2060—" in joined and joined.replace(WORD_JOINER, "").endswith(
        "统计监测报告"
    )
    assert unbroken_periods("宝坻区妇女发展“十四五”规划") == "宝坻区妇女发展“十四五”规划"


def test_the_opening_counts_areas_in_characters(annual_doc, annual):
    opening = next(p.text for p in annual_doc.paragraphs if p.text.startswith("为全面反映"))
    assert f"等{'零一二三四五六七八九十'[len(annual.areas)]}个领域" in opening
    summary = next(t for t in annual_doc.tables if t.rows[0].cells[-1].text == "达标率")
    shares = [r.cells[-1].text for r in summary.rows[1:]]
    assert all(s == "—" or re.fullmatch(r"\d+\.\d%", s) for s in shares), shares
