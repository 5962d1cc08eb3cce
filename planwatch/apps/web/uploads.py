"""Uploaded files in the web pages: bounded while they arrive, checked again once they are here.

``LimitedUploadHandler`` (first in FILE_UPLOAD_HANDLERS) stops storing a file as soon as it passes
``PLANWATCH_UPLOAD_LIMITS.max_bytes``, so an oversized upload never fills the disk; the view then learns
from ``uploaded_file`` that it was refused and why (instead of "请选择文件")."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from planwatch.uploads import TooLarge, check_size
from planwatch.uploads.limits import size_text


class LimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.PLANWATCH_UPLOAD_LIMITS.max_bytes:
            refused = getattr(self.request, "refused_uploads", None)
            if refused is None:
                refused = self.request.refused_uploads = {}
            refused[self.field_name] = self.file_name or "上传的文件"
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) builds the file


def uploaded_file(request, field: str) -> UploadedFile | None:
    """The file posted as ``field`` (None when none was chosen). Raises TooLarge (its message names the
    file and the limit) when it exceeded the upload limit."""
    limits = settings.PLANWATCH_UPLOAD_LIMITS
    upload = request.FILES.get(field)  # parses the request body (the handler below records refusals)
    refused = getattr(request, "refused_uploads", {}).get(field)
    if refused is not None:
        raise TooLarge(refused, f"文件超过上传上限 {size_text(limits.max_bytes)}，未保存")
    if upload is not None:
        check_size(upload.size, upload.name, limits)
    return upload
