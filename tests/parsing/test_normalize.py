"""Normalisation: furniture, typesetting codes, full-width, wrapped words, flattened lines, joined sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.parsing.normalize import clean_text, is_furniture, normalize
from planwatch.parsing.para import Para, concat


def texts(paras: list[Para]) -> list[str]:
    return [p.text for p in paras]


def test_full_width_digits_and_operators_become_half_width() -> None:
    assert (
        clean_text("孕产妇死亡率控制在８．５/10万以下，达到９８％")
        == "孕产妇死亡率控制在8.5/10万以下，达到98%"
    )
    assert clean_text("＞98.5") == ">98.5"
    # Chinese punctuation that carries meaning stays full width
    assert clean_text("比例（%）：2：3；") == "比例（%）：2：3；"


def test_spaces_from_line_wraps_are_removed_inside_chinese_and_numbers() -> None:
    assert clean_text("均达 98%以 上") == "均达98%以上"
    assert clean_text("比例达 到 40% ,") == "比例达到40%,"
    assert clean_text("2022 年 12 月 30 日") == "2022年12月30日"
    assert clean_text("接种 HPV 16 疫苗") == "接种HPV 16疫苗"  # a space between two latin words stays


def test_typesetting_codes_and_private_use_markers_are_removed() -> None:
    assert clean_text("〖HT22.XBS〗〖JZ(〗随县儿童发展规划\ue003") == "随县儿童发展规划"


def test_page_furniture_is_recognised() -> None:
    for line in [
        "- 3 -",
        "— 12 —",
        "第 3 页 共 76 页",
        "12/76",
        "DOC文库 - 千万精品文档",
        "当前文档共76页 2.88",
        "下载后继续阅读",
        "目 录",
        "一、发展基础……………………3",
        "（一）妇女与健康.........7",
        "您当前的位置: 首页>政务公开",
        "中国政府网 | 重庆市人民政府网",
        "关于印发规划的通知.docx",
    ]:
        assert is_furniture(line), line
    for line in ["2．孕产妇死亡率控制在8.5/10万以下。", "一、发展基础", "3"]:
        assert not is_furniture(line), line


def test_running_titles_printed_on_every_page_are_dropped() -> None:
    lines = [
        "示范县妇女发展规划",
        "一、发展基础",
        "正文一。",
        "示范县妇女发展规划",
        "正文二。",
        "示范县妇女发展规划",
    ]
    assert texts(normalize(lines)) == ["示范县妇女发展规划", "一、发展基础", "正文一。", "正文二。"]


def test_sentence_broken_over_lines_is_joined_with_line_map() -> None:
    lines = [
        "3. 适龄妇女宫颈癌人群筛查率达到 70%以上，其中适龄妇女宫颈癌和乳腺癌",
        "",
        "筛查覆盖率达到 90%及以上。",
        "",
        "4. 全面普及生殖健康知识。",
    ]
    paras = normalize(lines)
    assert texts(paras) == [
        "3.适龄妇女宫颈癌人群筛查率达到70%以上，其中适龄妇女宫颈癌和乳腺癌筛查覆盖率达到90%及以上。",
        "4.全面普及生殖健康知识。",
    ]
    first = paras[0]
    assert first.line == 1
    assert first.line_at(first.text.index("筛查覆盖率")) == 3
    assert first.line_at(first.text.index("70%")) == 1
    assert paras[1].line == 5


def test_titles_signatures_and_headings_are_not_joined() -> None:
    lines = [
        "重庆市江津区人民政府",
        "2022年12月29日",
        "重庆市江津区妇女发展规划",
        "（2021－2030年）",
        "一、发展基础",
        "（一）妇女与健康",
        "主要目标：",
    ]
    assert texts(normalize(lines)) == [
        "重庆市江津区人民政府",
        "2022年12月29日",
        "重庆市江津区妇女发展规划",
        "（2021-2030年）",
        "一、发展基础",
        "（一）妇女与健康",
        "主要目标：",
    ]


def test_flattened_line_is_split_into_paragraphs() -> None:
    flat = (
        "随县政发〔2022〕19 号\ue003 随县人民政府 关于印发随县妇女发展规划(2021—2030 年)的通知 各部门:\ue003 "
        "现将规划印发给你们。 2022 年 12 月 30 日 随县妇女发展规划 (2021—2030 年) 一、指导思想\ue003 (一)妇女与健康\ue003"
        " 主要目标:\ue003 1.孕产妇死亡率控制在 9/10 万以下。 2.孕产妇系统管理率达到 98%以 上。" + "文" * 1500
    )
    paras = normalize(["标题", flat])
    got = texts(paras)
    assert "随县人民政府关于印发随县妇女发展规划(2021—2030年)的通知各部门:" in got
    assert "2022年12月30日" in got
    assert "随县妇女发展规划(2021—2030年)" in got
    assert "一、指导思想" in got and "(一)妇女与健康" in got and "主要目标:" in got
    assert all(p.line == 2 for p in paras[1:])


def test_table_cells_are_never_joined() -> None:
    lines = [
        "专栏1 主要指标",
        "类别",
        "序号",
        "指标名称（单位）",
        "2030年目标值",
        "指标属性",
        "妇女与健康",
        "1",
        "每所镇卫生院配备提供规范儿童基本医疗服务的全科医生数（名）",
        "≥1",
        "预期性",
    ]
    paras = normalize(lines)
    assert texts(paras)[-3:] == ["每所镇卫生院配备提供规范儿童基本医疗服务的全科医生数（名）", "≥1", "预期性"]
    assert all(p.in_table for p in paras[1:])


def test_concat_and_slice_keep_original_lines() -> None:
    whole = concat([Para("第一段。", 3), Para("第二段。", 7)], "")
    assert whole.text == "第一段。第二段。"
    piece = whole.slice(whole.text.index("第二段"))
    assert piece.text == "第二段。" and piece.line == 7
    assert whole.line_at(0) == 3 and whole.line_at(5) == 7


_ALPHABET = "妇女儿童死亡率达到以上下，。、：；（）()—0123456789１２％．%. \t\ue003"


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60), max_size=25))
@settings(max_examples=300, deadline=None)
def test_every_character_maps_back_to_its_original_line(lines: list[str]) -> None:
    """Whatever is joined, split or cleaned, a Chinese character's line_at is a line that holds it."""
    for para in normalize(lines):
        for i, ch in enumerate(para.text):
            if "\u4e00" <= ch <= "\u9fff":
                assert ch in lines[para.line_at(i) - 1], (lines, para.text, i)


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60), max_size=25))
@settings(max_examples=200, deadline=None)
def test_no_chinese_character_is_lost_or_invented(lines: list[str]) -> None:
    kept = "".join(p.text for p in normalize(lines))
    original = "".join(ln for ln in lines if not is_furniture(ln))
    cjk = [c for c in original if "\u4e00" <= c <= "\u9fff"]
    assert [c for c in kept if "\u4e00" <= c <= "\u9fff"] == cjk


def test_content_mentioning_download_or_library_is_not_furniture() -> None:
    assert not is_furniture("建设儿童数字文库，提供优质阅读资源。")
    assert not is_furniture("引导家长下载使用家庭教育服务平台")
