"""Each seed plan against its hand-written expectation file (tests/parsing/expected/<seed>.yaml).

Matching (CONVENTIONS.md, last section): an expected indicator matches a parsed one of the same plan
(population), origin, line ±1 and a normalised name with rapidfuzz ratio ≥ 80; then the name (normalised: no
spaces, ASCII brackets, quotes), kind, comparator, value, unit, year, attribute, seq and milestones (direction and
inferred too where stated) must agree exactly.
Entries marked ``known_gap`` must still differ (so a fixed gap is noticed and unmarked). An entry marked
``known_gap`` together with ``spurious: true`` records an indicator the parser wrongly produces: it must
still be produced. Parsed indicators that no expected entry explains are reported. Document metadata, plan
periods and area lists are compared too.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

from planwatch.parsing import model
from planwatch.parsing.document import parse_document

EXPECTED_DIR = Path(__file__).parent / "expected"
SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"
NAME_MATCH = 80
# the fields CONVENTIONS.md names, plus direction and inferred whenever an expectation states them
FIELDS = ("kind", "comparator", "value", "unit", "year", "attribute", "seq", "direction", "inferred")
MILESTONE_FIELDS = ("year", "kind", "comparator", "value")
META_FIELDS = ("region", "issuer", "issued_date", "doc_number", "index_number")

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def norm_name(name: str) -> str:
    return re.sub(r"[\s()\"“”]", "", (name or "").translate(_FOLD))


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)  # 2/3 printed as 0.666667
    if a in ("", None) and b in ("", None):
        return True
    return a == b


def _actual(ind: model.Indicator) -> dict:
    t = ind.target
    return {
        "kind": t.kind,
        "comparator": t.comparator,
        "value": t.value,
        "unit": ind.unit,
        "year": t.year,
        "attribute": ind.attribute,
        "seq": ind.seq,
        "direction": ind.direction,
        "inferred": t.inferred,
        "milestones": [{k: getattr(m, k) for k in MILESTONE_FIELDS} for m in ind.milestones],
    }


def _describe(ind: model.Indicator) -> str:
    t = ind.target
    value = "" if t.value is None else f" {t.value:g}"
    return f"line {ind.line} {ind.origin} {ind.name} ({t.kind} {t.comparator or ''}{value}{ind.unit}) «{t.text[:40]}»"


def _differences(exp: dict, ind: model.Indicator) -> list[str]:
    got = _actual(ind)
    # the fuzzy ratio only pairs an entry with its indicator; the name itself must then be the expected one
    diffs = (
        [f"name: expected {exp['name']!r}, parsed {ind.name!r}"]
        if norm_name(exp["name"]) != norm_name(ind.name)
        else []
    )
    diffs += [
        f"{f}: expected {exp.get(f)!r}, parsed {got[f]!r}"
        for f in FIELDS
        if f in exp and not _same(exp[f], got[f])
    ]
    want = exp.get("milestones") or []
    have = got["milestones"]
    if len(want) != len(have) or any(
        not _same(w.get(k), h.get(k))
        for w, h in zip(want, have, strict=False)
        for k in MILESTONE_FIELDS
        if k in w
    ):
        diffs.append(f"milestones: expected {want!r}, parsed {have!r}")
    return diffs


def _match(exp: dict, parsed: list[model.Indicator], used: set[int]) -> model.Indicator | None:
    best, best_key = None, None
    for i, ind in enumerate(parsed):
        if i in used or ind.origin != exp.get("origin", "table") or ind.line is None:
            continue
        if abs(ind.line - int(exp["line"])) > 1:
            continue
        score = fuzz.ratio(norm_name(exp["name"]), norm_name(ind.name))
        if score < NAME_MATCH:
            continue
        key = (score, -abs(ind.line - int(exp["line"])))
        if best_key is None or key > best_key:
            best, best_key = i, key
    if best is None:
        return None
    used.add(best)
    return parsed[best]


def compare_plan(label: str, exp_plan: dict, plan: model.Plan) -> tuple[list[str], dict[str, int]]:
    problems: list[str] = []
    counts = {"expected": 0, "matched": 0, "known_gaps": 0}
    if list(exp_plan.get("period") or []) != list(plan.period):
        problems.append(f"[{label}] period: expected {exp_plan.get('period')}, parsed {list(plan.period)}")
    if "areas" in exp_plan and exp_plan["areas"] != [a.name for a in plan.areas]:
        problems.append(
            f"[{label}] areas:\n    expected {exp_plan['areas']}\n    parsed   {[a.name for a in plan.areas]}"
        )
    used: set[int] = set()
    for exp in exp_plan.get("indicators") or []:
        counts["expected"] += 1
        gap = exp.get("known_gap")
        where = f"[{label}] line {exp['line']} {exp.get('origin')} {exp['name']}"
        ind = _match(exp, plan.indicators, used)
        if exp.get("spurious"):
            counts["known_gaps"] += 1
            if ind is None:
                problems.append(
                    f"{where}: spurious indicator no longer produced — remove this known_gap entry"
                )
            continue
        diffs = ["not found"] if ind is None else _differences(exp, ind)
        if gap:
            counts["known_gaps"] += 1
            if not diffs:
                problems.append(
                    f"{where}: known_gap ({gap}) now parses correctly — remove the known_gap mark"
                )
            continue
        if diffs == ["not found"]:
            problems.append(f"{where}: MISSING (kind {exp.get('kind')}, value {exp.get('value')})")
        elif diffs:
            problems.append(f"{where}:\n      " + "\n      ".join(diffs))
        else:
            counts["matched"] += 1
    for i, ind in enumerate(plan.indicators):
        if i not in used:
            problems.append(f"[{label}] UNEXPLAINED parsed indicator: {_describe(ind)}")
    return problems, counts


def compare(expected: dict, doc: model.Document) -> list[str]:
    problems = []
    for f in META_FIELDS:
        want = expected.get(f)
        want = None if want is None else str(want)
        if want != getattr(doc, f):
            problems.append(f"[document] {f}: expected {want!r}, parsed {getattr(doc, f)!r}")
    by_population = {p.population: p for p in doc.plans}
    wanted = [p["population"] for p in expected.get("plans") or []]
    if sorted(wanted) != sorted(by_population):
        problems.append(f"[document] plans: expected {wanted}, parsed {[p.population for p in doc.plans]}")
    for exp_plan in expected.get("plans") or []:
        plan = by_population.get(exp_plan["population"])
        if plan is None:
            continue
        plan_problems, _ = compare_plan(exp_plan["population"], exp_plan, plan)
        problems.extend(plan_problems)
    return problems


EXPECTATIONS = sorted(EXPECTED_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", EXPECTATIONS, ids=[p.stem for p in EXPECTATIONS])
def test_seed_matches_expectations(path: Path) -> None:
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = SEED_DIR / expected.get("source", f"{path.stem}.txt")
    doc = parse_document(source.read_bytes(), source.name)
    problems = compare(expected, doc)
    assert not problems, f"{path.name}: {len(problems)} difference(s)\n" + "\n".join(problems)


def test_every_seed_parses_with_indicators() -> None:
    """Every seed (also one without an expectation file) parses into plans that all have indicators."""
    for seed in sorted(SEED_DIR.glob("*.txt")):
        doc = parse_document(seed.read_bytes(), seed.name)
        assert doc.plans, seed.name
        assert all(p.indicators for p in doc.plans), seed.name


def test_comparison_reports_a_wrong_value() -> None:
    """The harness itself: a changed value, a missing entry and an extra indicator are all reported."""
    target = model.Target(text="≥94", kind="numeric_min", comparator=">=", value=94, year=2030)
    ind = model.Indicator(
        name="孕产妇系统管理率", target=target, unit="%", attribute="expected", line=110, seq=4
    )
    extra = model.Indicator(name="某某率", target=target, line=300, origin="goal")
    plan = model.Plan(title="t", population="women", period=(2021, 2030), indicators=[ind, extra])
    exp = {
        "period": [2021, 2030],
        "indicators": [
            {"line": 111, "origin": "table", "name": "孕产妇系统管理率", "kind": "numeric_min", "value": 95},
            {"line": 50, "origin": "goal", "name": "不存在率", "kind": "direction_up"},
        ],
    }
    problems, _ = compare_plan("women", exp, plan)
    text = "\n".join(problems)
    assert "value: expected 95, parsed 94" in text
    assert "MISSING" in text and "不存在率" in text
    assert "UNEXPLAINED" in text and "某某率" in text
    exp["indicators"][0]["value"] = 94
    exp["indicators"][0]["name"] = "孕产妇系统管理率（建档）"  # close enough to pair, but not the same name
    problems, _ = compare_plan("women", exp, plan)
    assert "name: expected '孕产妇系统管理率（建档）', parsed '孕产妇系统管理率'" in "\n".join(problems)
    exp["indicators"][0]["name"] = "孕产妇系统管理率"
    exp["indicators"][0]["known_gap"] = "test"
    problems, _ = compare_plan("women", exp, plan)
    assert any("now parses correctly" in p for p in problems)
