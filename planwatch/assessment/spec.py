"""What the engine needs to know about one indicator (built from a parsed plan, the database or a dictionary).

``key`` is the series key: a plan indicator id, or an indicator-dictionary code so that the same indicator
from several plans is assessed as one series. Nothing in the engine depends on what the key means.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from planwatch.domain.units import measure


@dataclass
class Milestone:
    year: int
    kind: str
    comparator: str | None = None
    value: float | None = None


@dataclass
class IndicatorSpec:
    key: str
    name: str
    unit: str = ""
    direction: str = "higher_is_better"
    attribute: str = ""  # binding (约束性) / expected (预期性) / ""
    area: str = ""
    plan: str = ""
    kind: str = "qualitative"
    comparator: str | None = None
    target_value: float | None = None
    target_year: int | None = None
    target_text: str = ""
    target_detail: dict = field(default_factory=dict)
    baseline_year: int | None = None
    baseline_value: float | None = None
    baseline_region: str | None = None  # the region the plan's printed baseline value is about
    reference_key: str | None = None  # the series a ``relative`` target refers to
    milestones: list[Milestone] = field(default_factory=list)
    due_from: int | None = (
        None  # first year data are due (the plan's start year); None: from the first report
    )
    aggregation: str | None = None  # sum | ratio | weighted; default: the domain's, from unit and name
    # the key of the 专栏 table indicator this goal sentence restates (same quantity stated twice in a plan):
    # assessed and shown, but counted once in 达标率 — on the table row
    restates: str | None = None
    in_rate: bool = True  # False for a 措施目标 (strategy / project target): assessed, not counted in 达标率


INDICATOR_SCHEMA = {
    "key": pl.String,
    "name": pl.String,
    "unit": pl.String,
    "direction": pl.String,
    "attribute": pl.String,
    "area": pl.String,
    "plan": pl.String,
    "kind": pl.String,
    "comparator": pl.String,
    "target_value": pl.Float64,
    "target_year": pl.Int32,
    "target_text": pl.String,
    "baseline_year": pl.Int32,
    "due_from": pl.Int32,
    "reference_key": pl.String,
    "agg": pl.String,
    "factor": pl.Float64,
    "lo": pl.Float64,
    "hi": pl.Float64,
    "restates": pl.String,
}


def indicator_frame(specs: list[IndicatorSpec]) -> pl.DataFrame:
    """One row per spec with the derived columns the engine joins on (aggregation, bounds)."""
    rows = []
    for s in specs:
        m = measure(s.unit, s.name)
        rows.append(
            {
                "key": s.key,
                "name": s.name,
                "unit": s.unit or "",
                "direction": s.direction or "neutral",
                "attribute": s.attribute or "",
                "area": s.area or "",
                "plan": s.plan or "",
                "kind": s.kind,
                "comparator": s.comparator,
                "target_value": s.target_value,
                "target_year": s.target_year,
                "target_text": s.target_text or "",
                "baseline_year": s.baseline_year,
                "due_from": s.due_from,
                "reference_key": s.reference_key,
                "agg": s.aggregation or m.aggregation,
                "factor": m.factor,
                "lo": m.lo,
                "hi": m.hi,
                "restates": s.restates,
            }
        )
    return pl.DataFrame(rows, schema=INDICATOR_SCHEMA)


def milestone_frame(specs: list[IndicatorSpec]) -> pl.DataFrame:
    rows = [
        {"key": s.key, "year": m.year, "kind": m.kind, "comparator": m.comparator, "value": m.value}
        for s in specs
        for m in s.milestones
    ]
    schema = {
        "key": pl.String,
        "year": pl.Int32,
        "kind": pl.String,
        "comparator": pl.String,
        "value": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)
