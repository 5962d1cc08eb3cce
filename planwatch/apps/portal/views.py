"""信息发布 (public, no login): home, a region's plans and reports, a plan's published results, an indicator's
published series, report downloads, the feedback form. What is public is decided in services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_protect

from planwatch.apps.plans.models import Indicator
from planwatch.apps.regions.models import Region
from planwatch.apps.reports.services import job_path
from planwatch.domain.units import display_unit

from . import services
from .services import FeedbackError


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "regions": services.public_regions(),
            "reports": services.publications()[:10],
            "answered": services.public_feedback().select_related("region")[:5],
        },
    )


def region_page(request, code: str):
    region = get_object_or_404(services.public_regions(), code=code[:12])
    plans = services.public_plans().filter(region=region).order_by("population", "-period_end")
    return render(
        request,
        "portal/region.html",
        {
            "region": region,
            "plans": [(p, services.published_years(p)) for p in plans],
            "reports": services.publications(region=region),
            "answered": services.public_feedback(region)[:20],
        },
    )


def plan_page(request, plan_id: int):
    plan = get_object_or_404(services.public_plans(), pk=plan_id)
    years = services.published_years(plan)
    year = years[-1] if years else None
    if request.GET.get("year", "").isdigit() and int(request.GET["year"]) in years:
        year = int(request.GET["year"])
    results = services.published_results(plan, year) if year else {}
    rows = []
    for ind in plan.indicators.select_related("area"):
        r = results.get(ind.pk)
        rows.append({"ind": ind, "result": r, "unit": display_unit(ind.unit)})
    return render(
        request,
        "portal/plan.html",
        {"plan": plan, "years": years, "year": year, "rows": rows,
         "reports": services.publications(plan=plan, region=plan.region)},
    )  # fmt: skip


def indicator_page(request, indicator_id: int):
    ind = get_object_or_404(
        Indicator.objects.filter(plan__in=services.public_plans()).select_related(
            "plan", "plan__region", "area"
        ),
        pk=indicator_id,
    )
    years = services.published_years(ind.plan)
    series = services.published_series(ind, years)
    latest = years[-1] if years else None
    result = services.published_results(ind.plan, latest).get(ind.pk) if latest else None
    chart = {
        "years": [str(y) for y, _ in series],
        "values": [v for _, v in series],
        "target": ind.target_value,
        "unit": display_unit(ind.unit),
        "name": ind.name,
    }
    return render(
        request,
        "portal/indicator.html",
        {"ind": ind, "plan": ind.plan, "years": years, "series": series, "result": result, "latest": latest,
         "unit": display_unit(ind.unit), "chart": json.dumps(chart, ensure_ascii=False)},
    )  # fmt: skip


def report_download(request, pub_id: int):
    pub = get_object_or_404(services.publications(), pk=pub_id)
    path = job_path(pub)
    if path is None:
        raise Http404("报告文件不存在")
    return FileResponse(path.open("rb"), as_attachment=True, filename=pub.filename)


@csrf_protect
def feedback(request):
    regions = list(services.public_regions())
    chosen = request.GET.get("region", "")
    form = {"region": chosen, "name": "", "contact": "", "message": ""}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        region = Region.objects.filter(pk__in=[r.pk for r in regions], code=form["region"][:12]).first()
        try:
            if region is None:
                raise FeedbackError("请选择反馈的地区")
            services.submit_feedback(region, name=form["name"], contact=form["contact"], message=form["message"],
                                     address=request.META.get("REMOTE_ADDR", ""))  # fmt: skip
        except FeedbackError as exc:
            messages.error(request, str(exc))
            status = 429 if isinstance(exc, services.RateLimited) else 400
            context = {"regions": regions, "form": form, "limit": services.MAX_MESSAGE}
            return render(request, "portal/feedback.html", context, status=status)
        messages.success(request, f"已收到您的反馈，{region.name}妇儿工委办将尽快处理。谢谢！")
        return redirect("portal:feedback")
    return render(
        request, "portal/feedback.html", {"regions": regions, "form": form, "limit": services.MAX_MESSAGE}
    )
