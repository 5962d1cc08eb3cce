"""Rows of an uploaded .xlsx or CSV, read within ``UploadLimits``.

Workbooks are read with openpyxl in read-only mode, one row at a time: python-calamine builds the whole
sheet as one dense grid first, and a 7 KB file with cells at A1 and XFD1048576 makes it allocate 512 GiB
and abort the process. Here the declared dimension is checked before reading, and the real rows and columns
(which may differ from the declaration) are counted while streaming. Empty cells come back as ``""``,
trailing empty cells and rows are dropped, row ``n`` of the sheet is ``rows[n - 1]``."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable

from planwatch.textcodec import decode_csv

from .errors import TooLarge, UnreadableUpload
from .limits import UploadLimits
from .zipcheck import check_size, check_zip

EXCEL_MAX_ROWS = 1_048_576  # a row number beyond this is not a real sheet
CHECK_CLOCK_EVERY = 512
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls, or an encrypted .xlsx
NOT_A_TABLE = "不是有效的 Excel（.xlsx）或 CSV 文件，或文件已损坏"
OLD_EXCEL = (
    "是旧版 Excel（.xls）或加密的工作簿，无法读取：请在 Excel/WPS 中另存为 .xlsx（不加密）或 CSV 后上传"
)


class SheetNotFound(UnreadableUpload):
    def __init__(self, filename: str, sheet: str) -> None:
        super().__init__(filename, f"缺少工作表「{sheet}」")
        self.sheet = sheet


def _empty(v) -> bool:
    return v is None or v == ""


def _too_many_rows(filename: str, where: str, limits: UploadLimits) -> TooLarge:
    return TooLarge(filename, f"{where}超过 {limits.max_rows} 行的上限：请拆分为多个文件分批上传")


class UploadedWorkbook:
    """An uploaded .xlsx, opened after its zip container passed ``check_zip``. Use as a context manager."""

    def __init__(self, data: bytes, filename: str, limits: UploadLimits) -> None:
        from openpyxl import load_workbook

        self.filename, self.limits = filename, limits
        self.deadline = time.monotonic() + limits.max_seconds
        if data[:4] == OLE_MAGIC:
            raise UnreadableUpload(filename, OLD_EXCEL)
        check_zip(data, filename, limits)
        try:
            self._book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 — openpyxl/zipfile/lxml classes; their English does not help
            raise UnreadableUpload(filename, "不是有效的 Excel 工作簿（.xlsx）或文件已损坏") from exc

    def __enter__(self) -> UploadedWorkbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._book.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def rows(self, sheet: str | int = 0) -> list[list]:
        """The cell values of one sheet (by name, or by position in the workbook, hidden sheets included)."""
        if isinstance(sheet, int):
            sheets = self._book.worksheets
            if not 0 <= sheet < len(sheets):
                raise SheetNotFound(self.filename, f"第{sheet + 1}个")
            ws = sheets[sheet]
        elif sheet in self._book.sheetnames:
            ws = self._book[sheet]
        else:
            raise SheetNotFound(self.filename, sheet)
        if not hasattr(ws, "reset_dimensions"):  # a chart sheet has no cells
            raise SheetNotFound(self.filename, ws.title)
        self._check_declared(ws)
        ws.reset_dimensions()  # the declaration may lie: read the rows that are really there
        try:
            return self._stream(ws.title, ws.iter_rows(values_only=True))
        except (TooLarge, UnreadableUpload):
            raise
        except Exception as exc:  # noqa: BLE001 — broken XML inside the sheet
            raise UnreadableUpload(self.filename, f"工作表「{ws.title}」已损坏，无法读取") from exc

    def _check_declared(self, ws) -> None:
        rows, cols = ws.max_row or 0, ws.max_column or 0
        limits = self.limits
        if rows > limits.max_rows or cols > limits.max_columns:
            from openpyxl.utils import get_column_letter

            raise TooLarge(
                self.filename,
                f"工作表「{ws.title}」声明的范围为 A1:{get_column_letter(min(cols, 16384) or 1)}{rows}"
                f"（{rows} 行 × {cols} 列），超过上限（最多 {limits.max_rows} 行、{limits.max_columns} 列）："
                "请删除多余的行和列（或另存为 CSV）后上传",
            )

    def _stream(self, title: str, source: Iterable[tuple]) -> list[list]:
        limits, out, pending_empty = self.limits, [], 0
        for n, values in enumerate(source, start=1):
            if n % CHECK_CLOCK_EVERY == 0 and time.monotonic() > self.deadline:
                raise TooLarge(
                    self.filename, f"读取时间超过 {limits.max_seconds:g} 秒的上限：请拆分后分批上传"
                )
            if n > EXCEL_MAX_ROWS:
                raise UnreadableUpload(self.filename, f"工作表「{title}」的行号超出 Excel 的范围，文件已损坏")
            width = len(values)
            while width and _empty(values[width - 1]):
                width -= 1
            if not width:
                pending_empty += 1
                continue
            if n > limits.max_rows:
                raise _too_many_rows(self.filename, f"工作表「{title}」第{n}行仍有数据，", limits)
            if width > limits.max_columns:
                raise TooLarge(
                    self.filename,
                    f"工作表「{title}」第{n}行第{width}列仍有数据，超过 {limits.max_columns} 列的上限",
                )
            out.extend([] for _ in range(pending_empty))
            pending_empty = 0
            out.append(["" if v is None else v for v in values[:width]])
        return out


def read_csv_rows(data: bytes, filename: str, limits: UploadLimits) -> list[list[str]]:
    """Rows of a CSV in UTF-8 (with or without BOM) or GB18030/GBK, within the row and column limits."""
    check_size(len(data), filename, limits)
    text = decode_csv(data)
    if text is None:
        raise UnreadableUpload(filename, "无法识别文件编码：不是 UTF-8 或 GBK 编码的 CSV 文本")
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if len(rows) >= limits.max_rows:
                raise _too_many_rows(filename, "", limits)
            if len(row) > limits.max_columns:
                raise TooLarge(
                    filename, f"第{reader.line_num}行有 {len(row)} 列，超过 {limits.max_columns} 列的上限"
                )
            rows.append(row)
    except csv.Error as exc:
        raise UnreadableUpload(
            filename, f"第{reader.line_num}行不是有效的 CSV（引号不成对、含空字符或单元格过长）"
        ) from exc
    return rows


def read_table(data: bytes, filename: str, limits: UploadLimits) -> list[list]:
    """A CSV's rows, or the first sheet of an .xlsx."""
    check_size(len(data), filename, limits)
    if filename.lower().endswith(".csv"):
        return read_csv_rows(data, filename, limits)
    if data[:4] == OLE_MAGIC or filename.lower().endswith(".xls"):
        raise UnreadableUpload(filename, OLD_EXCEL)
    if data[:2] != b"PK":
        raise UnreadableUpload(filename, NOT_A_TABLE)
    with UploadedWorkbook(data, filename, limits) as book:
        return book.rows(0)
