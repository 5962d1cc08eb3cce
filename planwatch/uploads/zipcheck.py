"""Before anything decompresses an .xlsx or .docx: its size, member count, declared uncompressed size and
compression ratio. Python's zipfile never inflates a member beyond its declared size (the CRC check fails),
so bounding the declared sizes bounds what openpyxl or python-docx can be made to read."""

from __future__ import annotations

import io
import zipfile

from .errors import TooLarge, UnreadableUpload
from .limits import MIB, UploadLimits, size_text

RATIO_FLOOR = MIB  # small members may compress very well (an empty sheet); only big ones are judged


def check_size(size: int, filename: str, limits: UploadLimits) -> None:
    if size > limits.max_bytes:
        raise TooLarge(filename, f"文件大小 {size_text(size)}，超过上传上限 {size_text(limits.max_bytes)}")


def check_zip(
    data: bytes, filename: str, limits: UploadLimits, *, kind: str = "Excel 工作簿（.xlsx）"
) -> None:
    """Refuse a zip container whose members would inflate beyond the limits. Not a zip: UnreadableUpload."""
    check_size(len(data), filename, limits)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UnreadableUpload(filename, f"不是有效的{kind}或文件已损坏") from exc
    if len(members) > limits.max_zip_members:
        raise TooLarge(
            filename, f"压缩包内有 {len(members)} 个部件，超过上限 {limits.max_zip_members} 个，不像是{kind}"
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise TooLarge(
            filename,
            f"解压后共 {size_text(total)}，超过上限 {size_text(limits.max_unzipped_bytes)}"
            "（可能是压缩炸弹，或表格过大：请拆分后分批上传）",
        )
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > limits.max_zip_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise TooLarge(
                filename,
                f"部件 {m.filename} 的压缩比为 {ratio:.0f}:1，超过上限 {limits.max_zip_ratio}:1（疑似压缩炸弹）",
            )
