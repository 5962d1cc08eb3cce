"""The five seeds rewritten into each printing style give the same indicators as the original (issue 11)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.parsing.document import parse_document
from planwatch.parsing.restyle import STYLES, indicator_keys

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"
SEEDS = sorted(p.name for p in SEED_DIR.glob("*.txt"))


@cache
def _text(seed: str) -> str:
    return (SEED_DIR / seed).read_text(encoding="utf-8")


@cache
def _original(seed: str) -> frozenset:
    return frozenset(indicator_keys(parse_document(_text(seed).encode(), seed)))


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_in_every_style_reads_the_same(seed: str, style: str) -> None:
    doc = parse_document(STYLES[style](_text(seed)).encode("utf-8"), seed)
    got = indicator_keys(doc)
    want = _original(seed)
    assert not want - got and not got - want, (
        f"{style}: missing {sorted(want - got, key=str)[:3]}, extra {sorted(got - want, key=str)[:3]}"
    )


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.sampled_from(SEEDS),
    styles=st.lists(st.sampled_from(sorted(STYLES)), min_size=2, max_size=3, unique=True),
)
def test_styles_combine(seed: str, styles: list[str]) -> None:
    """Styles come together (a traditional-script mirror of a flattened page with circled numbers …)."""
    text = _text(seed)
    # a printer numbers the items, then a site runs the lines together, then a mirror converts the script
    order = list(STYLES)
    for style in sorted(styles, key=order.index):
        text = STYLES[style](text)
    got = indicator_keys(parse_document(text.encode("utf-8"), seed))
    assert got == _original(seed), f"{styles}: missing {sorted(_original(seed) - got, key=str)[:3]}"


def test_traditional_names_are_kept_as_printed() -> None:
    doc = parse_document(STYLES["traditional"](_text(SEEDS[2])).encode(), SEEDS[2])
    names = {i.name for p in doc.plans for i in p.indicators}
    assert "孕產婦死亡率" in names and "孕产妇死亡率" not in names
    assert doc.plans[0].title.startswith("重慶市江津區") and doc.region == "江津區"
    assert any("繁体" in w for w in doc.warnings)


def test_pinyin_glitches_of_mirror_sites_are_dropped() -> None:
    text = "示範縣婦女發展規(guī)劃（2021—2030年）\n一、主要目標\n1．孕產婦死亡率控(kòng)制在10/10萬以下。\n"
    (plan,) = parse_document(text.encode(), "mirror.txt").plans
    (ind,) = plan.indicators
    assert (ind.name, ind.target.value, ind.unit) == ("孕產婦死亡率", 10, "1/10万")
    assert plan.title == "示範縣婦女發展規劃（2021—2030年）"
