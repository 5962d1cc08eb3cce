"""Why an upload was refused, in Chinese, naming the file (and the limit when one was exceeded)."""

from __future__ import annotations


class UploadRefused(ValueError):
    """The file was not read; ``message`` says why without the file name, ``str()`` with it."""

    rule = "文件无法读取"

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(f"{filename}：{message}")
        self.filename = filename
        self.message = message


class TooLarge(UploadRefused):
    """A limit of ``UploadLimits`` was exceeded."""

    rule = "超出上传限制"


class UnreadableUpload(UploadRefused):
    """Not the format it claims to be, broken, or in an unknown encoding."""
