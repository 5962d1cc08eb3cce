"""示例数据: a plausible, clearly labelled monitoring series 2020—2025 for the demo's seed plans.

The values are generated from a fixed seed (the same plan always gets the same numbers, whatever the database
ids) and stored through the historical import (``bulk.import_series``): the same checks, the same history rows
and the same approved state as a real import. Every row carries ``source = "sample"`` and its history names the
file 示例数据（演示用，非官方统计）, and every page shows a banner while such rows exist
(``context_processors.sample_data``), so nobody takes them for official statistics.

Each indicator gets one trajectory relative to its target (达标, 接近, 滞后 or 退步), kept within the natural
bounds of its unit (``domain.units.measure``); some indicators are split by sex or by urban/rural area, a few
years are left empty. Qualitative and relative targets get no data (they show as 不可评估 / 无数据).

The plan's direct sub-regions that are in the region register (towns of a county, counties of a city) get
series of their own (``subregion_rows``), so that rankings, comparisons and comparison reports have something
to compare: a rate lies a fixed distance (per region) from the plan region's figure with a little noise of its
own; a count is split across the sub-regions so that they add up to the plan region's total. Same marks, same
import. Reports built on any of these rows say 示例数据 on every page (``reports.model.SAMPLE_NOTICE``).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterable

from planwatch.domain import units as du
from planwatch.domain.targets import NOT_ASSESSABLE_KINDS

SAMPLE_SOURCE = "sample"  # Observation.source of every generated row
SAMPLE_FILENAME = "示例数据（演示用，非官方统计）.csv"
SAMPLE_SEED = "planwatch-demo-2025"
BASE_YEAR, LAST_YEAR = 2020, 2025
YEARS = tuple(range(BASE_YEAR, LAST_YEAR + 1))
SCENARIOS = ("met", "near", "behind", "regress")
SCENARIO_WEIGHTS = (4.0, 2.0, 2.0, 1.5)
SKIPPED_KINDS = NOT_ASSESSABLE_KINDS | {"relative"}  # nothing numeric to aim at
MISSING_SHARE = 0.04  # indicators with one year not reported
COLUMNS = ("指标ID", "地区代码", "年份", "合计", "女", "男", "城镇", "农村")
MAX_SUBREGIONS = 40  # per plan: a county has up to ~30 towns; more would only make the demo slower to load


def _sense(ind) -> int:
    """+1 when a higher value is better, -1 when lower is, 0 when the target is a level to hold."""
    if ind.target_kind in ("numeric_min", "direction_up"):
        return 1
    if ind.target_kind in ("numeric_max", "direction_down"):
        return -1
    if ind.target_kind in ("numeric_exact", "approx", "ratio", "maintain") and ind.target_value is not None:
        return 0
    return {"higher_is_better": 1, "lower_is_better": -1}.get(ind.direction, 0)


def _typical_level(m: du.Measure, name: str, rng: random.Random) -> float:
    """A believable level for an indicator without a numeric target."""
    if m.family == du.RATE:
        scale = m.unit.scale or 100.0
        return {100.0: rng.uniform(30, 85), 1000.0: rng.uniform(2, 8)}.get(scale, rng.uniform(5, 20))
    if m.family in (du.COUNT, du.MONEY):
        return float(rng.randint(20, 400))
    if m.family == du.LEVEL or "寿命" in name:
        return rng.uniform(77, 81) if ("寿命" in name or m.unit.symbol == "岁") else rng.uniform(10, 14)
    if m.family == du.DURATION:
        return rng.uniform(1, 2)
    if m.family == du.PER_CAPITA:
        return rng.uniform(1, 5)
    if m.family == du.RATIO:
        return rng.uniform(0.9, 1.1)
    if m.family == du.CHANGE:
        return rng.uniform(2, 8)
    return rng.uniform(20, 80)


def _clamp(m: du.Measure, value: float) -> float:
    if m.lo is not None:
        value = max(m.lo, value)
    if m.hi is not None:
        value = min(m.hi, value)
    return value


def _rounded(m: du.Measure, value: float) -> float:
    return float(round(value)) if m.is_count else round(value, 1 if m.family == du.RATE else 2)


def _endpoints(ind, m: du.Measure, scenario: str, rng: random.Random) -> tuple[float, float]:
    """The 2020 and 2025 values of the trajectory ``scenario``."""
    s, target = _sense(ind), ind.target_value
    if target is not None:
        size = abs(target) or 1.0
        start = target - (s or 1) * size * rng.uniform(0.05, 0.2)
        end = {
            "met": target + s * size * rng.uniform(0.005, 0.04),
            "near": target - (s or 1) * size * rng.uniform(0.005, 0.02),
            "behind": start + (target - start) * rng.uniform(0.1, 0.3),
            "regress": start - (s or 1) * size * rng.uniform(0.03, 0.1),
        }[scenario]
    else:
        start = _typical_level(m, ind.name, rng)
        step = abs(start) * {"met": 0.12, "near": 0.03, "behind": 0.0, "regress": -0.08}[scenario]
        end = start + (s or 1) * step
    return _clamp(m, start), _clamp(m, end)


def _split(m: du.Measure, total: float, rng: random.Random, labels: tuple[str, str]) -> dict[str, float]:
    """Two complementary cells of ``total``: they add up to it (counts) or lie either side of it (rates)."""
    if m.is_count:
        first = float(round(total * rng.uniform(0.45, 0.53)))
        return {labels[0]: first, labels[1]: total - first}
    gap = max(abs(total) * rng.uniform(0.01, 0.05), 0.1)
    sign = rng.choice((1, -1))
    return {
        labels[0]: _rounded(m, _clamp(m, total + sign * gap)),
        labels[1]: _rounded(m, _clamp(m, total - sign * gap)),
    }


def indicator_rows(ind, region_code: str, population: str) -> list[dict[str, object]]:
    """The generated rows (one per year) of one indicator of a plan of ``region_code``; [] when skipped."""
    if ind.target_kind in SKIPPED_KINDS:
        return []
    m = du.measure(ind.unit, ind.name)
    rng = random.Random(f"{SAMPLE_SEED}|{region_code}|{ind.plan.title}|{ind.name}|{ind.seq}")
    scenario = rng.choices(SCENARIOS, weights=SCENARIO_WEIGHTS)[0]
    start, end = _endpoints(ind, m, scenario, rng)
    splittable = m.family in (du.RATE, du.COUNT)
    by_sex = splittable and population == "children" and rng.random() < 0.4
    by_area = splittable and "城" not in ind.name and "农村" not in ind.name and rng.random() < 0.25
    missing = rng.choice(YEARS[1:-1]) if rng.random() < MISSING_SHARE else None
    noise = abs(end - start) * 0.08
    rows = []
    for year in YEARS:
        share = (year - BASE_YEAR) / (LAST_YEAR - BASE_YEAR)
        wobble = 0.0 if year in (BASE_YEAR, LAST_YEAR) else rng.gauss(0, noise)
        total = _rounded(m, _clamp(m, start + (end - start) * share + wobble))
        if year == missing:
            continue
        row: dict[str, object] = {"指标ID": ind.pk, "地区代码": region_code, "年份": year, "合计": total}
        if by_sex:
            row |= _split(m, total, rng, ("女", "男"))
        if by_area:
            row |= _split(m, total, rng, ("城镇", "农村"))
        rows.append(row)
    return rows


def subregion_rows(ind, rows: list[dict[str, object]], codes: list[str]) -> list[dict[str, object]]:
    """The series of each sub-region (``codes``) of the plan region whose ``rows`` were generated: totals only.
    Counts share the plan region's total out (they add up to it); other measures keep a fixed offset from it
    (a region is better or worse than the average throughout) plus a little noise, within the unit's bounds."""
    if not rows or not codes:
        return []
    m = du.measure(ind.unit, ind.name)
    rng = random.Random(f"{SAMPLE_SEED}|{ind.plan.title}|{ind.name}|{ind.seq}|sub")
    out: list[dict[str, object]] = []
    if m.is_count:
        weights = [rng.uniform(0.5, 1.5) for _ in codes]
        shares = [w / sum(weights) for w in weights]
        for row in rows:
            total = float(row["合计"])
            parts = [float(round(total * share)) for share in shares[:-1]]
            parts.append(max(total - sum(parts), 0.0))
            out += [{"指标ID": ind.pk, "地区代码": c, "年份": row["年份"], "合计": v}
                    for c, v in zip(codes, parts, strict=True)]  # fmt: skip
        return out
    values = [float(r["合计"]) for r in rows]
    spread = max((max(values) - min(values)) * 0.8, max(abs(v) for v in values) * 0.06, 0.2)
    for code in codes:
        offset = rng.gauss(0, spread)
        for row in rows:
            noise = rng.gauss(0, spread * 0.1)
            out.append({"指标ID": ind.pk, "地区代码": code, "年份": row["年份"],
                        "合计": _rounded(m, _clamp(m, float(row["合计"]) + offset + noise))})  # fmt: skip
    return out


def sample_csv(indicators: Iterable, subregions: dict[str, list[str]] | None = None) -> bytes:
    """The whole sample as the CSV the historical import reads (UTF-8 with BOM, as Excel writes it);
    ``subregions`` maps a plan region's code to the codes of its sub-regions that get series too."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    for ind in indicators:
        code = ind.plan.region.code
        rows = indicator_rows(ind, code, ind.plan.population)
        writer.writerows(rows)
        writer.writerows(subregion_rows(ind, rows, (subregions or {}).get(code, [])))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def direct_subregions(region_ids: Iterable[int]) -> dict[str, list[str]]:
    """{region code: codes of its direct sub-regions in the register (at most MAX_SUBREGIONS, by code)}."""
    from planwatch.apps.regions.models import Region

    found: dict[str, list[str]] = {}
    for parent, code in (
        Region.objects.filter(parent_id__in=set(region_ids))
        .order_by("code")
        .values_list("parent__code", "code")
    ):
        if len(found.setdefault(parent, [])) < MAX_SUBREGIONS:
            found[parent].append(code)
    return found


def load_sample_data(echo: Callable[[str], None] = print):
    """Generate and import the sample for every monitored plan, then assess them (only when something
    changed: a second run finds every value unchanged and adds neither rows nor assessment runs)."""
    from planwatch.apps.evaluation.services import assess_all_plans
    from planwatch.apps.plans.models import Indicator, Plan

    from .bulk import import_series

    indicators = (
        Indicator.objects.filter(plan__status__in=Plan.MONITORED)
        .select_related("plan", "plan__region")
        .order_by("plan__region__code", "plan_id", "pk")
    )
    indicators = list(indicators)
    subregions = direct_subregions({i.plan.region_id for i in indicators})
    result = import_series(
        sample_csv(indicators, subregions), SAMPLE_FILENAME, None, source=SAMPLE_SOURCE, reassess=False
    )
    if subregions:
        echo(f"  ✓ 示例数据覆盖下级地区 {sum(map(len, subregions.values()))} 个")
    echo(f"  ✓ 示例数据 {result.rows} 行：新增 {result.created} 个数值，更新 {result.updated} 个，"
         f"未变 {result.unchanged} 个")  # fmt: skip
    if result.created or result.updated:
        runs, _ = assess_all_plans()
        echo(f"  ✓ 已评估 {len(runs)} 个规划")
    return result
