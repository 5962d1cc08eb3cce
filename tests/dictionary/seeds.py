"""The five seeds as parsed plans, built from the hand-written expectations (the parser's exact contract)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from planwatch.parsing import model as pm

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_DIR = ROOT / "tests" / "parsing" / "expected"
LINKS_FILE = Path(__file__).resolve().parent / "expected_links.yaml"
SEED_NAMES = sorted(p.stem for p in EXPECTED_DIR.glob("*.yaml"))


@cache
def expectation(seed: str) -> dict:
    data = yaml.safe_load((EXPECTED_DIR / f"{seed}.yaml").read_text(encoding="utf-8"))
    # `spurious` entries record what the parser wrongly prints: not plan indicators. The hand-checked links
    # cover the plans' main indicator systems (专栏 rows and 主要目标 sentences); 措施目标 (origin strategy /
    # project) are linked the same way on import but have no hand-checked link yet.
    for plan in data["plans"]:
        plan["indicators"] = [
            i
            for i in plan["indicators"]
            if not i.get("spurious") and i.get("origin", "table") not in pm.MEASURE_ORIGINS
        ]
    return data


@cache
def expected_links() -> dict[tuple[str, str, str, str], str]:
    data = yaml.safe_load(LINKS_FILE.read_text(encoding="utf-8"))
    return {
        (seed, row["population"], row["name"], row["unit"] or ""): row["code"]
        for seed, rows in data["links"].items()
        for row in rows
    }


def _target(d: dict, unit: str) -> pm.Target:
    return pm.Target(
        text=d.get("text", ""),
        kind=d["kind"],
        comparator=d.get("comparator"),
        value=d.get("value"),
        year=d.get("year"),
        unit=unit,
        inferred=bool(d.get("inferred", False)),
        detail=dict(d.get("detail") or {}),
    )


def document(seed: str) -> pm.Document:
    """A ``pm.Document`` holding exactly what the expectation file says the parser must produce."""
    exp = expectation(seed)
    plans = []
    for p in exp["plans"]:
        indicators = []
        for i in p["indicators"]:
            unit = i.get("unit") or ""
            indicators.append(
                pm.Indicator(
                    name=i["name"],
                    target=_target(i, unit),
                    area=i.get("area"),
                    unit=unit,
                    attribute=i.get("attribute") or "",
                    direction=i.get("direction", "higher_is_better"),
                    milestones=[_target(m, unit) for m in i.get("milestones") or []],
                    line=i.get("line"),
                    seq=i.get("seq"),
                    origin=i.get("origin", "table"),
                )
            )
        title = f"{exp['region']}{'妇女' if p['population'] == 'women' else '儿童'}发展规划"
        areas = [pm.Area(name=a, order=n) for n, a in enumerate(p.get("areas") or [], start=1)]
        plans.append(
            pm.Plan(
                title=title,
                population=p["population"],
                period=tuple(p["period"]),
                areas=areas,
                indicators=indicators,
            )
        )
    issued = exp.get("issued_date")
    return pm.Document(
        region=exp["region"],
        issuer=exp.get("issuer"),
        issued_date=str(issued) if issued else None,
        source=exp["source"],
        plans=plans,
    )


def plan(seed: str, population: str) -> pm.Plan:
    return next(p for p in document(seed).plans if p.population == population)
