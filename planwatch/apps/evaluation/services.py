"""Run the assessment engine on the database: plans.Indicator + reporting.Observation + regions.Region in,
evaluation.AssessmentResult out. All figures come from the pure engine (planwatch.assessment)."""

from __future__ import annotations

import json
import time
from collections import Counter

import polars as pl
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.models import Observation
from planwatch.assessment import assess
from planwatch.assessment.baselines import with_plan_baselines
from planwatch.assessment.config import AssessConfig
from planwatch.assessment.due import with_unreported_indicators
from planwatch.assessment.engine import assess_core, present
from planwatch.assessment.spec import IndicatorSpec, Milestone

from .models import AssessmentResult, AssessmentRun, Reassessment


class NotMonitored(ValueError):
    """The plan is a draft: it is neither assessed nor published."""


def indicator_specs(indicators: list[Indicator]) -> list[IndicatorSpec]:
    """Engine specs keyed by the indicator's primary key (a dictionary code could be used instead).

    A goal sentence restating a 专栏 table indicator (``reporting.services.restatements``) is one quantity
    stated twice: its spec ``restates`` the table indicator (counted once in 达标率) and inherits the table's
    unit when the sentence printed none, so its values are checked and worded like the table's."""
    from planwatch.apps.reporting.services import restatements

    by_plan_name = {(i.plan_id, i.name): str(i.pk) for i in indicators}
    restated: dict[int, Indicator] = {}
    for plan_id in {i.plan_id for i in indicators}:
        restated.update(restatements(plan_id))
    specs = []
    for i in indicators:
        carrier = restated.get(i.pk)
        ref = None
        if i.target_kind == "relative":
            name = (i.target_detail or {}).get("reference")
            ref = by_plan_name.get((i.plan_id, name)) if name else None
        milestones = [_milestone(i, m) for m in (i.milestones or []) if isinstance(m, dict) and m.get("year")]
        specs.append(
            IndicatorSpec(
                key=str(i.pk), name=i.name, unit=i.unit or (carrier.unit if carrier else ""), direction=i.direction, attribute=i.attribute,
                area=i.area.name if i.area_id else "", plan=i.plan.title, kind=i.target_kind,
                comparator=i.target_comparator or None, target_value=i.target_value,
                target_year=i.target_year or i.plan.period_end, target_text=i.target_text,
                target_detail=dict(i.target_detail or {}), baseline_year=i.baseline_year,
                baseline_value=i.baseline_value, baseline_region=i.plan.region.code, reference_key=ref,
                milestones=milestones, due_from=i.plan.period_start, in_rate=not i.is_measure,
                restates=str(carrier.pk) if carrier else None,
            )
        )  # fmt: skip
    return specs


def _milestone(indicator: Indicator, m: dict) -> Milestone:
    """One stored milestone ({"year": 2025, "kind": …, "comparator": …, "value": …}) as the engine's Milestone;
    a year or value that is not a number stops the run with a message naming the indicator."""
    try:
        year = int(m["year"])
        value = None if m.get("value") in (None, "") else float(m["value"])
    except (TypeError, ValueError):
        raise ValueError(
            f"指标「{indicator.name}」（规划「{indicator.plan.title}」）的阶段目标"
            f"「{m.get('text') or m}」年份或目标值不是数字，请在规划中更正"
        ) from None
    return Milestone(year, m.get("kind", ""), m.get("comparator"), value)


def region_tree() -> pl.DataFrame:
    # one order whatever the database's: the roll-ups add floats
    rows = list(Region.objects.order_by("code").values_list("code", "parent__code"))
    return pl.DataFrame(rows, schema={"code": pl.String, "parent": pl.String}, orient="row")


def shared_series(indicator_ids: list[int]) -> dict[int, list[int]]:
    """Each indicator → every indicator whose data form one series with it.

    Indicators of different plans (a county's and its city's, or a plan's table row and its goal sentence) that
    are linked to the same dictionary entry measure the same thing, so each is assessed on the observations of
    all of them: a city's plan indicator rolls up its counties' data even though each county reported under
    its own plan. Unlinked indicators (or links not yet accepted) stay a series of their own.
    """
    from planwatch.apps.dictionary.models import IndicatorLink

    accepted = IndicatorLink.objects.filter(accepted=True, entry__isnull=False)
    code_of = dict(accepted.filter(indicator_id__in=indicator_ids).values_list("indicator_id", "entry__code"))
    members: dict[str, list[int]] = {}
    for ind_id, code in accepted.filter(entry__code__in=set(code_of.values())).values_list(
        "indicator_id", "entry__code"
    ):
        members.setdefault(code, []).append(ind_id)
    return {i: members[code_of[i]] if i in code_of else [i] for i in indicator_ids}


CELL = ["key", "region", "year", "sex", "age_group", "area_type"]


def observations_frame(indicator_ids: list[int], region: Region | None = None) -> pl.DataFrame:
    """Reviewed observations of each indicator's shared series, keyed by the indicator (engine ``key``)."""
    series = shared_series(indicator_ids)
    pairs = [(member, key) for key, group in series.items() for member in group]
    qs = Observation.objects.approved().filter(indicator_id__in={m for m, _ in pairs})
    if region is not None:
        qs = qs.filter(region_id__in=[region.pk, *region.descendant_ids()])
    rows = list(
        qs.values_list(
            "indicator_id",
            "region__code",
            "year",
            "sex",
            "age_group",
            "area_type",
            "value",
            "numerator",
            "denominator",
        )  # fmt: skip
    )
    schema = {"member": pl.Int64, "region": pl.String, "year": pl.Int32, "sex": pl.String, "age_group": pl.String,
              "area_type": pl.String, "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64}  # fmt: skip
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    mapping = pl.DataFrame(pairs, schema={"member": pl.Int64, "key": pl.Int64}, orient="row")
    return (
        frame.join(mapping, on="member")
        # one value per cell: the indicator's own report wins over another member's report of the same cell
        .sort(pl.col("member") != pl.col("key"), "member", maintain_order=True)
        .unique(subset=CELL, keep="first", maintain_order=True)
        .drop("member")
        .select(CELL + ["value", "numerator", "denominator"])
        # one order whatever order the database and the join returned the rows in: the roll-ups add floats,
        # and a restored database must give the same figures to the last digit
        .sort(CELL, nulls_last=True)
        .with_columns(pl.col("key").cast(pl.String))
    )


def run_assessment(
    *,
    plan: Plan | None = None,
    region: Region | None = None,
    year: int | None = None,
    store: bool = True,
    config: AssessConfig | None = None,
) -> tuple[AssessmentRun | None, pl.DataFrame]:
    """Assess the plan's (or, without a plan, every monitored plan's) indicators; store the rows as the plan's
    run when ``store``. Every stored run belongs to one plan — the pages look runs up by plan, and a run of all
    plans was shown nowhere ("尚未评估"): use ``assess_all_plans`` to store one run per plan. A draft plan
    (imported, not reviewed) is never assessed: NotMonitored."""
    if plan is None and store:
        raise ValueError("run_assessment(plan=None, store=True)：请用 assess_all_plans 按规划分别保存")
    qs = Indicator.objects.select_related("plan", "plan__region", "area").filter(
        plan__status__in=Plan.MONITORED
    )
    if plan is not None:
        if not plan.monitored:
            raise NotMonitored(f"规划「{plan.title}」尚未生效（草稿），不能评估；请先在规划审核中核对后生效")
        qs = qs.filter(plan=plan)
    result, current = assess_indicators(list(qs), region=region, year=year, config=config)
    if not store:
        return None, result
    return store_results(result, plan=plan, region=region, year=year, current_year=current), result


def assess_indicators(
    indicators: list[Indicator],
    *,
    region: Region | None = None,
    year: int | None = None,
    current_year: int | None = None,
    config: AssessConfig | None = None,
    only: pl.Expr | None = None,
) -> tuple[pl.DataFrame, int | None]:
    """The engine's result for ``indicators`` on the approved data of ``region``'s tree (all regions without
    one), and the latest year data were due for (``current_year``, default: the latest year observed).
    ``only`` keeps just the rows wanted before they are worded (explanations are the costly part)."""
    specs = indicator_specs(indicators)
    obs = observations_frame([i.pk for i in indicators], region)
    tree = region_tree()
    codes = set(tree["code"].to_list())
    if current_year is None and obs.height:
        current_year = int(obs["year"].max())
    obs = with_plan_baselines(obs, specs, codes)
    obs = with_unreported_indicators(obs, specs, year or current_year, codes)
    if not specs:
        return pl.DataFrame(), current_year
    if only is None:
        result = assess(specs, obs, tree, year=year, config=config, current_year=current_year)
    else:
        core = assess_core(specs, obs, tree, config=config, current_year=current_year)
        if year is not None and core.height:
            core = core.filter(pl.col("year") == year)
        result = present(core.filter(only), specs) if core.height else core
    if region is not None and result.height:
        keep = [
            region.code,
            *Region.objects.filter(pk__in=region.descendant_ids()).values_list("code", flat=True),
        ]
        result = result.filter(pl.col("region").cast(pl.String).is_in(keep))
    return result, current_year


@transaction.atomic
def assess_all_plans(
    *,
    region: Region | None = None,
    year: int | None = None,
    store: bool = True,
    config: AssessConfig | None = None,
) -> tuple[list[AssessmentRun], pl.DataFrame]:
    """Assess every plan in one pass (shared series and roll-ups as for one plan) and store one run per plan
    that has results, so each plan's pages show them. All runs or none."""
    _, result = run_assessment(plan=None, region=region, year=year, store=False, config=config)
    if not store or result.height == 0:
        return [], result
    plan_of = dict(Indicator.objects.values_list("pk", "plan_id"))
    keyed = result.with_columns(
        pl.col("key")
        .cast(pl.String)
        .cast(pl.Int64)
        .replace_strict(plan_of, default=None, return_dtype=pl.Int64)
        .alias("_plan")
    )
    plans = Plan.objects.in_bulk({p for p in keyed["_plan"].unique().to_list() if p is not None})
    runs = []
    for plan_id in sorted(plans):
        part = keyed.filter(pl.col("_plan") == plan_id).drop("_plan")
        runs.append(store_results(part, plan=plans[plan_id], region=region, year=year))
    return runs, result


@transaction.atomic
def store_results(
    result: pl.DataFrame,
    *,
    plan: Plan | None = None,
    region: Region | None = None,
    year: int | None = None,
    current_year: int | None = None,
) -> AssessmentRun:
    """Keep one run with all its rows (all-or-nothing)."""
    summary = status_counts(result)
    run = AssessmentRun.objects.create(
        plan=plan, region=region, year=year, rows=result.height, summary=summary, current_year=current_year
    )
    if result.height:
        insert_results(run, result)
    return run


def status_counts(result: pl.DataFrame) -> dict[str, int]:
    return dict(Counter(result["status"].cast(pl.String).to_list())) if result.height else {}


RESULT_COLUMNS = ["run_id", "indicator_id", "region_id", "year", "sex", "age_group", "area_type", "value", "source",
                  "complete", "status", "reason", "target", "progress", "change", "change_pct", "cagr",
                  "progress_measure", "anticipated", "projected_value", "projection_year", "projected_final",
                  "projections", "milestone_year", "milestone_target", "milestone_status", "at_risk_year", "warnings",
                  "explanation"]  # fmt: skip


def insert_results(run: AssessmentRun, result: pl.DataFrame, batch: int = 5000) -> None:
    """Store the engine's rows as ``run``'s results with one prepared INSERT per batch: the ORM's
    ``bulk_create`` spends ~1 ms per row on field preparation, which is most of the time a province's run
    or a re-assessment after approval takes."""
    from django.db import connection

    region_ids = dict(Region.objects.values_list("code", "pk"))
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        def as_json(text: str):
            return Jsonb(json.loads(text))
    else:  # SQLite stores JSON as its text

        def as_json(text: str):
            return text

    def row(r: dict) -> tuple:
        return (
            run.pk, int(r["key"]), region_ids[r["region"]], r["year"], r["sex"], r["age_group"] or "", r["area_type"],
            r["value"], r["source"], r["complete"], r["status"], r["reason"] or "", (r["target"] or "")[:128],
            r["progress"], r["change"], r["change_pct"], r["cagr"], r["progress_measure"] or "",
            r["anticipated"] or "", r["projected_value"], r["projection_year"], r["projected_final"],
            as_json(r.get("projections") or "{}"), r.get("milestone_year"),
            (r.get("milestone_target") or "")[:128], r.get("milestone_status") or "", r.get("at_risk_year"),
            as_json(json.dumps([w for w in (r["warnings"] or "").split(";") if w])), r["explanation"] or "",
        )  # fmt: skip

    q = connection.ops.quote_name
    sql = (f"INSERT INTO {q(AssessmentResult._meta.db_table)} ({', '.join(q(c) for c in RESULT_COLUMNS)}) "
           f"VALUES ({', '.join(['%s'] * len(RESULT_COLUMNS))})")  # fmt: skip
    rows = result.iter_rows(named=True)
    with connection.cursor() as cursor:
        while chunk := [row(r) for _, r in zip(range(batch), rows, strict=False)]:
            cursor.executemany(sql, chunk)


# ---------------------------------------------------------------- incremental re-assessment


def affected_indicators(indicator_ids: list[int], plan: Plan) -> list[Indicator]:
    """The plan's indicators whose results change when the data of ``indicator_ids`` change: those sharing a
    series with them, and the relative targets measured against one of those (with what they reference)."""
    members = {m for group in shared_series(list(indicator_ids)).values() for m in group}
    mine = list(Indicator.objects.filter(plan=plan).select_related("plan", "plan__region", "area"))
    hit = {i.pk for i in mine if i.pk in members}
    names = {i.name for i in mine if i.pk in hit}
    for i in mine:  # a relative target (不低于…) is judged against the indicator it names
        if i.target_kind == "relative" and (i.target_detail or {}).get("reference") in names:
            hit.add(i.pk)
    refs = {
        (i.target_detail or {}).get("reference") for i in mine if i.pk in hit and i.target_kind == "relative"
    }
    hit |= {i.pk for i in mine if i.name in refs}
    return [i for i in mine if i.pk in hit]


def run_current_year(run: AssessmentRun) -> int | None:
    if run.current_year is None:  # runs stored before the field: the latest year of their results
        run.current_year = run.results.aggregate(y=Max("year"))["y"]
    return run.current_year


def reassess_plan(
    run: AssessmentRun,
    indicator_ids: list[int],
    *,
    year: int | None = None,
    region: Region | None = None,
    task=None,
    cause: str = "",
) -> Reassessment | None:
    """Assess ``indicator_ids`` (and what depends on them) again and replace their rows in ``run``.

    ``year`` is the year of the new data: when it is later than the run's, the run now reaches that year,
    and a background task (background.queue_new_year) re-assesses every other indicator of the plan (data are
    due for them now: 缺报 where none came). With the ``region`` whose data changed, only the rows that can
    change are replaced: that region's and its ancestors' (roll-ups), and every region's from ``year`` on
    (the year the data are due for moves); a region's earlier years are judged on its own history up to
    then. Relative targets (measured against another figure) keep all rows."""
    started = time.perf_counter()
    indicators = affected_indicators(indicator_ids, run.plan)
    if not indicators:
        return None
    ids = [i.pk for i in indicators]
    reached = run_current_year(run)
    years = [y for y in (reached, year) if y is not None]
    run.current_year = max(years) if years else None
    old = AssessmentResult.objects.filter(run=run, indicator_id__in=ids)
    only = None
    if region is not None and year is not None:
        chain = [region, *region.ancestors()]
        relative = [i.pk for i in indicators if i.target_kind == "relative"]
        old = old.filter(
            Q(region_id__in=[r.pk for r in chain]) | Q(year__gte=year) | Q(indicator_id__in=relative)
        )
        only = (
            pl.col("region").cast(pl.String).is_in([r.code for r in chain])
            | (pl.col("year") >= year)
            | pl.col("key").cast(pl.String).is_in([str(i) for i in relative])
        )
    result, _ = assess_indicators(indicators, region=run.region, year=run.year, current_year=run.current_year,
                                  only=only)  # fmt: skip
    # the run now reaches a new year: the plan's other indicators are due for it (缺报 where nothing came).
    # Their rows take a full assessment of them, seconds for a province: a background task fills them in, so
    # the approval itself stays quick (the approved figures show at once, the 缺报 a moment later)
    others = []
    if (
        reached is not None
        and run.current_year is not None
        and run.current_year > reached
        and run.year is None
    ):
        others = [i.pk for i in _plan_indicators(run.plan) if i.pk not in set(ids)]
    parts = [result]
    with transaction.atomic():
        before = dict(old.values_list("status").annotate(n=Count("id")).order_by())
        old.delete()
        after: Counter = Counter()
        for part in parts:
            if part.height:
                insert_results(run, part)
                after.update(status_counts(part))
        after = dict(after)
        summary = Counter(run.summary or {})
        summary.subtract(before)
        summary.update(after)
        run.summary = {k: v for k, v in summary.items() if v > 0}
        rows = sum(part.height for part in parts)
        run.rows = run.rows - sum(before.values()) + rows
        run.revised_at = timezone.now()
        run.save(update_fields=["summary", "rows", "revised_at", "current_year"])
        item = Reassessment.objects.create(
            run=run, task=task, cause=cause[:64], indicators=ids, rows=rows, before=before,
            after=after, seconds=round(time.perf_counter() - started, 4),
        )  # fmt: skip
        if others:
            from .background import queue_new_year

            queue_new_year(run, others, cause)
        return item


def _plan_indicators(plan: Plan) -> list[Indicator]:
    return list(
        Indicator.objects.filter(plan=plan).select_related("plan", "plan__region", "area").order_by("pk")
    )


def reassess_after_review(task, cause: str) -> list[Reassessment]:
    """After a task's data were approved (or reopened): every plan whose latest run counts those data gets
    the affected indicators re-assessed at once, so the dashboards show the new figures — plans whose
    region is the task's region or above it, because a run holds only its own region's tree. A plan never
    assessed gets its first full run here."""
    from planwatch.apps.reporting.models import Observation

    indicator_ids = list(
        Observation.objects.filter(task=task).values_list("indicator_id", flat=True).distinct().order_by()
    )
    if not indicator_ids:
        return []
    region = task.region
    chain = [region.pk, *(r.pk for r in region.ancestors())]
    members = {m for group in shared_series(indicator_ids).values() for m in group}
    plan_ids = set(Indicator.objects.filter(pk__in=members).values_list("plan_id", flat=True))
    done = []
    for plan in Plan.objects.filter(pk__in=plan_ids, region_id__in=chain).select_related("region"):
        run = latest_run(plan)
        if run is None:
            run_assessment(plan=plan, region=plan.region)
            continue
        if run.region_id is not None and run.region_id not in chain:
            continue
        item = reassess_plan(run, indicator_ids, year=task.round.year, region=region, task=task, cause=cause)
        if item is not None:
            done.append(item)
    return done


def latest_run(plan: Plan) -> AssessmentRun | None:
    """The newest stored run that covers the plan's own region (a run for the whole tree covers it too)."""
    return (
        AssessmentRun.objects.filter(plan=plan)
        .filter(Q(region__isnull=True) | Q(region_id=plan.region_id))
        .order_by("-created_at", "-id")
        .first()
    )
