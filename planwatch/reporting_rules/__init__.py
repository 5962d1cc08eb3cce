"""Validation rules for reported data (年度数据报送校验), free of Django so they can be tested alone.

The web form, the Excel upload, the CLI import and the historical bulk import all pass their cells through
``check_row`` so the same data gives the same verdict whatever the channel.
"""

from .numbers import AmbiguousNumber, NotANumber, UnitMismatch, number_text, parse_number
from .rules import (
    YOY_DEFAULTS_TEXT,
    YOY_POINTS,
    YOY_THRESHOLD,
    IndicatorSpec,
    Problem,
    RawCell,
    RowInput,
    RowResult,
    YoyLimit,
    check_row,
    yoy_limit,
)

__all__ = [
    "AmbiguousNumber",
    "YOY_DEFAULTS_TEXT",
    "YOY_POINTS",
    "YOY_THRESHOLD",
    "IndicatorSpec",
    "NotANumber",
    "Problem",
    "RawCell",
    "RowInput",
    "RowResult",
    "UnitMismatch",
    "YoyLimit",
    "check_row",
    "number_text",
    "parse_number",
    "yoy_limit",
]
