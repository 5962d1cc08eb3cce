"""Word documents of the reports (python-docx), typeset as a government office expects: A4 with the margins
of GB/T 9704, 黑体 headings and 仿宋 body text — mapped to the CJK fonts installed with the Debian package
fonts-noto-cjk (Noto Sans CJK SC for 黑体, Noto Serif CJK SC for 仿宋/宋体) so that no glyph is missing in Word,
LibreOffice or the PDF —, page numbers "— 1 —" in the footer, tables with repeated header rows.

``ReportWriter`` holds the typography; ``annual``, ``evaluation`` and ``comparison`` (sibling modules) write
the content."""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HEITI = "Noto Sans CJK SC"  # stands in for 黑体
FANGSONG = "Noto Serif CJK SC"  # stands in for 仿宋 / 宋体
LATIN = "Noto Serif CJK SC"
BODY_PT = 12
Progress = Callable[[float, str], None] | None

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (section numbers)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


PERIOD = re.compile(r"[（(]?\d{4}[—–-]\d{4}年?[）)]?")
WORD_JOINER = "\u2060"


def unbroken_periods(text: str) -> str:
    """Keep a period such as （2021—2030年） on one line: Word and LibreOffice may break a CJK line between any
    two characters, and a 22-point title broke as （2021 / —2030年）. Word joiners between its characters
    forbid that and print nothing."""
    return PERIOD.sub(lambda m: WORD_JOINER.join(m.group(0)), text)


def _fonts(element, east_asian: str, latin: str = LATIN) -> None:
    """Set the East Asian and Latin fonts of a style's or run's rPr (python-docx sets only the Latin one)."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        fonts.set(qn(attr), name)
    # theme fonts (Calibri Light/DejaVu in the default template) would override the names above
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


class ReportWriter:
    """``sample``: the report's figures include generated sample data — the title page, the header and the
    footer of every page then say so (``model.SAMPLE_NOTICE``)."""

    def __init__(self, progress: Progress = None, *, sample: bool = False) -> None:
        self.doc = Document()
        self.progress = progress
        self.sample = sample
        self.figures = 0
        self.tables = 0
        self._setup()

    # --- typography -------------------------------------------------------------------------------------
    def _setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.footer_distance = Cm(2.0)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        normal.font.name = LATIN
        _fonts(normal.element, FANGSONG)
        normal.paragraph_format.line_spacing = 1.4
        normal.paragraph_format.space_after = Pt(0)
        for name, size, font in (("Title", 22, FANGSONG), ("Heading 1", 16, HEITI), ("Heading 2", 14, HEITI),
                                 ("Heading 3", 12, HEITI), ("Caption", 10.5, HEITI)):  # fmt: skip
            st = styles[name]
            st.font.size = Pt(size)
            st.font.name = font
            st.font.bold = name in ("Title", "Heading 1")
            st.font.italic = False
            st.font.color.rgb = RGBColor(0, 0, 0)
            _fonts(st.element, font, font)
            st.paragraph_format.space_before = Pt(12 if name.startswith("Heading") else 0)
            st.paragraph_format.space_after = Pt(6)
        styles["Caption"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title_ppr = styles["Title"].element.get_or_add_pPr()
        for border in title_ppr.findall(qn("w:pBdr")):  # the template underlines titles in blue
            title_ppr.remove(border)
        self._page_numbers(section)
        if self.sample:
            self._sample_marks(section)

    def _sample_marks(self, section) -> None:
        """示例数据 in red in the header and above the page number (later sections inherit both)."""
        from .model import SAMPLE_NOTICE

        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0].insert_paragraph_before()
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for p, text in ((header, f"{SAMPLE_NOTICE}：本报告的监测数据由程序生成，不得作为统计数据引用"),
                        (footer, SAMPLE_NOTICE)):  # fmt: skip
            r = p.add_run(text)
            r.font.size = Pt(10.5)
            r.bold = True
            r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            _fonts(r._element, HEITI, HEITI)

    def _page_numbers(self, section) -> None:
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("— ")
        run = p.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            elif text == "PAGE":
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = " PAGE "
            else:
                el = OxmlElement("w:t")
                el.text = text
            run._r.append(el)
        p.add_run(" —")
        for r in p.runs:
            r.font.size = Pt(11)
            _fonts(r._element, FANGSONG)

    # --- content ----------------------------------------------------------------------------------------
    def step(self, fraction: float, message: str) -> None:
        if self.progress is not None:
            self.progress(max(0.0, min(1.0, fraction)), message)

    def title_page(self, title: str, lines: list[str]) -> None:
        for _ in range(5):
            self.doc.add_paragraph()
        p = self.doc.add_paragraph(unbroken_periods(title), style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = 1.3
        for _ in range(8):
            self.doc.add_paragraph()
        if self.sample:
            from .model import SAMPLE_NOTICE

            q = self.doc.add_paragraph()
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            r = q.add_run(SAMPLE_NOTICE)
            r.font.size, r.bold = Pt(18), True
            r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            _fonts(r._element, HEITI, HEITI)
            self.doc.add_paragraph()
        for line in lines:
            q = self.doc.add_paragraph(line)
            q.alignment = WD_ALIGN_PARAGRAPH.CENTER
            q.runs[0].font.size = Pt(15)
        self.page_break()

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def paragraph(self, text: str, lead: str = "", indent: bool = True) -> None:
        """A body paragraph; ``lead`` is printed in 黑体 first (the NBS judgement headline)."""
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        if lead:
            r = p.add_run(lead)
            r.bold = True
            _fonts(r._element, HEITI, HEITI)
        p.add_run(text)

    def text_block(self, text: str, empty: str) -> None:
        """Free text written by the evaluation group: one paragraph per line; ``empty`` when there is none."""
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if not lines:
            self.paragraph(empty)
        for line in lines:
            self.paragraph(line)

    def figure(self, png: bytes, caption: str, width_cm: float = 15.0) -> None:
        self.figures += 1
        self.doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.doc.add_paragraph(f"图{self.figures}　{caption}", style="Caption")

    def table(self, caption: str, header: list[str], rows: list[list[str]], widths: list[float] | None = None,
              font_pt: float = 9) -> None:  # fmt: skip
        """A grid table with a caption above, a shaded header row repeated on every page."""
        self.tables += 1
        self.doc.add_paragraph(f"表{self.tables}　{caption}", style="Caption")
        t = self.doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            self._cell(cell, text, font_pt, bold=True)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:fill"), "E7ECF3")
            cell._tc.get_or_add_tcPr().append(shd)
        trpr = t.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        if widths:
            t.autofit = False
            layout = OxmlElement("w:tblLayout")
            layout.set(qn("w:type"), "fixed")
            t._tbl.tblPr.append(layout)
            for col, w in zip(t.columns, widths, strict=True):
                col.width = Cm(w)
            for cell, w in zip(t.rows[0].cells, widths, strict=True):
                cell.width = Cm(w)
        if rows:
            # one formatted row, then XML copies of it with the texts replaced: python-docx builds a cell in
            # ~0.3 ms, a comparison report has 6,000 rows of 8 cells
            template = t.add_row()
            # columns of short values (numbers, statuses) are centred like the header; text stays left
            short = [all(len(r[k]) <= 8 for r in rows) for k in range(len(header))]
            for k, cell in enumerate(template.cells):
                self._cell(cell, " ", font_pt)  # a run with a w:t to fill in
                if short[k]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                if widths:
                    cell.width = Cm(widths[k])
            tr = template._tr
            for values in rows:
                new = copy.deepcopy(tr)
                for tc, text in zip(new.iterchildren(qn("w:tc")), values, strict=True):
                    node = tc.find(".//" + qn("w:t"))
                    node.text = text
                    node.set(qn("xml:space"), "preserve")
                tr.addprevious(new)
            t._tbl.remove(tr)
        self.doc.add_paragraph()

    @staticmethod
    def _cell(cell, text: str, font_pt: float, bold: bool = False) -> None:
        p = cell.paragraphs[0]
        p.paragraph_format.line_spacing = 1.1
        p.paragraph_format.first_line_indent = None
        r = p.add_run(text)
        r.font.size = Pt(font_pt)
        if bold:
            r.bold = True
            _fonts(r._element, HEITI, HEITI)

    def landscape(self) -> None:
        """Start a new landscape section (for the wide appendix table)."""
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()
