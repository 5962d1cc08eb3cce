"""What a region's dashboard shows: for every active plan of the region its 达标 counts by area and attribute
(from the plan's latest stored run, kept current by the re-assessment after each approval), the warnings
grouped by kind and lead department, the open round's reporting progress and the indicators that changed
most. Plain data for the templates; the filters (plan, year, area, attribute, department) narrow it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.evaluation import presenting as pr
from planwatch.apps.evaluation.models import AssessmentResult, AssessmentRun
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.departments import in_printed_order
from planwatch.apps.regions.models import Department, Region
from planwatch.apps.reporting import services as reporting
from planwatch.apps.reporting.models import Assignment, Round, Task
from planwatch.assessment.warnings import WARNING_LABELS

from .freshness import data_version

# the warnings that call for action first; 数据缺报 is the longest list and the least telling, so last
WARNING_ORDER = ["binding_missed", "at_risk", "regressing", "gap_widening", "volatile", "missing"]
ATTRIBUTE_CHOICES = {"binding": "约束性", "expected": "预期性"}
TOP_CHANGES = 5
CACHE_SECONDS = 300  # bounds the memory: every change of the data moves the key (freshness.py)


@dataclass(frozen=True)
class Filters:
    plan: int | None = None
    year: int | None = None
    area: str = ""
    attribute: str = ""
    department: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.plan or self.area or self.attribute or self.department)


@dataclass
class Choices:
    """What the filters may be set to for this region."""

    plans: list[Plan]
    years: list[int]
    areas: list[str]
    departments: list[Department]


@dataclass
class PlanBlock:
    plan: Plan
    run: AssessmentRun | None
    year: int | None
    years: list[int]
    rows: list[dict] = field(default_factory=list)  # headline rows after the filters
    summary: pr.Summary = field(default_factory=pr.Summary)
    area_table: list[dict] = field(default_factory=list)
    chart: dict = field(default_factory=dict)

    @property
    def chart_id(self) -> str:
        return f"area-chart-{self.plan.pk}"

    @property
    def has_year(self) -> bool:
        return self.year is not None and self.year in self.years


def dashboard_region(user, requested: str | None) -> Region | None:
    """The region whose dashboard is shown: ``?region=`` when the user may reach it, else the user's own.
    Returns None for a requested region outside the user's scope (the view answers 404)."""
    if requested:
        if not requested.isdigit() or not perm.in_scope(user, int(requested)):
            return None
        return Region.objects.filter(pk=int(requested)).first()
    profile = perm.profile_of(user)
    if profile is not None:
        return profile.region
    # a superuser without a profile: the highest region that has an active plan
    plan = (
        Plan.objects.filter(status=Plan.Status.ACTIVE)
        .select_related("region")
        .order_by("region__code")
        .first()
    )
    return plan.region if plan else Region.objects.filter(parent__isnull=True).order_by("code").first()


def active_plans(region: Region) -> list[Plan]:
    return list(
        Plan.objects.filter(region=region, status=Plan.Status.ACTIVE)
        .select_related("region")
        .order_by("population", "-period_end", "pk")
    )


def plans_in_scope(user, limit: int = 200) -> list[Plan]:
    """Every plan the user may open, drafts included (the list under the dashboard)."""
    qs = Plan.objects.visible_to(user).select_related("region").annotate(n_indicators=Count("indicators"))
    return list(qs.order_by("region__code", "population", "-period_end")[:limit])


def lead_departments(plans: list[Plan]) -> dict[int, Department]:
    """The department answering for each indicator: the assignment's lead, else the department the plan's
    责任单位 names first."""
    leads = {
        a.indicator_id: a.lead
        for a in Assignment.objects.filter(indicator__plan__in=plans, lead__isnull=False).select_related(
            "lead"
        )
    }
    named: dict[int, list] = {}
    links = (
        Indicator.departments.through.objects.filter(indicator__plan__in=plans)
        .select_related("department", "indicator")
        .prefetch_related("department__former_names")
    )
    for link in links:
        named.setdefault(link.indicator_id, []).append((link.indicator.departments_text, link.department))
    for ind_id, pairs in named.items():
        if ind_id not in leads:
            # by where the name (or, renamed since, its name then) stands in the printed text
            leads[ind_id] = in_printed_order(pairs[0][0], [p[1] for p in pairs])[0]
    return leads


def choices_for(region: Region, plans: list[Plan], years: dict[int, list[int]]) -> Choices:
    areas = list(
        dict.fromkeys(
            Indicator.objects.filter(plan__in=plans, area__isnull=False)
            .order_by("plan__population", "area__order")
            .values_list("area__name", flat=True)
        )
    )
    return Choices(
        plans=plans,
        years=sorted({y for ys in years.values() for y in ys}),
        areas=areas,
        departments=list(Department.objects.filter(region=region).order_by("name")),
    )


def parse_filters(params, choices: Choices) -> tuple[Filters, list[str]]:
    """The filters from the query string; a value that is not one of the choices is dropped with a notice."""
    notes: list[str] = []

    def pick_int(name: str, allowed: set[int], label: str) -> int | None:
        text = (params.get(name) or "").strip()
        if not text:
            return None
        if text.isdigit() and int(text) in allowed:
            return int(text)
        notes.append(f"{label}「{text[:20]}」不在可选范围内，已忽略该筛选条件。")
        return None

    plan = pick_int("plan", {p.pk for p in choices.plans}, "规划")
    year = pick_int("year", set(choices.years), "年份")
    department = pick_int("department", {d.pk for d in choices.departments}, "部门")
    area = (params.get("area") or "").strip()
    if area and area not in choices.areas:
        notes.append(f"领域「{area[:20]}」不在可选范围内，已忽略该筛选条件。")
        area = ""
    attribute = (params.get("attribute") or "").strip()
    if attribute and attribute not in ATTRIBUTE_CHOICES:
        notes.append(f"指标属性「{attribute[:20]}」不在可选范围内，已忽略该筛选条件。")
        attribute = ""
    if year is None and choices.years:
        year = choices.years[-1]
    return Filters(plan=plan, year=year, area=area, attribute=attribute, department=department), notes


def keep_row(row: dict, filters: Filters, leads: dict[int, Department]) -> bool:
    ind = row["indicator"]
    if filters.area and row["area"] != filters.area:
        return False
    if filters.attribute and ind.attribute != filters.attribute:
        return False
    if filters.department:
        lead = leads.get(ind.pk)
        return lead is not None and lead.pk == filters.department
    return True


def plan_block(plan: Plan, run: AssessmentRun | None, years: list[int], filters: Filters, leads) -> PlanBlock:
    block = PlanBlock(plan=plan, run=run, year=filters.year, years=years)
    if run is None or not block.has_year:
        return block
    rows = [r for r in pr.indicator_rows(plan, run, filters.year) if keep_row(r, filters, leads)]
    counted = pr.counted(rows)
    block.rows = rows
    block.summary = pr.summarise(counted)
    block.area_table = pr.area_table(counted)
    block.chart = pr.area_chart_option(block.area_table)
    return block


def warning_counts(run: AssessmentRun, plan: Plan, year: int) -> dict[int, dict[str, int]]:
    """Per indicator, the number of warned cells (region × group) of each kind in ``year``, counted by the
    database: one row per indicator however many cells were warned."""
    qs = AssessmentResult.objects.filter(run=run, year=year)
    if run.region_id is None:  # a run over the whole tree: keep the plan's region and those below it
        qs = qs.filter(region_id__in=pr.plan_region_ids(plan))
    text = Cast("warnings", TextField())
    counts = (
        qs.annotate(w=text)
        .exclude(w="[]")
        .values("indicator_id")
        .annotate(**{code: Count("id", filter=Q(w__contains=f'"{code}"')) for code in WARNING_LABELS})
        .order_by()
    )
    return {c.pop("indicator_id"): c for c in counts}


def warning_groups(blocks: list[PlanBlock], leads: dict[int, Department]) -> list[dict]:
    """The warnings of all shown plans by kind, then by lead department, then by indicator, with counts."""
    kinds: dict[str, dict] = {}
    for block in blocks:
        if not block.rows:
            continue
        shown = {r["indicator"].pk: r["indicator"] for r in block.rows}
        for ind_id, counts in warning_counts(block.run, block.plan, block.year).items():
            if ind_id not in shown:
                continue
            for code, n in counts.items():
                if not n:
                    continue
                kind = kinds.setdefault(code, {"code": code, "label": WARNING_LABELS[code], "count": 0,
                                               "departments": {}})  # fmt: skip
                lead = leads.get(ind_id)
                name = lead.name if lead else "未指定牵头单位"
                dept = kind["departments"].setdefault(name, {"name": name, "count": 0, "items": []})
                kind["count"] += n
                dept["count"] += n
                dept["items"].append({"indicator": shown[ind_id], "plan": block.plan, "count": n})
    out = []
    for code in WARNING_ORDER:
        if code not in kinds:
            continue
        kind = kinds[code]
        depts = sorted(kind["departments"].values(), key=lambda d: (-d["count"], d["name"]))
        for d in depts:
            d["items"].sort(key=lambda i: (-i["count"], i["indicator"].name))
        kind["departments"] = depts
        kind["indicators"] = sum(len(d["items"]) for d in depts)
        out.append(kind)
    return out


def biggest_changes(blocks: list[PlanBlock]) -> dict[str, list[dict]]:
    """The headline indicators that moved most since the previous report (relative change), split into
    better and worse by each indicator's direction; neutral indicators are listed by size only."""
    moved = []
    for block in blocks:
        for row in pr.counted(block.rows):
            r = row["result"]
            if r is None or r.change is None or abs(r.change) < 1e-12:
                continue
            size = abs(r.change_pct) if r.change_pct is not None else None
            if size is None:
                continue
            ind = row["indicator"]
            better = {"higher_is_better": r.change > 0, "lower_is_better": r.change < 0}.get(ind.direction)
            moved.append({"row": row, "plan": block.plan, "size": size, "better": better})
    moved.sort(key=lambda m: -m["size"])
    return {
        "better": [m for m in moved if m["better"] is True][:TOP_CHANGES],
        "worse": [m for m in moved if m["better"] is False][:TOP_CHANGES],
    }


def round_progress(region: Region, plans: list[Plan]) -> list[dict]:
    """The newest open round of each shown plan in the region: tasks per status and how many are overdue."""
    out = []
    seen = set()
    for round_ in (
        Round.objects.filter(plan__in=plans, region=region, closed=False)
        .select_related("plan")
        .order_by("-year")
    ):
        if round_.plan_id in seen:
            continue
        seen.add(round_.plan_id)
        counts = reporting.progress(round_)
        total = sum(counts.values())
        done = counts.get(Task.Status.APPROVED, 0)
        overdue = 0
        if round_.overdue:
            overdue = total - done - counts.get(Task.Status.SUBMITTED, 0)
        out.append({
            "round": round_, "total": total, "approved": done, "submitted": counts.get(Task.Status.SUBMITTED, 0),
            "returned": counts.get(Task.Status.RETURNED, 0),
            "open": counts.get(Task.Status.PENDING, 0) + counts.get(Task.Status.DRAFT, 0),
            "overdue": overdue, "share": round(done / total * 100) if total else 0,
        })  # fmt: skip
    return out


def cache_key(region: Region, params) -> str:
    """What the dashboard of ``region`` depends on, in one string: the query string, the data version (moved
    by every change of plans, indicators, departments, rounds, tasks, observations and runs: freshness.py),
    each active plan's latest run (and when it was last re-assessed) and the region's open rounds' tasks per
    status."""
    plans = active_plans(region)
    runs = []
    for p in plans:
        run = pr.latest_run(p)
        stamps = (run.created_at.timestamp(), run.revised_at and run.revised_at.timestamp()) if run else ()
        runs.append((p.pk, run and run.pk, *stamps))
    # the open rounds' tasks per status: what the progress shows (a reporter's draft save changes none of it)
    tasks = sorted(
        Task.objects.filter(round__plan__in=plans, round__region=region, round__closed=False)
        .values_list("round_id", "status")
        .annotate(n=Count("id"))
    )
    query = sorted((k, tuple(params.getlist(k))) for k in params)
    raw = repr((region.pk, data_version(), runs, tasks, query))
    return "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def last_rendered_key(region: Region, params) -> str:
    """The page (region and query string) whatever the state of the data: its last rendering, shown while the
    new state is being rendered by another request."""
    query = sorted((k, tuple(params.getlist(k))) for k in params)
    return "dashboard-last:" + hashlib.sha256(repr((region.pk, query)).encode()).hexdigest()


def build(region: Region, params) -> dict:
    """Everything the dashboard template needs for ``region`` and the query string ``params``."""
    plans = active_plans(region)
    runs = {p.pk: pr.latest_run(p) for p in plans}
    years = {p.pk: pr.run_years(runs[p.pk], p) for p in plans}
    choices = choices_for(region, plans, years)
    filters, notes = parse_filters(params, choices)
    shown = [p for p in plans if not filters.plan or p.pk == filters.plan]
    leads = lead_departments(shown)
    blocks = [plan_block(p, runs[p.pk], years[p.pk], filters, leads) for p in shown]
    return {
        "region": region,
        "region_asked": bool(params.get("region")),
        "plans": plans,
        "choices": choices,
        "filters": filters,
        "notes": notes,
        "blocks": blocks,
        "warnings": warning_groups(blocks, leads),
        "changes": biggest_changes(blocks),
        "rounds": round_progress(region, shown),
        "attributes": ATTRIBUTE_CHOICES,
        "sub_regions": list(Region.objects.filter(parent=region).order_by("code")[:200]),
    }
