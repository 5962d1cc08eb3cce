"""Bounded reading of the files people upload (task workbooks, historical data, region registers, plan
documents, implementation reports). Pure: no Django. The limits are one ``UploadLimits`` value (settings
``PLANWATCH_UPLOAD_LIMITS``, from the environment); every import reads its files through here, so a file
that is too big, a zip bomb or a sheet declaring a million rows is refused before it costs memory."""

from .errors import TooLarge, UnreadableUpload, UploadRefused
from .limits import UploadLimits
from .tables import SheetNotFound, UploadedWorkbook, read_csv_rows, read_table
from .zipcheck import check_size, check_zip

__all__ = [
    "SheetNotFound",
    "TooLarge",
    "UnreadableUpload",
    "UploadLimits",
    "UploadRefused",
    "UploadedWorkbook",
    "check_size",
    "check_zip",
    "read_csv_rows",
    "read_table",
]
