"""Hostile files, built small in the tests: a sheet declaring XFD1048576, one that lies about its size,
a zip bomb, an oversized CSV."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook


def far_corner_workbook(*, lie: bool = False, sheet: str = "Sheet") -> bytes:
    """~5 KB: cells at A1 and XFD1048576 (python-calamine would allocate a 512 GiB grid). ``lie``: the
    declared dimension says A1 only, so only counting the real rows can catch it."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws["A1"] = "地区代码"
    ws["XFD1048576"] = 1
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if not lie:
        return data
    return rewrite(data, lambda name, body: body.replace(b'ref="A1:XFD1048576"', b'ref="A1"'))


def zip_bomb_workbook(inflated_mb: int = 8) -> bytes:
    """A real workbook whose sheet XML carries ``inflated_mb`` MB of blanks: ~10 KB on disk, ratio ~1000:1."""
    wb = Workbook()
    wb.active["A1"] = "地区代码"
    buf = io.BytesIO()
    wb.save(buf)
    padding = b" " * (inflated_mb * 1024 * 1024)

    def pad(name: str, body: bytes) -> bytes:
        return body.replace(b"<sheetData>", b"<sheetData>" + padding) if name.endswith("sheet1.xml") else body

    return rewrite(buf.getvalue(), pad)


def many_members_zip(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(n):
            z.writestr(f"x/{i}.xml", b"<a/>")
    return buf.getvalue()


def rewrite(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            z.writestr(info.filename, change(info.filename, src.read(info)))
    return out.getvalue()


def history_csv(rows: int, indicator_id: int, region: str = "500116") -> bytes:
    lines = ["地区代码,指标ID,年份,合计"] + [
        f"{region},{indicator_id},{2000 + i % 30},{i}" for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()
