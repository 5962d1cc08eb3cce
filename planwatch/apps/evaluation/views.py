"""监测评估 pages: the overview of a plan (达标率, statuses per area, indicator table), the 预警 list and one
indicator's series. Access: the reading roles (妇儿工委办, 统计局监测组, 评估组, 领导) of the plan's region or a
region above it; running an assessment: 妇儿工委办 and 统计局监测组. Department and sub-region reporters see nothing here."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.accounts.models import Role
from planwatch.apps.plans.models import Plan
from planwatch.assessment.warnings import WARNING_LABELS

from . import presenting as pr
from .services import run_assessment

RUNNERS = (Role.ADMIN, Role.MONITOR)


def plan_for(user, plan_id: int) -> Plan:
    """The plan if the user may read its evaluation: 403 for roles that never may, 404 outside their region."""
    if not perm.has_role(user, *perm.READERS):
        raise PermissionDenied("监测评估结果只对妇儿工委办、统计局监测组、评估组和领导开放")
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)
    if not perm.in_scope(user, plan.region_id):
        raise Http404("没有该规划")  # another region's plan: do not even confirm it exists
    return plan


def can_run(user, plan: Plan) -> bool:
    return perm.has_role(user, *RUNNERS) and perm.in_scope(user, plan.region_id)


def _year(request, years: list[int]) -> int | None:
    """The ?year= asked for when the run has it, else the latest year of the run."""
    text = request.GET.get("year", "")
    if text.isdigit() and int(text) in years:
        return int(text)
    return years[-1] if years else None


@login_required
def index(request):
    """Every plan the user may read, with the 达标率 sentence of its latest run (the entry for the top menu)."""
    if not perm.has_role(request.user, *perm.READERS):
        raise PermissionDenied("监测评估结果只对妇儿工委办、统计局监测组、评估组和领导开放")
    plans = Plan.objects.select_related("region").order_by("region__code", "period_start", "title")
    scope = perm.region_scope(request.user)
    if scope is not None:
        plans = plans.filter(region_id__in=scope)
    items = []
    for plan in plans:
        run = pr.latest_run(plan)
        years = pr.run_years(run, plan)
        year = years[-1] if years else None
        summary = pr.summarise(pr.counted(pr.indicator_rows(plan, run, year))) if run else None
        items.append({"plan": plan, "run": run, "year": year, "summary": summary})
    return render(request, "evaluation/index.html", {"items": items})


@login_required
def overview(request, plan_id: int):
    plan = plan_for(request.user, plan_id)
    run = pr.latest_run(plan)
    years = pr.run_years(run, plan)
    year = _year(request, years)
    rows = pr.indicator_rows(plan, run, year) if run else []
    assessed = pr.counted(rows)
    summary = pr.summarise(assessed)
    chart = pr.area_chart(assessed)
    only_qualitative = bool(rows) and all(r["indicator"].target_kind == "qualitative" for r in rows)
    has_values = any(r["value"] for r in rows)
    return render(
        request,
        "evaluation/overview.html",
        {
            "plan": plan,
            "run": run,
            "years": years,
            "year": year,
            "rows": rows,
            "summary": summary,
            "area_table": pr.area_table(assessed),
            "chart": chart,
            "chart_height": 70 + 34 * len(chart["areas"]),
            "can_run": can_run(request.user, plan),
            "only_qualitative": only_qualitative,
            "has_values": has_values,
            "n_indicators": plan.indicators.count(),
        },
    )


@login_required
@require_POST
def run(request, plan_id: int):
    plan = plan_for(request.user, plan_id)
    if not can_run(request.user, plan):
        raise PermissionDenied("只有妇儿工委办和统计局监测组可以开展监测评估")
    if not plan.indicators.exists():
        messages.error(request, f"「{plan.title}」还没有监测指标，无法评估。")
        return redirect("evaluation:overview", plan_id=plan.pk)
    started = time.perf_counter()
    try:
        stored, result = run_assessment(plan=plan, region=plan.region)
    except ValueError as exc:  # the engine's messages are Chinese and name the problem
        messages.error(request, f"监测评估未完成：{exc}")
        return redirect("evaluation:overview", plan_id=plan.pk)
    seconds = time.perf_counter() - started
    counts = "，".join(f"{s}{stored.summary.get(s, 0)}行" for s in pr.STATUSES if stored.summary.get(s))
    messages.success(
        request,
        f"已完成监测评估：{plan.indicators.count()}项指标，{stored.rows}行结果（{counts or '无结果'}），"
        f"用时{seconds:.1f}秒。",
    )
    return redirect("evaluation:overview", plan_id=plan.pk)


@login_required
def warnings_list(request, plan_id: int):
    plan = plan_for(request.user, plan_id)
    run = pr.latest_run(plan)
    kind = request.GET.get("kind") or None
    if kind and kind not in WARNING_LABELS:
        messages.error(request, f"没有「{kind}」这种预警，已显示全部预警。")
        kind = None
    years = pr.run_years(run, plan)
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and int(text) in years else None
    rows, counts = pr.warning_rows(run, plan, kind, year) if run else ([], {})
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/warnings.html",
        {
            "plan": plan,
            "run": run,
            "kind": kind,
            "kinds": [(code, label, counts.get(code, 0)) for code, label in WARNING_LABELS.items()],
            "years": years,
            "year": year,
            "page": page,
            "total": len(rows),
        },
    )


@login_required
def indicator_detail(request, plan_id: int, indicator_id: int):
    plan = plan_for(request.user, plan_id)
    indicator = get_object_or_404(plan.indicators.select_related("area"), pk=indicator_id)
    run = pr.latest_run(plan)
    context = {"plan": plan, "indicator": indicator, "run": run}
    if run is not None:
        chart = pr.indicator_series(indicator, run, plan)
        rank_year, ranking = pr.region_ranking(indicator, run, plan)
        context.update(
            chart=chart,
            has_values=bool(chart["lines"]),
            sentences=pr.explanations(indicator, run, plan),
            rank_year=rank_year,
            ranking=ranking,
        )
    return render(request, "evaluation/indicator.html", context)
