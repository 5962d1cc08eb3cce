"""Units of indicators: recognise what a plan prints ("（%）", "1/10万", "‰", "万人" …) and normalise it.

A unit reaches an indicator from two places: the brackets of a table's name cell ("孕产妇死亡率（1/10万）")
or the printed value of a target ("8.5/10万以下", "82.3岁", "15.5年以上"). Both are normalised to one
spelling so that the assessment engine compares like with like.
"""

from __future__ import annotations

import re

from .numerals import fold_width

# Spellings seen in plans → the normal form used everywhere else.
_ALIASES = {
    "%": "%",
    "％": "%",
    "百分比": "%",
    "百分点": "个百分点",
    "个百分点": "个百分点",
    "‰": "‰",
    "千分比": "‰",
    "1/10万": "1/10万",
    "1/100000": "1/10万",
    "/10万": "1/10万",
    "十万分之一": "1/10万",
    "人/10万": "1/10万",
    "例/10万": "1/10万",
    "例": "例",
    "1/万": "1/万",
    "/万": "1/万",
    "岁": "岁",
    "年": "年",
    "万人": "万人",
    "人": "人",
    "人次": "人次",
    "万人次": "万人次",
    "个": "个",
    "件": "件",
    "起": "件",
    "所": "所",
    "张": "张",
    "次": "次",
    "小时": "小时",
    "h": "小时",
    "分钟": "分钟",
    "天": "天",
    "平方米": "平方米",
    "m2": "平方米",
    "m²": "平方米",
    "㎡": "平方米",
    "元": "元",
    "万元": "万元",
    "亿元": "亿元",
    "名": "名",
    "户": "户",
    "家": "家",
    "座": "座",
    "项": "项",
    "册": "册",
    "倍": "倍",
}
KNOWN_UNITS: frozenset[str] = frozenset(_ALIASES.values())

# Units that may follow a printed number, longest spellings first so that "万人次" wins over "万人".
_VALUE_UNITS = sorted(
    {k for k in _ALIASES if not k.startswith(("1/", "十万", "百分", "千分"))}, key=len, reverse=True
)
VALUE_UNIT_PATTERN = "|".join(re.escape(u) for u in _VALUE_UNITS)

# A trailing bracket in a name cell: "（%）", "(1/10万)", "（万人）"; ASCII or full-width brackets.
_BRACKET_RE = re.compile(r"[（(]\s*([^（()）]{1,12}?)\s*[)）]\s*$")


def normalize_unit(raw: str) -> str:
    """ "％" → "%", "/10万" → "1/10万", "人/10万" → "1/10万"; unknown spellings are returned stripped."""
    text = fold_width(raw or "").strip().replace(" ", "")
    if len(text) > 2 and text[0] in "([" and text[-1] in ")]":
        text = text[1:-1]
    if text.startswith("单位:"):
        text = text[3:]
    return _ALIASES.get(text, text)


def is_unit(raw: str) -> bool:
    """True when ``raw`` (e.g. the content of a name cell's last brackets) is a unit we know."""
    return normalize_unit(raw) in KNOWN_UNITS


def trailing_unit(cell: str) -> tuple[str, str]:
    """Split a name cell into (name, unit) when it ends in unit brackets; otherwise (cell, "").

    Only known units are split off, so a qualifier in brackets ("村（社区）", "（含电子烟）") stays in the name.
    """
    text = (cell or "").strip()
    m = _BRACKET_RE.search(text)
    if m and is_unit(m.group(1)):
        return text[: m.start()].rstrip(), normalize_unit(m.group(1))
    return text, ""
