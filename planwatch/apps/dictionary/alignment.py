"""Alignment inputs from plans stored in the database (their accepted dictionary links)."""

from __future__ import annotations

from planwatch.apps.plans.models import Plan
from planwatch.dictionary.alignment import AlignTarget

from .services import link_plan


def targets_from_plan(plan: Plan) -> tuple[list[AlignTarget], list[str]]:
    """Targets of a stored plan keyed by accepted links; links are made first when some indicator has none."""
    if plan.indicators.filter(dictionary_link__isnull=True).exists():
        link_plan(plan)
    targets, unsure = [], []
    for ind in plan.indicators.select_related("dictionary_link__entry").order_by("area__order", "seq", "pk"):
        link = getattr(ind, "dictionary_link", None)
        code = link.entry.code if link and link.accepted and link.entry_id else None
        if link and not link.accepted and link.entry_id:
            unsure.append(f"{ind.name}（建议 {link.entry.code}，置信度 {link.confidence:.2f}，需人工确认）")
        targets.append(
            AlignTarget(
                code=code,
                name=ind.name,
                kind=ind.target_kind,
                comparator=ind.target_comparator or None,
                value=ind.target_value,
                unit=ind.unit,
                year=ind.target_year or plan.period_end,
                text=ind.target_text,
                direction=ind.direction,
                detail=dict(ind.target_detail or {}),
                milestones=list(ind.milestones or []),
                source=f"指标 #{ind.pk}" + (f"，第 {ind.source_line} 行" if ind.source_line else ""),
            )
        )
    return targets, unsure
