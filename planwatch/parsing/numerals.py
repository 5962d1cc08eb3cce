"""Numbers as plans print them: half-width/full-width digits, Chinese numerals, fractions and ratios.

Every function works on a single string and never guesses a number that is not printed: a value comes from
digits or Chinese numerals in the text itself. Full-width characters are folded one-for-one (same length) so
that offsets found in the folded text are offsets in the original.
"""

from __future__ import annotations

import re

import cn2an

# One-for-one folding table: full-width ASCII block → ASCII, plus the Chinese punctuation that carries
# meaning in targets (colon of a ratio, brackets of a unit, comparison signs, the decimal point).
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        ord("\u3000"): ord(" "),
        ord("∶"): ord(":"),
        ord("﹪"): ord("%"),
        ord("≧"): ord("≥"),
        ord("≦"): ord("≤"),
        ord("〈"): ord("<"),
        ord("〉"): ord(">"),
        ord("～"): ord("~"),
        ord("－"): ord("-"),
    }
)


def fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation → half-width; the result has the same length."""
    return text.translate(_FOLD)


CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿点"
CN_NUMERAL = f"[{CN_NUMERAL_CHARS}]+"
NUMBER = r"\d+(?:\.\d+)?"
_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def cn_to_number(text: str) -> float | None:
    """ "九" → 9, "十五" → 15, "零点五" → 0.5, "二〇三〇" → 2030; None when ``text`` is not a numeral."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(NUMBER, text):
        return float(text)
    if not re.fullmatch(CN_NUMERAL, text):
        return None
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        # "二〇三〇"-style digit strings are not "smart" numerals in every cn2an version
        if all(c in _DIGIT for c in text):
            return float("".join(str(_DIGIT[c]) for c in text))
        return None
    return float(value)


def to_number(text: str) -> float | None:
    """Arabic or Chinese numeral → float."""
    text = fold_width(text).strip()
    if re.fullmatch(NUMBER, text):
        return float(text)
    return cn_to_number(text)


# 十万分之九 → (9, "1/10万"); 千分之五 → (5, "‰"); 百分之八十 → (80, "%"); 三分之一 → (33.33…, "%")
_PER_UNIT = {"十万": "1/10万", "10万": "1/10万", "万": "1/万", "千": "‰", "百": "%"}
FRACTION_RE = re.compile(rf"(?P<den>{CN_NUMERAL}|{NUMBER})分之(?P<num>{CN_NUMERAL}|{NUMBER})")
# 两成 / 四成 / 八成 → 20 / 40 / 80 %
TENTHS_RE = re.compile(r"(?<![零〇一二两三四五六七八九十百千万\d])(?P<n>[一二两三四五六七八九十])成")
# 2:3 (after folding "２：３" / "2：3")
RATIO_RE = re.compile(rf"(?<![\d.:])(?P<a>{NUMBER})\s*:\s*(?P<b>{NUMBER})(?![\d:])")


def parse_fraction(text: str) -> tuple[float, str] | None:
    """A printed Chinese fraction → (value, unit); None when ``text`` holds none.

    Denominators that are units of their own (十万, 万, 千, 百) keep the numerator as the value in that unit,
    other denominators become a percentage (三分之一 → 33.333… %).
    """
    m = FRACTION_RE.search(fold_width(text))
    if not m:
        return None
    return fraction_value(m.group("den"), m.group("num"))


def fraction_value(den: str, num: str) -> tuple[float, str] | None:
    numerator = to_number(num)
    if numerator is None:
        return None
    if den in _PER_UNIT:
        return numerator, _PER_UNIT[den]
    denominator = to_number(den)
    if not denominator:
        return None
    if denominator == 100000:
        return numerator, "1/10万"
    if denominator == 1000:
        return numerator, "‰"
    if denominator == 100:
        return numerator, "%"
    return round(numerator / denominator * 100, 4), "%"


def parse_tenths(text: str) -> tuple[float, str] | None:
    """两成 → (20, "%")."""
    m = TENTHS_RE.search(text)
    if not m:
        return None
    n = to_number(m.group("n"))
    return (n * 10, "%") if n is not None else None


def parse_ratio(text: str) -> tuple[float, float] | None:
    """ "2：3" / "2:3" → (2, 3); None without a ratio or with a zero second term."""
    m = RATIO_RE.search(fold_width(text))
    if not m:
        return None
    a, b = float(m.group("a")), float(m.group("b"))
    if b == 0:
        return None
    return a, b
