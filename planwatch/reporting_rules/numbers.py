"""Read a number the way people type it in a form or a spreadsheet: "1,234", "85.6%", "１２．５", " 3 ".

A comma is a thousands separator only between groups of three digits ("1,234", "12,345.6"). Anything else
("1,5", "12,34", "1.234,5") is ambiguous — a decimal comma or a slip — and is refused with a message
saying how to write it, never read as 15."""

import math
import re
import unicodedata

from planwatch.domain.units import normalize_unit

# Unit suffixes people type after a number; each maps to the indicator units it is compatible with.
_SUFFIX = re.compile(r"^(?P<num>[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)\s*(?P<unit>\S*( \S+)*)$")
_GROUP_SPACE = re.compile(r"(?<=\d) +(?=\d{3}(\D|$))")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?(?=\D|$)")


class NotANumber(ValueError):
    """The text is not a number."""


class AmbiguousNumber(NotANumber):
    """The text has a comma that could be a decimal comma ("1,5"): refused rather than guessed."""

    def __str__(self) -> str:
        return (
            f"「{self.args[0]}」中的逗号无法判断是小数点还是千位分隔符：小数请写小数点（如 1.5），"
            "千位分隔符后须为三位数字（如 1,234）"
        )


class UnitMismatch(ValueError):
    """The text carries a unit that is not the indicator's unit."""

    def __init__(self, typed: str, expected: str) -> None:
        super().__init__(typed)
        self.typed, self.expected = typed, expected


def _same_unit(typed: str, expected: str) -> bool:
    """ "/10万" typed for a 1/10万 indicator, "％" for "%": one unit in the domain's spelling."""
    return typed == expected or normalize_unit(typed) == normalize_unit(expected)


def _drop_thousands_commas(text: str, raw: object) -> str:
    if "," not in text:
        return text
    grouped = _GROUPED.match(text)
    if grouped is None or "," in text[grouped.end() :]:
        raise AmbiguousNumber(str(raw))
    return text.replace(",", "")


def parse_number(raw: object, unit: str = "") -> float | None:
    """The number in ``raw`` (None when empty). Raises NotANumber or UnitMismatch."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NotANumber(str(raw))
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise NotANumber(str(raw))
        return float(raw)
    text = _drop_thousands_commas(unicodedata.normalize("NFKC", str(raw)).strip(), raw)
    # A space is a thousands separator only before a group of three digits ("1 234"); elsewhere it
    # separates the number from its unit, and dropping it would turn "7.2 1/10万" into 7.21.
    text = _GROUP_SPACE.sub("", text)
    if text in ("", "-", "—", "/"):
        return None
    match = _SUFFIX.match(text)
    if not match:
        raise NotANumber(str(raw))
    typed_unit = match.group("unit").replace(" ", "")
    if re.fullmatch(r"[\d.]+", typed_unit):  # "12 34": two numbers, not a number and a unit
        raise NotANumber(str(raw))
    if typed_unit and not _same_unit(typed_unit, unicodedata.normalize("NFKC", unit).strip()):
        raise UnitMismatch(typed_unit, unit)
    return float(match.group("num"))


def number_text(value: object) -> str:
    """A stored value as the form and the change history show it: 12 (not 12.0), every digit kept (never
    1.23457e+06, which would change the value when the form is saved again); other values as text."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    return str(value)[:255]
