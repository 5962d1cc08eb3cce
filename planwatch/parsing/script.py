"""Traditional script and mirror-site glitches: read the text in simplified script, give names back as printed.

Plans copied to Taiwan / Hong Kong mirrors or wiki pages are in traditional script ("孕產婦死亡率"), and some
mirrors annotate characters with pinyin ("規(guī)劃"). The parser's vocabulary is simplified, so the lines are
converted with OpenCC (t2s) for reading; ``Restorer`` maps the simplified names the parser builds back to the
characters the document printed (learnt from the aligned lines), so that 指标名称 stay as printed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from . import model

# "規(guī)劃": a pinyin reading in brackets right after a character (always has a tone mark)
_PINYIN_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,7}[)）]"
)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_SHARE = 0.03  # share of characters that t2s changes above which a text is traditional script
_SAMPLE = 20000  # characters looked at to decide


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified script (names compared across scripts)."""
    return _t2s().convert(text) if text else text


def strip_pinyin(line: str) -> str:
    return _PINYIN_RE.sub("", line) if "(" in line or "（" in line else line


def is_traditional(text: str) -> bool:
    sample = text[:_SAMPLE]
    cjk = len(_CJK_RE.findall(sample))
    if cjk < 10:
        return False
    converted = _t2s().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return len(converted) == len(sample) and changed / cjk >= TRADITIONAL_SHARE


@dataclass
class Restorer:
    """Simplified character → the traditional one this document printed for it (the most frequent)."""

    chars: dict[str, str] = field(default_factory=dict)

    def __call__(self, text: str | None) -> str | None:
        if not text or not self.chars:
            return text
        return "".join(self.chars.get(c, c) for c in text)


def to_simplified(lines: list[str]) -> tuple[list[str], Restorer | None]:
    """Lines in simplified script plus the restorer of printed names; (lines, None) for simplified text."""
    lines = [strip_pinyin(ln) for ln in lines]
    if not is_traditional("\n".join(lines)):
        return lines, None
    t2s = _t2s()
    out: list[str] = []
    seen: dict[str, Counter] = {}
    for line in lines:
        conv = t2s.convert(line)
        out.append(conv)
        if len(conv) == len(line):
            for a, b in zip(line, conv, strict=True):
                if a != b:
                    seen.setdefault(b, Counter())[a] += 1
    return out, Restorer({s: c.most_common(1)[0][0] for s, c in seen.items()})


def restore_printed(doc: model.Document, restore: Restorer) -> None:
    """Give the document's names and texts back in the script the document printed."""
    doc.region, doc.issuer = restore(doc.region), restore(doc.issuer)
    for plan in doc.plans:
        plan.title = restore(plan.title)
        for area in plan.areas:
            area.name = restore(area.name)
            for item in (*area.goals, *area.strategies):
                item.text = restore(item.text)
        for ind in plan.indicators:
            ind.name, ind.area, ind.source_text = (
                restore(ind.name),
                restore(ind.area),
                restore(ind.source_text),
            )
            for t in (ind.target, *ind.milestones):
                t.text = restore(t.text)
        for p in plan.projects:
            p.box, p.title, p.text, p.area = (
                restore(p.box),
                restore(p.title),
                restore(p.text),
                restore(p.area),
            )
    doc.warnings.append("原文为繁体字，已转为简体识别，指标名称按原文繁体保留")
