"""地区比较 and 性别差距: the stored results of one run read across regions of one level, or across the
female/male (rural/urban) cells of one region. Plain data for the templates and the shared chart module."""

from __future__ import annotations

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.assessment.warnings import WARNING_LABELS
from planwatch.domain import statuses
from planwatch.domain.units import change_form
from planwatch.reports import charts
from planwatch.reports.model import LEVEL_LABELS

from .models import AssessmentResult, AssessmentRun
from .presenting import STATUS_CLASS, STATUS_COLORS, fmt_number, plan_region_ids, value_text

LEVEL_ORDER = ["nation", "province", "city", "county", "town"]


def levels_below(plan: Plan) -> list[tuple[str, str]]:
    """The administrative levels present below the plan's region, highest first."""
    ids = plan_region_ids(plan)[1:]
    present = set(Region.objects.filter(pk__in=ids).values_list("level", flat=True))
    return [(lv, LEVEL_LABELS.get(lv, lv)) for lv in LEVEL_ORDER if lv in present]


def chosen_indicators(
    values: list[str], indicators: list[Indicator], limit: int
) -> tuple[list[int], list[str]]:
    """The indicator ids asked for (in the order asked), or the first numeric ones; notices for the rest."""
    known = {i.pk for i in indicators}
    notes, chosen = [], []
    for v in values:
        if not v.isdigit() or int(v) not in known:
            notes.append(f"本规划没有编号为「{v[:12]}」的指标，已忽略。")
        elif int(v) not in chosen:
            chosen.append(int(v))
    if len(chosen) > limit:
        notes.append(f"一次最多比较{limit}项指标，只显示前{limit}项。")
        chosen = chosen[:limit]
    if not chosen and not values:
        numeric = [i.pk for i in indicators if i.target_kind in charts.NUMERIC_TARGET_KINDS]
        chosen = numeric[:3] or [i.pk for i in indicators[:3]]
    return chosen, notes


def comparison(
    run: AssessmentRun, plan: Plan, level: str, year: int, indicators: list[Indicator], user
) -> dict:
    """Regions of ``level`` in the plan's tree (and the user's scope) × the indicators: value and status of
    the headline in ``year``, and per indicator a bar chart of the regions ranked best first."""
    ids = [i for i in plan_region_ids(plan)[1:] if perm.in_scope(user, i)]
    regions = list(Region.objects.filter(pk__in=ids, level=level).order_by("code")[:500])
    results = AssessmentResult.objects.filter(
        run=run, year=year, region__in=regions, indicator__in=indicators, sex="total", area_type="total",
        age_group="",
    ).values("indicator_id", "region_id", "value", "status")  # fmt: skip
    cell = {(r["indicator_id"], r["region_id"]): r for r in results}
    rows = []
    for region in regions:
        cells = []
        for ind in indicators:
            r = cell.get((ind.pk, region.pk))
            status = r["status"] if r else statuses.NO_DATA.code
            cells.append({"value": value_text(r["value"], ind.unit) if r else "", "status": status,
                          "cls": STATUS_CLASS.get(status, "na")})  # fmt: skip
        rows.append({"region": region, "cells": cells})
    bars = []
    for ind in indicators:
        ranked = [(reg, cell[(ind.pk, reg.pk)]) for reg in regions if cell.get((ind.pk, reg.pk), {}).get("value")
                  is not None]  # fmt: skip
        ranked.sort(key=lambda x: x[1]["value"], reverse=ind.direction != "lower_is_better")
        target = ind.target_value if ind.target_kind in charts.NUMERIC_TARGET_KINDS else None
        spec = charts.ChartSpec(
            title="", unit=ind.unit, kind="bar", categories=[reg.name for reg, _ in ranked],
            lines=[charts.Line(name=ind.name, values=[r["value"] for _, r in ranked], main=True)],
            bar_colors=[STATUS_COLORS.get(r["status"], charts.PALETTE[0]) for _, r in ranked],
            target=target, target_label=f"目标 {ind.target_text}" if target is not None else "",
        )  # fmt: skip
        bars.append({"indicator": ind, "id": f"cmp-{ind.pk}", "option": charts.echarts_option(spec) if ranked else None,
                     "count": len(ranked)})  # fmt: skip
    return {"regions": regions, "indicators": indicators, "rows": rows, "bars": bars}


PAIRS = {"sex": (("female", "total"), ("male", "total"), "女", "男"),
         "area": (("total", "rural"), ("total", "urban"), "农村", "城镇")}  # fmt: skip


def gap_rows(run: AssessmentRun, plan: Plan, region: Region, year: int, pair: str) -> list[dict]:
    """Indicators with both cells of ``pair`` in ``year`` (and the year before, if reported): the two values,
    the gap (女 − 男 / 农村 − 城镇) and its change; widening gaps (the engine's 差距扩大) first."""
    first, second, la, lb = PAIRS[pair]
    qs = AssessmentResult.objects.filter(
        run=run, region=region, year__lte=year, age_group="", value__isnull=False
    )
    qs = qs.filter(sex__in=[first[0], second[0]], area_type__in=[first[1], second[1]]).select_related(
        "indicator"
    )
    values: dict[int, dict] = {}
    for r in qs:
        key = (r.sex, r.area_type)
        if key not in (first, second):
            continue
        entry = values.setdefault(r.indicator_id, {"indicator": r.indicator, "years": {}})
        entry["years"].setdefault(r.year, {})[key] = r
    rows = []
    for entry in values.values():
        now = entry["years"].get(year, {})
        if first not in now or second not in now:
            continue
        ind = entry["indicator"]
        a, b = now[first], now[second]
        gap = a.value - b.value
        before = [y for y in sorted(entry["years"]) if y < year and first in entry["years"][y]
                  and second in entry["years"][y]]  # fmt: skip
        prev = None
        if before:
            p = entry["years"][before[-1]]
            prev = {"year": before[-1], "gap": p[first].value - p[second].value}
        widening = any("gap_widening" in (c.warnings or []) for c in (a, b))
        rows.append({
            "indicator": ind, "labels": (la, lb), "a": value_text(a.value, ind.unit), "b": value_text(b.value, ind.unit),
            "gap": gap, "gap_text": ("+" if gap > 0 else "") + fmt_number(gap), "ratio": fmt_number(a.value / b.value, 3)
            if b.value else "", "prev": prev, "prev_text": ("+" if prev and prev["gap"] > 0 else "") + fmt_number(
                prev["gap"]) if prev else "", "widening": widening,
            "warning": WARNING_LABELS["gap_widening"] if widening else "",
        })  # fmt: skip
    rows.sort(key=lambda r: (not r["widening"], -abs(r["gap"]) if change_form(r["indicator"].unit)[0] == "points" else 0,
                             r["indicator"].name))  # fmt: skip
    return rows
