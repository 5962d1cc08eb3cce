"""The upload limits, in one place. Each can be overridden by an environment variable (see README
「配置」); Django reads them once into ``settings.PLANWATCH_UPLOAD_LIMITS`` (tests override that)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

MIB = 1024 * 1024


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 20 * MIB  # one uploaded file (workbook, CSV, report, plan document)
    max_unzipped_bytes: int = 100 * MIB  # sum of the declared sizes of an .xlsx/.docx's members
    max_zip_members: int = 500  # a workbook has ~10–30; thousands mean something else
    max_zip_ratio: int = 100  # declared size / compressed size of one member (sheets compress ~5–20×)
    max_rows: int = 250_000  # rows of a sheet or CSV (a province's 2010–2020 history is ~200,000)
    max_columns: int = 200
    max_seconds: float = 60.0  # reading one file

    # environment variable, and the factor from its unit to the field's unit
    ENV = {
        "max_bytes": ("PLANWATCH_UPLOAD_MAX_MB", MIB),
        "max_unzipped_bytes": ("PLANWATCH_UPLOAD_MAX_UNZIPPED_MB", MIB),
        "max_zip_members": ("PLANWATCH_UPLOAD_MAX_ZIP_MEMBERS", 1),
        "max_zip_ratio": ("PLANWATCH_UPLOAD_MAX_ZIP_RATIO", 1),
        "max_rows": ("PLANWATCH_UPLOAD_MAX_ROWS", 1),
        "max_columns": ("PLANWATCH_UPLOAD_MAX_COLUMNS", 1),
        "max_seconds": ("PLANWATCH_UPLOAD_MAX_SECONDS", 1),
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> UploadLimits:
        """Defaults, overridden by the environment. A value that is not a positive number is an error
        naming the variable (a typo must not silently lift a limit)."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            name, factor = cls.ENV[f.name]
            text = environ.get(name, "").strip()
            if not text:
                continue
            try:
                number = float(text)
            except ValueError:
                number = 0.0
            if not number > 0:
                raise ValueError(f"环境变量 {name} 应为正数，收到「{text}」")
            values[f.name] = type(f.default)(number * factor)
        return cls(**values)


def size_text(n: float) -> str:
    """20971520 → "20 MB", 2048 → "2 KB" (limits and sizes in messages)."""
    if n >= MIB:
        mb = n / MIB
        return f"{mb:.0f} MB" if mb >= 10 or mb.is_integer() else f"{mb:.1f} MB"
    return f"{max(1, round(n / 1024))} KB"
