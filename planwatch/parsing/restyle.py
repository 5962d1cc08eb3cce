"""A plan rewritten into the styles real plans are printed in (issue 11): the same plan, another typesetting.

Each rewriter takes the text of a plan and returns the same plan as another printer or site would give it.
Used by the property tests (the same indicators must come out) and by ``planwatch bench parse`` (recall).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

CN = "一二三四五六七八九十"
# "1．" starting a line — an item number, not a table cell "2.3" or "8.5/10万"
_ITEM = re.compile(r"(?m)^(\s*)(\d{1,2})[．.、](?!\d+(?:\.\d+)?\s*(?:%|‰|/|$))\s*")
_L1 = re.compile(rf"(?m)^(\s*)([{CN}]{{1,3}})、")
_L2 = re.compile(rf"(?m)^(\s*)[（(]([{CN}]{{1,3}})[）)]")


@cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    return _s2t().convert(text)


def paren_numbers(text: str) -> str:
    return _ITEM.sub(r"\1(\2)", text)


def circled_numbers(text: str) -> str:
    return _ITEM.sub(
        lambda m: m.group(1) + chr(0x245F + int(m.group(2))) if int(m.group(2)) <= 20 else m.group(0), text
    )


def dash_bullets(text: str) -> str:
    return _ITEM.sub(r"\1--", text)


def long_dash_bullets(text: str) -> str:
    return _ITEM.sub(r"\1——", text)


def chapters(text: str) -> str:
    """一、 → 第一章, （一） → 第一节."""
    return _L2.sub(r"\1第\2节 ", _L1.sub(r"\1第\2章 ", text))


def flattened(text: str) -> str:
    """Every goal and strategy list run into one line: items and the 策略措施 mark follow the text before."""
    text = re.sub(r"(主要目标[:：])\s*\n", r"\1", text)
    return re.sub(r"\n\s*(?=\d{1,2}[．.、](?!\d)|策略措施|主要措施)", "", text)


# in the order they combine: numbering, headings, running lines together, then the script
STYLES: dict[str, Callable[[str], str]] = {
    "paren_numbers": paren_numbers,
    "circled_numbers": circled_numbers,
    "dash_bullets": dash_bullets,
    "long_dash_bullets": long_dash_bullets,
    "chapters": chapters,
    "flattened": flattened,
    "traditional": traditional,
}


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def indicator_keys(doc) -> set[tuple]:
    """What must not change with the typesetting: plan, origin, name (read in simplified script), target, unit."""
    out = set()
    for p in doc.plans:
        for i in p.indicators:
            t = i.target
            milestones = tuple((m.year, m.kind, m.comparator, m.value) for m in i.milestones)
            out.add((p.population, i.origin, _t2s().convert(i.name), t.kind, t.comparator, t.value, i.unit, t.year,
                     milestones))  # fmt: skip
    return out
