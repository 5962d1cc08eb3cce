"""Name normalisation: the same indicator printed in different ways must give the same key.

Two keys are built. ``normalize_name`` removes what never changes the meaning (unit brackets, scope words such
as 全区/我县, leading time phrases, punctuation and spaces, full-width forms). ``loose_key`` also removes the
level prefix of a body (各级/县/区级/市 …) and filler characters (的, 之), so that "县人大代表中的女性比例" and
"各级人大代表中女性比例" meet; it is used for similarity, never as a proof of identity.
"""

from __future__ import annotations

import re

from planwatch.domain.units import unit_info
from planwatch.parsing.numerals import fold_width

# "（%）", "(1/10万)", "（‰）" at the end or anywhere: only known units are removed, qualifiers stay.
_BRACKET = re.compile(r"[（(]\s*([^（()）]{0,12}?)\s*[)）]")
# 到2030年， / 2025年 / 至2030年 / 十四五期间 at the start.
_TIME = re.compile(
    r"^(?:到|至|截至|截止)?\s*(?:20\d\d|二〇[二三]\d)\s*年(?:底|末)?\s*[，,、]?|^“?十四五”?(?:期间|末)?[，,]?"
)
_SCOPE = re.compile(r"^(?:全省|全市|全区|全县|全镇|全乡|本省|本市|本区|本县|我省|我市|我区|我县|我镇)")
# Punctuation, spaces, quotes, book-title marks: meaningless for identity.
_PUNCT = re.compile(r"[\s\"'“”‘’《》〈〉<>【】\[\]、，,。.;；:：·•—\-–~～_/]+")
_DASHES = re.compile(r"(\d)\s*[—\-–~～至到]\s*(\d)")
_LEVEL = re.compile(
    r"^(?:各级各类|各级|各地|省级|市级|县级|区级|乡镇级|省|市|县|区|乡镇|镇|街镇|街道|区属|市属|县属)"
    r"(?=[\u4e00-\u9fff])"
)
_FILLER = re.compile(r"[的之]")
# Bracketed qualifiers that are only spelling: 乡镇（街道） vs 镇(街道), 村（社区） stay but lose brackets.
_ANY_BRACKET = re.compile(r"[（()）]")


def _drop_unit_brackets(text: str) -> str:
    def repl(m: re.Match) -> str:
        inner = m.group(1)
        return "" if inner and unit_info(inner) is not None else m.group(0)

    return _BRACKET.sub(repl, text)


def normalize_name(name: str) -> str:
    """The exact-match key: "全区孕产妇死亡率（1/10万）" → "孕产妇死亡率"; "0—6岁" and "0-6岁" agree."""
    text = fold_width(name or "").strip()
    text = _drop_unit_brackets(text)
    text = _TIME.sub("", text).strip()
    text = _SCOPE.sub("", text)
    text = _DASHES.sub(r"\1-\2", text)
    text = _ANY_BRACKET.sub("", text)
    text = _PUNCT.sub("", text.replace("-", "至"))
    return text


def loose_key(name: str) -> str:
    """The similarity key: normalised, without a leading level prefix and without 的/之."""
    text = normalize_name(name)
    text = _LEVEL.sub("", text, count=1)
    return _FILLER.sub("", text)
