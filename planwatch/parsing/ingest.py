"""Bytes + file name → the document's text lines (the ORIGINAL lines every line number refers to).

Supported: plain text in any common encoding (UTF-8, GB18030/GBK, Big5, UTF-16 …, detected), .docx
(paragraphs and table cells, one cell per line like the flattened tables of the seed copies), text-layer
.pdf and .html pages. Everything else raises ParseError with a Chinese message.
"""

from __future__ import annotations

import io
import re
import zipfile

from planwatch.uploads import TooLarge, UnreadableUpload, UploadLimits, check_size, check_zip

from .errors import ParseError

# Control characters other than tab/newline/carriage return/form feed: many of them means "binary".
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_HTML_HINT = re.compile(rb"<\s*(?:!doctype\s+html|html|body|div|p|table)[\s>]", re.I)


def read_lines(data: bytes, filename: str = "", limits: UploadLimits | None = None) -> list[str]:
    """Return the document as text lines (no line terminators). A file beyond the upload limits (size; for
    a .docx its declared uncompressed size and compression ratio) is refused before it is decompressed."""
    name = filename.lower()
    limits = limits or UploadLimits.from_env()
    try:
        check_size(len(data), filename, limits)
        if data[:2] == b"PK" and (name.endswith(".docx") or _is_docx(data)):
            check_zip(data, filename, limits, kind="Word 文档（.docx）")
    except TooLarge as exc:
        raise ParseError(exc.message, source=filename) from exc
    except UnreadableUpload:
        pass  # a broken .docx: python-docx below explains it in the parser's words
    if not data or not data.strip():
        raise ParseError("文件为空", source=filename)
    if name.endswith(".docx") or (data[:2] == b"PK" and _is_docx(data)):
        return _docx_lines(data, filename)
    if name.endswith(".pdf") or data[:5] == b"%PDF-":
        return _pdf_lines(data, filename)
    if data[:2] == b"PK" or name.endswith((".doc", ".xls", ".xlsx", ".ppt", ".zip", ".png", ".jpg")):
        raise ParseError("不支持的文件格式（请提供 .txt、.docx、.pdf 或 .html 文件）", source=filename)
    text = decode_text(data, filename)
    if name.endswith((".html", ".htm")) or _HTML_HINT.search(data[:4096]):
        return _html_lines(text)
    return text.splitlines()


def decode_text(data: bytes, filename: str = "") -> str:
    """Decode text bytes: BOM/UTF-8 first, then charset detection (GBK is read as its superset GB18030)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict")
    else:
        if b"\x00" in data[:4096]:
            raise ParseError("文件是二进制数据，不是文本文件", source=filename)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data, filename)
    if len(_CONTROL.findall(text[:20000])) > max(5, len(text[:20000]) // 100):
        raise ParseError("文件是二进制数据，不是文本文件", source=filename)
    return text


def _detect(data: bytes, filename: str) -> str:
    # Chinese government text is nearly always GB18030/GBK when it is not UTF-8: try that before guessing.
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ParseError("无法识别文件的字符编码（不是 UTF-8、GBK/GB18030 等常见编码）", source=filename)
    encoding = "gb18030" if best.encoding.lower() in {"gbk", "gb2312", "cp936"} else best.encoding
    text = data.decode(encoding, errors="replace")
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise ParseError("无法识别文件的字符编码（不是 UTF-8、GBK/GB18030 等常见编码）", source=filename)
    return text


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _docx_lines(data: bytes, filename: str) -> list[str]:
    """Paragraphs and tables in document order; each table cell on a line of its own, rows separated by a blank."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken files
        # The library's class names (BadZipFile, KeyError …) tell a user nothing; say what to do instead.
        raise ParseError(
            "无法读取 Word 文档：文件已损坏或不是 .docx 格式（旧版 .doc 请在 Word 中另存为 .docx）",
            source=filename,
        ) from exc
    lines: list[str] = []
    for child in _blocks(document.element.body):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(child, document).text.splitlines() or [""])
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # merged cells repeat the same object: print each once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines.append(" ".join(cell.text.split()))
                lines.append("")
    return lines


def _blocks(parent):  # noqa: ANN001, ANN202 - lxml elements
    """Paragraphs and tables in document order, also those wrapped in content controls (w:sdt)."""
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in {"sdt", "sdtContent", "customXml"}:
            yield from _blocks(child)
        else:
            yield child


def _pdf_lines(data: bytes, filename: str) -> list[str]:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises its own error family plus ValueError/KeyError on broken files
        raise ParseError("无法读取 PDF 文件：文件已损坏、不完整或已加密", source=filename) from exc
    text = "\n".join(pages)
    if not text.strip():
        try:
            from pdfminer.high_level import extract_text

            text = extract_text(io.BytesIO(data))
        except Exception:  # pdfminer failing too just means: no text layer we can read
            text = ""
    if not text.strip():
        raise ParseError("PDF 文件没有文字层（可能是扫描件），无法解析", source=filename)
    return text.splitlines()


_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "tr",
    "td",
    "th",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
)


def _html_lines(text: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "head"]):
        tag.decompose()
    # every block element (and every table cell) on its own line, like the seeds copied from web pages
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return [line.strip() for line in soup.get_text().splitlines()]
