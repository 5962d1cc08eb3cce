"""Responsible departments (责任单位) by name: a plan's printed 责任单位 text names departments as they were called
when it was issued; a department renamed since is still the same department. Every view that turns that text
into departments — task assignment, dashboards, warnings, reports, plan import and review — goes through here,
so the current name is shown and the printed text stays the plan's source."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Department, DepartmentName, Region


def find(region: Region | int, name: str) -> Department | None:
    """The department of ``region`` called ``name`` now or, failing that, earlier (the most recent rename)."""
    region_id = region if isinstance(region, int) else region.pk
    current = Department.objects.filter(region_id=region_id, name=name).first()
    if current is not None:
        return current
    former = (
        DepartmentName.objects.filter(department__region_id=region_id, name=name)
        .select_related("department")
        .first()  # newest first (Meta.ordering)
    )
    return former.department if former else None


def find_many(region: Region | int, names: Iterable[str]) -> dict[str, Department]:
    """{printed name: department} for the names that name a department of ``region`` (now or earlier)."""
    found = {}
    for name in dict.fromkeys(names):
        dept = find(region, name)
        if dept is not None:
            found[name] = dept
    return found


def position(text: str, dept: Department) -> int:
    """Where the department stands in the printed text under any of its names; len(text) when absent."""
    hits = [text.find(n) for n in dept.known_names() if n and n in text]
    return min(hits) if hits else len(text)


def in_printed_order(text: str, departments: Iterable[Department]) -> list[Department]:
    """The departments in the order the plan prints them (the first leads), whatever they are called now;
    departments the text does not name come last."""
    text = text or ""
    return sorted(departments, key=lambda d: (position(text, d), d.pk))


def current_names(text: str, departments: Iterable[Department]) -> list[str]:
    """The current names of the linked departments in printed order; the printed text when none is linked."""
    depts = in_printed_order(text, departments)
    if depts:
        return [d.name for d in depts]
    return [text] if text else []


def renamed(text: str, departments: Iterable[Department]) -> bool:
    """True when the printed text no longer spells every linked department's current name."""
    return any(d.name not in (text or "") for d in departments)
