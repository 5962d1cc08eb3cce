"""The style corpus (tests/parsing/style_corpus): small plans in each style with hand-checked expectations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planwatch.parsing.document import parse_document
from planwatch.parsing.recall import corpus_recall, file_recall

CORPUS = Path(__file__).parent / "style_corpus"
FILES = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_corpus_file_is_read_with_its_plan_facts(path: Path) -> None:
    exp = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8"))
    doc = parse_document(path.read_bytes(), path.name)
    (plan,) = doc.plans
    assert (plan.population, list(plan.period)) == (exp["population"], exp["period"])
    if "title" in exp:
        assert plan.title == exp["title"]
    if "region" in exp:
        assert (doc.region, doc.level) == (exp["region"], exp["level"])
    r = file_recall(path)
    assert r.extra == 0 and not r.error, r
    assert r.missing == [], r


def test_corpus_recall_is_reported_and_high() -> None:
    results = corpus_recall(CORPUS)
    found, expected = sum(r.found for r in results), sum(r.expected for r in results)
    assert len(results) == len(FILES) >= 7 and expected >= 30
    assert found / expected >= 0.95


def test_recall_notices_a_wrong_value(tmp_path: Path) -> None:
    """The harness itself: a changed expected value is a miss, an unexpected indicator is counted as extra."""
    src = CORPUS / "05_plan_2001_2010.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    exp = yaml.safe_load(src.with_suffix(".yaml").read_text(encoding="utf-8"))
    exp["indicators"][0]["value"] = 71
    del exp["indicators"][1]
    (tmp_path / "05_plan_2001_2010.yaml").write_text(
        yaml.safe_dump(exp, allow_unicode=True), encoding="utf-8"
    )
    r = file_recall(tmp_path / src.name)
    assert (r.found, r.expected, r.extra, r.missing) == (5, 6, 2, ["孕产妇死亡率"])
