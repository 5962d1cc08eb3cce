"""The structure a plan document is parsed into (pure data, no Django).

This is the contract between the parser, the database import, the assessment engine's batch mode
(``planwatch assess --plan PLAN.json``) and the indicator dictionary. ``to_json`` gives exactly the schema
documented in README ("Parsed plan JSON").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

# Where in the plan an indicator was read. table and goal are the plan's main indicators; strategy (策略措施 /
# 重点任务 and the plan's other prose) and project (专栏 重点项目) targets are 措施目标, kept out of the 达标率
# until review promotes them.
Origin = Literal["table", "goal", "strategy", "project"]
ORIGINS: tuple[str, ...] = Origin.__args__  # type: ignore[attr-defined]
MEASURE_ORIGINS: frozenset[str] = frozenset({"strategy", "project"})

Direction = Literal["higher_is_better", "lower_is_better", "neutral"]
Attribute = Literal["binding", "expected", ""]  # 约束性 / 预期性 / not stated
Population = Literal["women", "children"]


@dataclass
class Target:
    """One target as stated: the exact text plus its interpretation.

    ``value`` is in ``unit`` as printed (十万分之九 → value 9, unit "1/10万"). For ``ratio`` targets
    ``value`` is first/second and ``detail`` keeps both terms; for ``relative`` targets ``detail["reference"]``
    names the other quantity. ``inferred`` is True when the comparator was not printed (a bare "100" in a
    table) and was inferred from the indicator's direction; ``note`` then says so.
    """

    text: str
    kind: str
    comparator: str | None = None
    value: float | None = None
    year: int | None = None
    unit: str = ""
    inferred: bool = False
    note: str = ""
    detail: dict = field(default_factory=dict)


@dataclass
class Baseline:
    year: int
    value: float
    text: str = ""
    line: int | None = None


@dataclass
class Indicator:
    name: str
    target: Target
    area: str | None = None
    unit: str = ""
    attribute: str = ""
    direction: str = "higher_is_better"
    milestones: list[Target] = field(default_factory=list)
    baseline: Baseline | None = None
    departments: list[str] = field(default_factory=list)
    line: int | None = None
    seq: int | None = None  # 序号 in a 专栏 table, None for rows without one and for goal sentences
    origin: str = (
        "table"  # one of ORIGINS: "table" (专栏), "goal" (主要目标), "strategy", "project" (措施目标)
    )
    source_text: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Item:
    """A numbered goal or strategy item."""

    seq: int
    text: str
    line: int | None = None


@dataclass
class Area:
    name: str
    order: int
    goals: list[Item] = field(default_factory=list)
    strategies: list[Item] = field(default_factory=list)


@dataclass
class Project:
    """A key project (重点工程) listed in a 专栏 box."""

    box: str
    seq: int
    title: str
    text: str = ""
    area: str | None = None
    line: int | None = None


@dataclass
class Plan:
    title: str
    population: str
    period: tuple[int, int]
    areas: list[Area] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Document:
    region: str | None
    level: str | None = None  # 国家 / 省级 / 市级 / 县级, from the region's name
    issuer: str | None = None
    issued_date: str | None = None  # ISO date
    doc_number: str | None = None  # 发文字号
    index_number: str | None = None  # 索引号
    source: str | None = None  # file name
    plans: list[Plan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def to_json(doc: Document) -> dict:
    """Plain-JSON form of a parsed document (the ``planwatch plan parse --json`` schema)."""
    data = asdict(doc)
    for plan in data["plans"]:
        plan["period"] = list(plan["period"])
    return data


def target_from_json(d: dict) -> Target:
    return Target(**{k: d.get(k) for k in Target.__dataclass_fields__ if k in d})


def indicator_from_json(d: dict) -> Indicator:
    d = dict(d)
    d["target"] = target_from_json(d["target"])
    d["milestones"] = [target_from_json(m) for m in d.get("milestones") or []]
    if d.get("baseline"):
        d["baseline"] = Baseline(**d["baseline"])
    return Indicator(**{k: v for k, v in d.items() if k in Indicator.__dataclass_fields__})


def from_json(data: dict) -> Document:
    """Inverse of ``to_json`` (used by batch assessment and the dictionary to read PLAN.json files)."""
    plans = []
    for p in data.get("plans", []):
        plans.append(
            Plan(
                title=p["title"],
                population=p["population"],
                period=tuple(p["period"]),
                areas=[
                    Area(
                        name=a["name"],
                        order=a.get("order", i + 1),
                        goals=[Item(**g) for g in a.get("goals", [])],
                        strategies=[Item(**s) for s in a.get("strategies", [])],
                    )
                    for i, a in enumerate(p.get("areas", []))
                ],
                indicators=[indicator_from_json(i) for i in p.get("indicators", [])],
                projects=[Project(**pr) for pr in p.get("projects", [])],
                warnings=list(p.get("warnings", [])),
            )
        )
    fields = {
        k: data.get(k)
        for k in ("region", "level", "issuer", "issued_date", "doc_number", "index_number", "source")
    }
    return Document(**fields, plans=plans, warnings=list(data.get("warnings", [])))
