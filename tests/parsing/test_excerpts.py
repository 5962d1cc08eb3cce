"""Openings of real plans (tests/parsing/excerpts): metadata, and no refusal of a plan's opening (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.parsing.document import parse_document

EXCERPTS = Path(__file__).parent / "excerpts"

# file → (title, region, level, period, 文号, date); None where the excerpt does not print it
EXPECTED = {
    "02_zhongguo_funv_gangyao_2021-2030_wikisource.txt": (
        "中國婦女發展綱要（2021—2030年）", "全國", "国家", (2021, 2030), "国发〔2021〕16号", "2021-09-08"
    ),
    "06_shenzhen_funv_2011-2020.txt": (
        "深圳市妇女发展规划（2011—2020年）", "深圳市", "市级", (2011, 2020), "深府〔2012〕59号", "2012-05-25"
    ),
    # one flattened line: the title runs into the text; "一、“十三五”…执行情况" is background
    "08_taizhou_funv_14th.txt": ("泰州市“十四五”妇女发展规划", "泰州市", "市级", (2021, 2025), None, None),
    "14_daxing_funv_14th.txt": ("大兴区“十四五”时期妇女发展规划（2021—2025年）", "大兴区", "县级", (2021, 2025), None, None),
    # no title line; the notice issues 《…“十四五”規劃》 while the text also names the “十三五” plan before it
    "16_shanghai_funv_ertong_14th.txt": (
        "上海市婦女兒童發展“十四五”規劃", "上海市", "省级", (2021, 2025), "沪府办发〔2021〕6号", "2021-06-10"
    ),
    # the notice title "…关于印发云南妇女发展规划" is cut by a line break: it issues the plan, it is not one
    "22_yunnan_funv_2021-2030.txt": ("云南妇女发展规划（2021—2030年）", "云南省", "省级", (2021, 2030), None, "2022-05-31"),
    # a bare region name in the title: the text prints 昆明市人民政府
    "24_kunming_funv_2011-2020.txt": ("昆明妇女发展规划（2011—2020年）", "昆明市", "市级", (2011, 2020), None, None),
    "26_hechuan_funv_2021-2030.txt": ("重庆市合川区妇女发展规划", "合川区", "县级", (2021, 2030), None, None),
    "30_jiangbei_funv_2021-2030.txt": (
        "江北区妇女发展规划(2021-2030年)", "江北区", "县级", (2021, 2030), "江北府发〔2022〕23号", None
    ),
    "34_binhai_funv_14th.txt": (
        "滨海新区妇女发展“十四五”规划（2021—2025年）", "滨海新区", "县级", (2021, 2025), "津滨政发〔2022〕10号",
        "2022-05-15",
    ),
    "42_hubei_funv_2021-2030.txt": ("湖北省妇女发展规划（2021—2030年）", "湖北省", "省级", (2021, 2030), None, None),
    # the mirror dropped every year ("(-年)") and joined 序言 to the title line
    "44_shaanxi_funv_2021-2030_yearless.txt": ("陕西省妇女发展规划", "陕西省", "省级", (2021, 2030), None, None),
    "46_hongshan_ertong_12th.txt": ("洪山区儿童发展“十二五”规划（2011—2015年）", "洪山区", "县级", (2011, 2015), None, None),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_of_a_plan_opening(name: str) -> None:
    doc = parse_document((EXCERPTS / name).read_bytes(), name)
    plan = doc.plans[0]
    title, region, level, period, number, date = EXPECTED[name]
    assert (plan.title, doc.region, doc.level, plan.period) == (title, region, level, period)
    assert (doc.doc_number, doc.issued_date) == (number, date)


@pytest.mark.parametrize("path", sorted(EXCERPTS.glob("*.txt")), ids=lambda p: p.stem)
def test_no_plan_opening_is_refused(path: Path) -> None:
    doc = parse_document(path.read_bytes(), path.name)
    assert doc.plans and doc.plans[0].population in ("women", "children")


@pytest.mark.parametrize("path", sorted(EXCERPTS.glob("*.txt")), ids=lambda p: p.stem)
def test_an_opening_states_no_target(path: Path) -> None:
    """Openings end before the targets: what their 前言 reports ("10年来…人均预期寿命进一步延长", "党的十八大以来…明显
    提升", "“十三五”期间…女性占比47.8%") are facts, not indicators."""
    doc = parse_document(path.read_bytes(), path.name)
    assert [i.name for p in doc.plans for i in p.indicators] == []
    assert len(doc.plans) == 1
