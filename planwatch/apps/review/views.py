"""规划审核 pages of the committee office: the plan list with the upload form, the review page (the parsed
structure beside the source text), one indicator's correction form, activation and archiving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.web.uploads import uploaded_file
from planwatch.uploads import UploadRefused

from . import services
from .models import Correction
from .services import ReviewError


def _office(request) -> None:
    if not perm.is_manager(request.user):
        raise PermissionDenied("规划审核只对妇儿工委办开放")


def _plan(request, plan_id: int) -> Plan:
    _office(request)
    plans = perm.administered(request.user, Plan.objects.select_related("region"))
    return get_object_or_404(plans, pk=plan_id)


@login_required
def plans(request):
    _office(request)
    user = request.user
    profile = perm.profile_of(user)
    if request.method == "POST":
        if profile is None:
            raise PermissionDenied("您的账号没有所属地区")
        try:
            upload = uploaded_file(request, "document")
            if upload is None:
                raise ReviewError("请选择要上传的规划文件（.txt、.docx、.pdf 或 .html）")
            outcome = services.upload_document(
                user, profile.region, upload.name, upload.read(), replace_draft="replace" in request.POST
            )
        except (ReviewError, UploadRefused) as exc:
            messages.error(request, f"{exc}；未导入任何内容" if isinstance(exc, UploadRefused) else str(exc))
        else:
            for warning in outcome.warnings[:20]:
                messages.warning(request, warning)
            if outcome.skipped:
                messages.warning(request, outcome.skipped)
            else:
                titles = "、".join(f"「{p.title}」" for p in outcome.plans)
                messages.success(request, f"已导入草稿{titles}：请逐项核对后生效")
            return redirect("review:plan", plan_id=outcome.plans[0].pk)
    rows = (
        perm.administered(user, Plan.objects.select_related("region"))
        .annotate(n_indicators=Count("indicators", distinct=True))
        .order_by("status", "-period_end", "population")
    )
    return render(request, "review/plans.html", {"rows": rows, "accepted": ", ".join(services.ACCEPTED)})


@login_required
def plan_review(request, plan_id: int):
    plan = _plan(request, plan_id)
    document, lines = services.source_lines(plan)
    areas = []
    origins = dict(services.origin_choices())
    indicators = list(plan.indicators.select_related("area").prefetch_related("departments"))
    for ind in indicators:
        ind.origin_label = origins.get(ind.origin, ind.origin)
        if ind.promoted:
            ind.origin_label += "，已列入主要指标"
        name = ind.area.name if ind.area_id else "未归入领域"
        if not areas or areas[-1][0] != name:
            areas.append((name, []))
        areas[-1][1].append(ind)
    corrected = set(
        Correction.objects.filter(plan=plan, indicator__isnull=False).values_list("indicator_id", flat=True)
    )
    return render(
        request,
        "review/plan.html",
        {
            "plan": plan,
            "document": document,
            "lines": lines,
            "areas": areas,
            "n_indicators": len(indicators),
            "corrected": corrected,
            "history": Correction.objects.filter(plan=plan).select_related("indicator", "user")[:200],
        },
    )


@login_required
def indicator_edit(request, indicator_id: int):
    _office(request)
    ind = get_object_or_404(
        perm.administered(request.user, Indicator.objects.select_related("plan", "plan__region", "area"),
                          "plan__region_id"),
        pk=indicator_id,
    )  # fmt: skip
    form = {
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "attribute": ind.attribute,
        "target": ind.target_text,
        "departments": ind.departments_text,
        "origin": ind.origin,
        "promoted": "1" if ind.promoted else "",
        "qualitative": "",
    }
    if request.method == "POST":
        form = {key: request.POST.get(key, "") for key in form}
        try:
            made = services.correct_indicator(request.user, ind, form)
        except ReviewError as exc:
            messages.error(request, f"未保存：{exc}")
        else:
            if made:
                messages.success(
                    request,
                    f"已保存「{ind.name}」：" + "；".join(f"{c.label} {c.old} → {c.new}" for c in made),
                )
            else:
                messages.info(request, "没有修改")
            return redirect(reverse("review:plan", args=[ind.plan_id]) + f"#ind-{ind.pk}")
    document, lines = services.source_lines(ind.plan)
    return render(
        request,
        "review/indicator.html",
        {
            "ind": ind,
            "plan": ind.plan,
            "form": form,
            "lines": lines,
            "document": document,
            "directions": Indicator.Direction.choices,
            "attributes": Indicator.Attribute.choices,
            "origins": services.origin_choices(),
            "history": ind.corrections.select_related("user"),
        },
    )


@login_required
@require_POST
def plan_status(request, plan_id: int):
    plan = _plan(request, plan_id)
    action = request.POST.get("action")
    try:
        if action == "activate":
            services.activate(request.user, plan)
            messages.success(request, f"「{plan.title}」已生效：可以开启报送轮次、评估和发布")
        elif action == "archive":
            services.archive(request.user, plan)
            messages.success(request, f"「{plan.title}」已归档：不再开启新的报送轮次，数据和评估结果保留")
        else:
            raise ReviewError("未知操作")
    except ReviewError as exc:
        messages.error(request, str(exc))
    return redirect("review:plan", plan_id=plan.pk)
