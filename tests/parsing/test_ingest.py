"""Reading bytes into text lines: encodings, .docx (tables one cell per line), text-layer .pdf, .html, bad input."""

from __future__ import annotations

import pytest
from plan_documents import SAMPLE_PLAN, docx_bytes, html_bytes, pdf_bytes

from planwatch.parsing.errors import ParseError
from planwatch.parsing.ingest import decode_text, read_lines


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_in_common_encodings(encoding: str) -> None:
    lines = read_lines(SAMPLE_PLAN.encode(encoding), "plan.txt")
    assert lines[3] == "示范县妇女发展规划（2021—2030年）"
    assert "孕产妇死亡率控制在１０/10万以下。" in lines[9]


def test_gb18030_only_characters_are_read() -> None:
    text = SAMPLE_PLAN + "䶮 is a GB18030 extension character\n"
    assert read_lines(text.encode("gb18030"), "x.txt")[-1].startswith("䶮")


def test_empty_file_is_rejected() -> None:
    with pytest.raises(ParseError, match="文件为空"):
        read_lines(b"", "empty.txt")
    with pytest.raises(ParseError, match="empty.txt"):
        read_lines(b"  \n\n ", "empty.txt")


def test_binary_file_is_rejected() -> None:
    with pytest.raises(ParseError, match="二进制"):
        read_lines(bytes(range(256)) * 20, "image.txt")


def test_unknown_encoding_is_rejected() -> None:
    # random high bytes that are neither UTF-8 nor GB18030 nor any sensible text
    junk = bytes([0x81, 0x30, 0xFF, 0xFE, 0x80, 0x7F] * 300)
    with pytest.raises(ParseError):
        decode_text(junk, "junk.txt")


def test_unsupported_office_format_is_rejected() -> None:
    with pytest.raises(ParseError, match="不支持的文件格式"):
        read_lines(b"PK\x03\x04 not really a zip", "old.xlsx")


def test_docx_paragraphs_and_table_cells() -> None:
    data = docx_bytes(
        ["示范县儿童发展规划（2021—2030年）", "专栏1 主要指标"],
        table=[["序号", "指标名称（单位）", "2030年目标值"], ["1", "婴儿死亡率（‰）", "<3"]],
        after=["二、重点任务"],
    )
    lines = read_lines(data, "plan.docx")
    assert lines[:2] == ["示范县儿童发展规划（2021—2030年）", "专栏1 主要指标"]
    cells = [ln for ln in lines[2:] if ln]
    assert cells == ["序号", "指标名称（单位）", "2030年目标值", "1", "婴儿死亡率（‰）", "<3", "二、重点任务"]


def test_broken_docx_is_rejected() -> None:
    with pytest.raises(ParseError, match="plan.docx"):
        read_lines(b"PK\x03\x04" + b"\x00" * 100, "plan.docx")


def test_text_layer_pdf_with_chinese() -> None:
    lines = read_lines(
        pdf_bytes(["示范县妇女发展规划（2021—2030年）", "孕产妇死亡率控制在9/10万以下。"]), "p.pdf"
    )
    assert "示范县妇女发展规划（2021—2030年）" in lines
    assert "孕产妇死亡率控制在9/10万以下。" in lines


def test_pdf_without_text_layer_is_rejected() -> None:
    with pytest.raises(ParseError, match="没有文字层"):
        read_lines(pdf_bytes([]), "scan.pdf")


def test_broken_pdf_is_rejected() -> None:
    with pytest.raises(ParseError, match="PDF"):
        read_lines(b"%PDF-1.4\n garbage without objects", "bad.pdf")


def test_html_page_keeps_text_drops_scripts() -> None:
    lines = [ln for ln in read_lines(html_bytes(["示范县妇女发展规划", "一、发展基础"]), "page.html") if ln]
    assert "示范县妇女发展规划" in lines and "一、发展基础" in lines
    assert not any("不应出现" in ln for ln in lines)


def test_html_in_gbk_is_detected_without_extension() -> None:
    lines = [ln for ln in read_lines(html_bytes(["示范县妇女发展规划"], "gbk"), "download") if ln]
    assert "示范县妇女发展规划" in lines


def test_docx_paragraphs_inside_content_controls_are_read() -> None:
    import io

    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("示范县妇女发展规划（2021—2030年）")
    wrapped = document.add_paragraph("一、发展基础")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped._p.addprevious(sdt)
    sdt.append(content)
    content.append(wrapped._p)
    buf = io.BytesIO()
    document.save(buf)
    assert read_lines(buf.getvalue(), "sdt.docx") == ["示范县妇女发展规划（2021—2030年）", "一、发展基础"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("broken.docx", b"PK\x03\x04not really a zip", "无法读取 Word 文档：文件已损坏"),
     ("broken.pdf", b"%PDF-1.4\n%%EOF", "无法读取 PDF 文件：文件已损坏")],
)  # fmt: skip
def test_broken_docx_and_pdf_are_explained_in_chinese(name: str, data: bytes, message: str) -> None:
    """Not the library's exception class name (BadZipFile, PdfReadError) but what is wrong."""
    with pytest.raises(ParseError) as exc:
        read_lines(data, name)
    assert message in str(exc.value) and name in str(exc.value)
    assert "Error" not in str(exc.value) and "BadZip" not in str(exc.value)
