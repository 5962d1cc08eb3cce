"""Clean the original text lines into paragraphs, remembering the ORIGINAL line of every character.

Steps: drop page furniture (site banners, download prompts, file names, page counters, running titles),
remove typesetting codes (〖ZK(〗) and private-use markers (U+E003 ends a paragraph in copies from
document-sharing sites), full-width digits/letters/operators → half-width (８．５ → 8.5; Chinese
punctuation such as ，：；（） stays), delete the spaces a PDF line wrap leaves inside words and numbers
("98%以 上", "达 到 40%"), split paragraphs flattened into one huge line, and re-join sentences broken over
several lines. Table cells (one per line) are never joined: ``tables.find_table_spans`` marks them first.
"""

from __future__ import annotations

import re
from collections import Counter

from .para import Para
from .tables import is_header_cell, mark_tables

# -- character level ------------------------------------------------------------------------------

_TYPESET = re.compile(r"〖[^〗\n]{0,40}〗")
_PRIVATE = re.compile(r"[\ue000-\uf8ff\u200b-\u200f\ufeff]")
# Full-width ASCII → half-width, except the Chinese punctuation whose full-width form is the normal one.
_KEEP_FULLWIDTH = set("（），：；！？")
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH} | {
    0x3000: 0x20,
    0x00A0: 0x20,
}
# str.translate walks every character; a regex finds the few full-width ones much faster on long lines
_FULLWIDTH_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in _FULLWIDTH) + "]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def _drop_space(m: re.Match) -> str:
    s, a, b = m.string, m.start(), m.end()
    left = s[a - 1] if a > 0 else ""
    right = s[b] if b < len(s) else ""
    # keep one space only between two latin words/numbers ("HPV 16", "COVID 19"); a wrap inside Chinese
    # text or between a number and its Chinese unit leaves nothing.
    if left and right and _ASCII_ALNUM.match(left) and _ASCII_ALNUM.match(right):
        return " "
    return ""


_DOUBLED_SEPARATOR = re.compile(r"[,，]\s*、|、\s*[,，]|、{2,}")


def clean_text(text: str) -> str:
    """Character-level normalisation of one piece of text (no line structure involved)."""
    text = _TYPESET.sub("", text)
    text = _PRIVATE.sub("", text)
    text = _FULLWIDTH_RE.sub(lambda m: chr(_FULLWIDTH[ord(m.group())]), text)
    text = _SPACES.sub(_drop_space, text.strip())
    # "3.0‰,、5.0‰" / "、、": a doubled list separator left by a copy (the enumeration comma wins)
    text = _DOUBLED_SEPARATOR.sub("、", text) if "、" in text else text
    return text


# -- page furniture -------------------------------------------------------------------------------

_PAGE_COUNTER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_BANNER = re.compile(
    r"下载文档|下载后|点击下载|免费下载|下载本文|文库\s*[-—|]|百度文库|道客巴巴|豆丁网|当前文档共|相关文章|"
    r"您当前的位置|当前位置[:：]|关怀版|无障碍|打印本页|关闭窗口|扫一扫|分享到|"
    r"网站地图|版权所有|ICP备|主办单位|^\s*首页\s|\s\|\s|\.(?:docx?|wps|pdf)\b|【(?:打印|关闭)】"
)
_RUNNING_TITLE = re.compile(r"规划|人民政府|办公室")
# a table of contents: "目录" and entries with leaders and a page number ("一、发展基础……………3")
_TOC = re.compile(r"^\s*目\s*录\s*$|(?:…{2,}|\.{4,}|·{4,}|-{4,})\s*\d{1,3}\s*$")


def is_furniture(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) > 400:
        return False  # furniture is short; never scan a flattened 100 k-character paragraph for it
    return bool(_PAGE_COUNTER.match(stripped) or _TOC.search(stripped) or _BANNER.search(stripped))


# -- flattened lines ------------------------------------------------------------------------------

FLAT_MIN_CHARS = 1500
_FLAT_SPLIT = re.compile(
    r"\ue003+|\s+(?=(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|主要目标\s*[:：]|"
    r"策略措施\s*[:：]|专栏\s*[0-9一二三四五六七八九十]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
    r"(?!关于|印发|和)[^\s《“]{1,12}(?:妇女|儿童)\s*发展\s*(?:规划|纲要)\s*[(（]\s*\d{4}))"
)


def _pieces(raw: str) -> list[str]:
    if len(raw) < FLAT_MIN_CHARS and raw.count("\ue003") < 3:
        return [raw]
    return _FLAT_SPLIT.split(raw)


# -- broken lines ---------------------------------------------------------------------------------

# a sentence end, possibly followed by closing quotes, or by a bracketed note "。(责任单位:区卫健委)"
_END = re.compile(r"[。！？!?；;：:](?:[”’」』）)\"]*|[(（][^()（）]{1,40}[)）])$")
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}\s*[.．、](?!\d)|——|--|[①-⑳]|"
    r"专栏|主要目标|策略措施|附件|第[一二三四五六七八九十]+[章节部分])"
)
_TITLE_LIKE = re.compile(
    r"^[\u4e00-\u9fa5“”\"]{2,24}(?:妇女|儿童)发展\S{0,8}(?:规划|纲要)\s*(?:[(（]\s*\d{4}[^)）]*[)）])?$"
)
_OPENERS = "《“（(「"
_CLOSERS = "》”）)」"


def _unbalanced(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in zip(_OPENERS, _CLOSERS, strict=True))


def _continues(p: Para, q: Para) -> bool:
    """Is ``q`` the rest of a sentence that a line break cut in ``p``?"""
    if p.in_table or q.in_table or _END.search(p.text) or HEADING.match(q.text):
        return False
    if p.text.endswith("通知") or _TITLE_LIKE.match(q.text) or _TITLE_LIKE.match(p.text):
        return False  # a notice title and a plan title are complete lines
    if HEADING.match(p.text) and not re.match(r"^\d{1,2}\s*[.．、]", p.text):
        return False  # a section title without full stop is complete
    # Short lines without a comma are titles, signatures and dates, not cut sentences.
    return len(p.text) >= 30 or "，" in p.text or "," in p.text or "、" in p.text or _unbalanced(p.text)


def normalize(lines: list[str]) -> list[Para]:
    """Original lines → cleaned paragraphs, table cells marked and broken sentences re-joined."""

    paras = clean_lines(lines)
    mark_tables(paras)
    return join_broken(paras)


def clean_lines(lines: list[str]) -> list[Para]:
    """Original lines → one Para per (piece of a) line, furniture dropped, nothing joined yet.

    A table printed one ROW per line (cells separated by spaces, as PDF text layers give it) is cut into one
    Para per cell, the shape the table reader expects.
    """
    counts = Counter(s for s in (ln.strip() for ln in lines) if 0 < len(s) <= 40 and _RUNNING_TITLE.search(s))
    repeated = {s for s, n in counts.items() if n >= 3}
    seen_repeated: set[str] = set()
    paras: list[Para] = []
    in_row_table = False
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or is_furniture(raw):
            continue
        if stripped in repeated:
            if stripped in seen_repeated:
                continue  # a running page title printed again on every page
            seen_repeated.add(stripped)
        cells = stripped.split()
        if in_row_table and (
            HEADING.match(stripped)
            and not _NUMBERED_CELL.match(cells[0])
            or "。" in stripped
            or "，" in stripped
        ):
            in_row_table = False  # prose again
        if not in_row_table and 3 <= len(cells) <= 12 and len(stripped) <= 120 and _is_row_header(cells):
            in_row_table = True
        if in_row_table:
            paras.extend(Para(text, number) for text in map(clean_text, cells) if text)
            continue
        for piece in _pieces(raw):
            text = clean_text(piece)
            if text:
                paras.append(Para(text, number))
    return paras


_NUMBERED_CELL = re.compile(r"^\d{1,3}$")


def _is_row_header(cells: list[str]) -> bool:

    headers = [c for c in cells if is_header_cell(c)]
    return len(headers) >= 3 and any(c.startswith("指标") for c in headers)


def join_broken(paras: list[Para]) -> list[Para]:
    out: list[Para] = []
    for p in paras:
        if out and _continues(out[-1], p):
            out[-1].append(p)
        else:
            out.append(Para(p.text, p.line, list(p.breaks), p.in_table))
    return out
