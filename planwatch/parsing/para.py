"""A paragraph of normalised text that remembers the ORIGINAL line of every character.

Its own module because every parsing step (normalize, tables, structure, baselines) passes Paras along.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass
class Para:
    """A paragraph of normalised text; ``breaks`` maps text offsets back to original 1-based lines."""

    text: str
    line: int
    breaks: list[tuple[int, int]] = field(default_factory=list)  # (offset, original line), ascending
    in_table: bool = False

    def __post_init__(self) -> None:
        if not self.breaks:
            self.breaks = [(0, self.line)]

    def line_at(self, offset: int) -> int:
        """Original line of the character at ``offset``."""
        i = bisect_right(self.breaks, (offset, 1 << 30)) - 1
        return self.breaks[max(i, 0)][1]

    def append(self, other: Para, sep: str = "") -> None:
        base = len(self.text) + len(sep)
        self.text += sep + other.text
        for off, line in other.breaks:
            if self.breaks[-1][1] != line:
                self.breaks.append((base + off, line))

    def slice(self, start: int, end: int | None = None) -> Para:
        """The sub-paragraph ``text[start:end]`` (stripped), with its own line map."""
        end = len(self.text) if end is None else end
        piece = self.text[start:end]
        lead = len(piece) - len(piece.lstrip())
        text = piece.strip()
        start += lead
        first = self.line_at(start)
        breaks = [(0, first)] + [(o - start, ln) for o, ln in self.breaks if start < o < start + len(text)]
        return Para(text, first, breaks, self.in_table)


def concat(paras: list[Para], sep: str = "\n") -> Para:
    """Join paragraphs into one (for scanning a whole section), keeping the line map."""
    if not paras:
        return Para("", 0)
    out = Para(paras[0].text, paras[0].line, list(paras[0].breaks), paras[0].in_table)
    for p in paras[1:]:
        out.append(p, sep)
    return out
