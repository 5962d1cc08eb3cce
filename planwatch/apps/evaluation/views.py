"""监测评估 pages: the overview of a plan (达标率, statuses per area, indicator table), the 预警 list and one
indicator's series. Access: the reading roles (妇儿工委办, 统计局监测组, 评估组, 领导) of the plan's region or a
region above it; running an assessment: 妇儿工委办 and 统计局监测组. Department and sub-region reporters see nothing here."""

from __future__ import annotations

import time
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.dashboard.freshness import data_version
from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region
from planwatch.assessment.warnings import WARNING_LABELS
from planwatch.domain import statuses
from planwatch.reports.charts import render_png

from . import background, comparing, detail, figures
from . import presenting as pr
from .models import AssessmentResult
from .services import run_assessment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


READ_DENIED = f"监测评估结果只对{perm.READERS_TEXT}开放"


def plan_for(user, plan_id: int) -> Plan:
    """The plan if the user may read its evaluation: 403 for roles that never may, 404 outside their region."""
    return perm.plan_or_refuse(
        user, plan_id, readers_only=True, denied=READ_DENIED, plans=Plan.objects.monitored()
    )


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
        raise PermissionDenied(READ_DENIED)
    plans = (
        Plan.objects.monitored()
        .select_related("region")
        .visible_to(request.user)
        .order_by("region__code", "period_start", "title")
    )
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
    area_table = pr.area_table(assessed)
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
            "area_table": area_table,
            "chart": pr.area_chart_option(area_table),
            "can_run": perm.can_run_assessment(request.user, plan),
            "only_qualitative": only_qualitative,
            "has_values": has_values,
            "n_indicators": plan.indicators.count(),
        },
    )


@login_required
def import_reassessment(request, item_id: int):
    """The state of the re-assessment an import queued (htmx polls it on the import page); POST retries a
    failed one. Another region's item is 404, as everywhere."""
    item = background.readable(request.user, item_id)
    if request.method == "POST":
        try:
            item = background.retry(item)
        except ValueError as exc:
            messages.error(request, str(exc))
    if request.headers.get("HX-Request") or request.method == "GET":
        return render(request, "evaluation/_import_reassessment.html", {"item": item})
    return redirect("web:history_import")


@login_required
@require_POST
def run(request, plan_id: int):
    plan = plan_for(request.user, plan_id)
    if not perm.can_run_assessment(request.user, plan):
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
    counts = "，".join(
        f"{statuses.label(s)}{stored.summary[s]}行" for s in pr.STATUSES if stored.summary.get(s)
    )
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


def region_for(request, plan: Plan) -> Region:
    """``?region=`` when it lies in the plan's tree and the user's scope, else the plan's own region."""
    text = request.GET.get("region", "")
    if text.isdigit() and int(text) != plan.region_id:
        ids = set(pr.plan_region_ids(plan))
        if int(text) in ids and perm.in_scope(request.user, int(text)):
            return Region.objects.get(pk=int(text))
        messages.error(request, "该地区不在本规划的范围内，已显示规划所在地区。")
    return plan.region


@login_required
def indicator_detail(request, plan_id: int, indicator_id: int):
    plan = plan_for(request.user, plan_id)
    indicator = get_object_or_404(
        plan.indicators.select_related("area", "plan", "plan__region"), pk=indicator_id
    )
    region = region_for(request, plan)
    run = pr.latest_run(plan)
    context = {"plan": plan, "indicator": indicator, "run": run, "region": region,
               "meta": detail.indicator_metadata(indicator),
               "revisions": detail.revisions(indicator, request.user, pr.plan_region_ids(plan))}  # fmt: skip
    if run is not None:
        years = sorted(
            set(
                AssessmentResult.objects.filter(run=run, indicator=indicator, region=region).values_list(
                    "year", flat=True
                )
            )
        )
        year = _year(request, years)
        context.update(years=years, year=year)
        # the results part is the same for every reader: rendered once per state of the run
        key = f"indicator:{run.pk}:{run.created_at.timestamp()}:{run.revised_at and run.revised_at.timestamp()}:" \
              f"{data_version()}:{indicator.pk}:{region.pk}:{year}"  # fmt: skip
        html = cache.get(key)
        if html is None:
            html = render_to_string("evaluation/_indicator_results.html",
                                    indicator_results(run, plan, indicator, region, year))  # fmt: skip
            cache.set(key, html, 300)
        context["results_html"] = mark_safe(html)
    return render(request, "evaluation/indicator.html", context)


def indicator_results(run, plan: Plan, indicator, region: Region, year: int | None) -> dict:
    """Status, trend, breakdowns, ranking and explanations of one indicator in one region and year."""
    context = {"plan": plan, "indicator": indicator, "run": run, "region": region, "year": year,
               "warning_labels": list(WARNING_LABELS.items())}  # fmt: skip
    if year is not None:
        result = figures.indicator_result(run, indicator, region, year)
        spec, option = figures.trend_option(result, year)
        by_sex = figures.breakdown(result, ("sex", ""), year)
        by_area = figures.breakdown(result, ("area", ""), year)
        context.update(
            result=result,
            headline=AssessmentResult.objects.filter(run=run, indicator=indicator, region=region, year=year,
                                                     sex="total", area_type="total", age_group="").first(),
            trend=option if spec.has_data else None,
            value_text=pr.value_text(result.value, indicator.unit),
            breakdowns=[(by_sex, "bd-sex"), (by_area, "bd-area")],
            any_breakdown=bool(by_sex or by_area),
        )  # fmt: skip
    rank_year, ranking = pr.region_ranking(indicator, run, plan, region)
    context.update(
        sentences=pr.explanations(indicator, run, region),
        rank_year=rank_year,
        ranking=ranking,
        ranking_chart=figures.ranking_option(indicator, ranking, [r["raw"] for r in ranking])
        if ranking
        else None,
    )
    return context


DOWNLOADS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX, "png": "image/png"}


@login_required
def indicator_download(request, plan_id: int, indicator_id: int, fmt: str):
    """The indicator's stored results in the plan's tree as CSV or XLSX, or its trend chart as PNG."""
    plan = plan_for(request.user, plan_id)
    indicator = get_object_or_404(
        plan.indicators.select_related("area", "plan", "plan__region"), pk=indicator_id
    )
    if fmt not in DOWNLOADS:
        raise Http404("不支持的下载格式")
    run = pr.latest_run(plan)
    if run is None:
        messages.error(request, "本规划尚未开展监测评估，没有可下载的结果。")
        return redirect("evaluation:indicator", plan_id=plan.pk, indicator_id=indicator.pk)
    region = region_for(request, plan)
    name = f"{indicator.name}_{region.name}"
    if fmt == "png":
        stored = AssessmentResult.objects.filter(run=run, indicator=indicator, region=region)
        year = _year(request, sorted(set(stored.values_list("year", flat=True))))  # ?year= as on the page
        spec = (
            figures.trend_option(figures.indicator_result(run, indicator, region, year), year)[0]
            if year
            else None
        )
        if spec is None or not spec.has_data:
            messages.error(request, f"{region.name}没有该指标的监测数据，无法生成图表。")
            return redirect("evaluation:indicator", plan_id=plan.pk, indicator_id=indicator.pk)
        spec.title = f"{indicator.name}（{region.name}）"
        body = render_png(spec, width_cm=18, height_cm=9)
    else:
        ids = [region.pk, *region.descendant_ids()]
        rows = figures.download_rows(run, indicator, plan, [i for i in ids if perm.in_scope(request.user, i)])
        title = f"{plan.title} · {indicator.name} · {region.name}及下级地区（评估时间 {run.created_at:%Y-%m-%d %H:%M}）"
        body = figures.csv_bytes(rows) if fmt == "csv" else figures.xlsx_bytes(rows, title)
    response = HttpResponse(body, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response


MAX_COMPARED = 8


@login_required
def compare(request, plan_id: int):
    """地区比较: the regions of one level in the plan's tree on up to eight chosen indicators."""
    plan = plan_for(request.user, plan_id)
    run = pr.latest_run(plan)
    levels = comparing.levels_below(plan)
    level = request.GET.get("level") or (levels[0][0] if levels else "")
    if levels and level not in dict(levels):
        messages.error(request, f"没有「{level[:20]}」这一地区层级，已显示{levels[0][1]}。")
        level = levels[0][0]
    indicators = list(plan.indicators.select_related("area"))
    chosen_ids, notes = comparing.chosen_indicators(
        request.GET.getlist("indicator"), indicators, MAX_COMPARED
    )
    for n in notes:
        messages.error(request, n)
    years = pr.run_years(run, plan)
    year = _year(request, years)
    table = comparing.comparison(run, plan, level, year, [i for i in indicators if i.pk in chosen_ids], request.user) if (
        run and year and level) else None  # fmt: skip
    return render(request, "evaluation/compare.html", {
        "plan": plan, "run": run, "levels": levels, "level": level, "indicators": indicators,
        "chosen": chosen_ids, "years": years, "year": year, "table": table, "max": MAX_COMPARED,
    })  # fmt: skip


@login_required
def gender_gap(request, plan_id: int):
    """性别差距: every indicator reported for women and men (and for rural and urban) in one year, the gap,
    its change since the previous report and whether it widened."""
    plan = plan_for(request.user, plan_id)
    region = region_for(request, plan)
    run = pr.latest_run(plan)
    years = pr.run_years(run, plan)
    year = _year(request, years)
    sex_rows = comparing.gap_rows(run, plan, region, year, "sex") if run and year else []
    area_rows = comparing.gap_rows(run, plan, region, year, "area") if run and year else []
    return render(request, "evaluation/gender_gap.html", {
        "plan": plan, "run": run, "region": region, "years": years, "year": year,
        "gap_tables": [("分性别（女、男）", sex_rows, "sex-gap"), ("分城乡（农村、城镇）", area_rows, "area-gap")],
    })  # fmt: skip
