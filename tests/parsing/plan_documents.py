"""Test documents generated on the fly: .docx (python-docx), text-layer .pdf (hand-written PDF), .html, GBK .txt."""

from __future__ import annotations

import io

SAMPLE_PLAN = """示范县人民政府关于印发示范县妇女发展规划（2021—2030年）的通知
示范政发〔2023〕5号
2023年3月1日
示范县妇女发展规划（2021—2030年）
一、发展基础
2020年，全县孕产妇系统管理率达到92.5%。
二、发展领域、主要目标和策略措施
（一）妇女与健康
主要目标：
1．孕产妇死亡率控制在１０/10万以下。
2．孕产妇系统管理率达到95%以上。
策略措施：
1．完善妇女健康服务体系。
（二）妇女与教育
主要目标：
1．高中阶段教育毛入学率达到９８％以上。
策略措施：
1．保障女性平等接受教育。
"""


def docx_bytes(
    paragraphs: list[str], table: list[list[str]] | None = None, after: list[str] | None = None
) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    for text in after or []:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines``.

    Uses the predefined Adobe CJK font STSong-Light with the UniGB-UCS2-H encoding (every PDF reader knows
    it; nothing is embedded), so Chinese text needs no font file on the test machine.
    """
    stream_lines = ["BT", "/F1 12 Tf", "16 TL", "40 800 Td"]
    for line in lines:
        stream_lines.append(f"<{line.encode('utf-16-be').hex().upper()}> Tj T*")
    stream_lines.append("ET")
    content = "\n".join(stream_lines).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def html_bytes(lines: list[str], encoding: str = "utf-8") -> bytes:
    body = "".join(f"<p>{line}</p>" for line in lines)
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>示范县政府网</title>'
        f"<script>var x = '不应出现';</script></head><body><div class='nav'>首页 | 政务公开</div>{body}</body></html>"
    )
    return page.encode(encoding)
