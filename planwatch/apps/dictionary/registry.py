"""Plan registry (规划备案): which plans exist per region and level, and whether each sub-region filed its own.

The seeds require lower-level plans to follow the plan of the level above and to be filed with it within one
month of its issue. For every plan of a region, each direct sub-region is listed with its plan of the same
population (an overlapping period) and flagged: on time, late (issued more than one calendar month after the
parent's issue date), missing, or undetermined (a date is unknown).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region

FILING_LABELS = {
    "on_time": "按期",
    "late": "逾期（超过一个月）",
    "missing": "未制定",
    "unknown": "无法判断（缺印发日期）",
}


def add_one_month(day: dt.date) -> dt.date:
    """The same day next month, clamped to the month's end (31 Jan → 28/29 Feb)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class SubregionFiling:
    region: Region
    plan: Plan | None
    status: str
    days_after: int | None = None

    @property
    def label(self) -> str:
        return FILING_LABELS[self.status]


@dataclass
class RegistryRow:
    plan: Plan
    deadline: dt.date | None
    subregions: list[SubregionFiling] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(FILING_LABELS, 0)
        for s in self.subregions:
            out[s.status] += 1
        return out


def _child_plan(parent: Plan, region: Region, plans_by_region: dict[int, list[Plan]]) -> Plan | None:
    candidates = [
        p
        for p in plans_by_region.get(region.pk, [])
        if p.population == parent.population
        and p.period_start <= parent.period_end
        and p.period_end >= parent.period_start
    ]
    # Prefer the plan with the same end year, then the most recent.
    candidates.sort(key=lambda p: (p.period_end != parent.period_end, -p.period_end))
    return candidates[0] if candidates else None


def plan_registry(region: Region | None = None) -> list[RegistryRow]:
    """Rows for every plan of ``region`` and the regions below it (every region when None)."""
    plans = Plan.objects.select_related("region").order_by("region__code", "population", "-period_end")
    if region is not None:
        plans = plans.filter(region_id__in={region.pk, *region.descendant_ids()})
    plans = list(plans)
    all_plans = list(Plan.objects.select_related("region"))
    by_region: dict[int, list[Plan]] = {}
    for p in all_plans:
        by_region.setdefault(p.region_id, []).append(p)
    children: dict[int, list[Region]] = {}
    for r in Region.objects.filter(parent_id__in={p.region_id for p in plans}).order_by("code"):
        children.setdefault(r.parent_id, []).append(r)
    rows = []
    for parent in plans:
        deadline = add_one_month(parent.issued_date) if parent.issued_date else None
        row = RegistryRow(parent, deadline)
        for sub in children.get(parent.region_id, []):
            child = _child_plan(parent, sub, by_region)
            if child is None:
                row.subregions.append(SubregionFiling(sub, None, "missing"))
            elif deadline is None or child.issued_date is None:
                row.subregions.append(SubregionFiling(sub, child, "unknown"))
            else:
                days = (child.issued_date - parent.issued_date).days
                status = "late" if child.issued_date > deadline else "on_time"
                row.subregions.append(SubregionFiling(sub, child, status, days))
        rows.append(row)
    return rows
