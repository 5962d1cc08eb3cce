"""Web pages of the dictionary: the link review of a plan, its alignment with the parent plan, the registry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from planwatch.apps.accounts.models import Role
from planwatch.apps.accounts.permissions import READERS_TEXT, has_role, in_scope, plan_or_refuse
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.dictionary.alignment import STATUS_LABELS, align, load_outlines
from planwatch.dictionary.errors import AlignmentInputError, OutlineCodesMissing
from planwatch.dictionary.matching import Matcher, Query
from planwatch.site.ids import parse_id

from .alignment import targets_from_plan
from .models import DictionaryEntry, IndicatorLink
from .registry import plan_registry
from .services import DictionaryServiceError, create_entry_for, database_dictionary, decide_link, link_plan

DECIDERS = (Role.ADMIN, Role.MONITOR)


def _can_decide(user, plan: Plan) -> bool:
    return has_role(user, *DECIDERS) and in_scope(user, plan.region_id)


def _plan_for(request, plan_id: int) -> Plan:
    return plan_or_refuse(
        request.user, plan_id, readers_only=True, denied="指标字典与规划衔接只对" + READERS_TEXT + "开放"
    )


@login_required
def review(request, plan_id: int):
    """Low-confidence links of a plan (all links with ?all=1) with the choices a person can make."""
    plan = _plan_for(request, plan_id)
    if plan.indicators.filter(dictionary_link__isnull=True).exists():
        link_plan(plan)
    show_all = request.GET.get("all") == "1"
    links = IndicatorLink.objects.filter(indicator__plan=plan).select_related("indicator__area", "entry")
    if not show_all:
        links = links.filter(accepted=False)
    matcher = Matcher(database_dictionary())
    entries = DictionaryEntry.objects.filter(population=plan.population, retired=False).order_by("code")
    rows = []
    for link in links.order_by("indicator__area__order", "indicator__seq", "indicator_id"):
        ind = link.indicator
        rows.append({"link": link, "indicator": ind, "candidates": _candidates(matcher, ind, plan)})
    counts = {
        "total": IndicatorLink.objects.filter(indicator__plan=plan).count(),
        "review": IndicatorLink.objects.filter(indicator__plan=plan, accepted=False).count(),
    }
    return render(
        request,
        "dictionary/review.html",
        {
            "plan": plan,
            "rows": rows,
            "entries": entries,
            "show_all": show_all,
            "counts": counts,
            "can_decide": _can_decide(request.user, plan),
            "directions": Indicator.Direction.choices,
        },
    )


def _candidates(matcher: Matcher, ind: Indicator, plan: Plan) -> list[DictionaryEntry]:
    """The best few entries for a person to choose from: the suggestion and the nearest others."""
    codes: list[str] = []
    m = matcher.match(Query(ind.name, ind.unit, plan.population, ind.area.name if ind.area_id else None))
    for code in (m.code, m.runner_up):
        if code and code not in codes:
            codes.append(code)
    by_code = {e.code: e for e in DictionaryEntry.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


@login_required
@require_POST
def decide(request, plan_id: int, indicator_id: int):
    plan = _plan_for(request, plan_id)
    if not _can_decide(request.user, plan):
        raise PermissionDenied("只有妇儿工委办或统计局监测组可以确认指标关联")
    indicator = get_object_or_404(Indicator, pk=indicator_id, plan=plan)
    action = request.POST.get("action")
    try:
        if action == "confirm":
            link = getattr(indicator, "dictionary_link", None)
            if link is None or link.entry is None:
                raise DictionaryServiceError(
                    f"指标「{indicator.name}」没有可确认的建议，请选择条目或新建条目"
                )
            decide_link(indicator, link.entry, request.user, method=IndicatorLink.Method.CONFIRMED)
            messages.success(request, f"已确认：{indicator.name} → {link.entry.code} {link.entry.name}")
        elif action == "choose":
            code = request.POST.get("code", "").strip()
            entry = DictionaryEntry.objects.filter(code=code).first()
            if entry is None:
                raise DictionaryServiceError(f"指标「{indicator.name}」：字典中没有编码「{code}」")
            decide_link(indicator, entry, request.user, method=IndicatorLink.Method.MANUAL)
            messages.success(request, f"已关联：{indicator.name} → {entry.code} {entry.name}")
        elif action == "create":
            entry = create_entry_for(
                indicator,
                request.user,
                name=request.POST.get("name", ""),
                unit=request.POST.get("unit", ""),
                direction=request.POST.get("direction", ""),
                definition=request.POST.get("definition", ""),
            )
            messages.success(request, f"已新建条目 {entry.code} {entry.name} 并关联「{indicator.name}」")
        else:
            raise DictionaryServiceError(f"未知操作「{action}」")
    except DictionaryServiceError as exc:
        messages.error(request, str(exc))
    suffix = "?all=1" if request.POST.get("all") == "1" else ""
    return redirect(reverse("dictionary:review", args=[plan.pk]) + suffix)


@login_required
def alignment(request, plan_id: int):
    """The plan's targets next to a parent's: another stored plan (?parent=ID) or a national outline."""
    plan = _plan_for(request, plan_id)
    parent_key = request.GET.get("parent") or f"national-{plan.population}"
    dictionary = database_dictionary()
    outlines, outline_problem = _outlines(dictionary)
    report = None
    if parent_key in outlines:
        parent_targets, parent_label = outlines[parent_key].targets, outlines[parent_key].title
    elif outline_problem and parent_key.startswith("national-"):
        parent_targets = None  # the outline cannot be read: the page says why instead of comparing
    elif parent_key.isdigit():
        parent = _plan_for(request, parse_id(parent_key) or 0)
        parent_targets, _ = targets_from_plan(parent)
        parent_label = f"{parent.region.name} {parent.title}"
    else:
        raise Http404(f"未知的上级规划「{parent_key}」")
    child_targets, unsure = targets_from_plan(plan)
    if parent_targets is not None:
        report = align(
            child_targets, parent_targets, dictionary, child_label=plan.title, parent_label=parent_label
        )
    # Only plans the user may open: listing other regions' plans would reveal them and every choice would 403.
    parents = list(
        Plan.objects.filter(population=plan.population)
        .exclude(pk=plan.pk)
        .select_related("region")
        .visible_to(request.user)
    )
    return render(
        request,
        "dictionary/alignment.html",
        {
            "plan": plan,
            "report": report,
            "counts": [(STATUS_LABELS[k], v, k) for k, v in report.counts().items()] if report else [],
            "outline_problem": outline_problem,
            "unsure": unsure,
            "parent_key": parent_key,
            "outlines": outlines,
            "parents": parents,
        },
    )


def _outlines(dictionary) -> tuple[dict, dict | None]:
    """The national outlines, or none and what is wrong with them: codes the database's dictionary lacks
    (entries loaded only in part) or a broken outline file — a notice on the page, never a server error."""
    try:
        return load_outlines(dictionary=dictionary), None
    except OutlineCodesMissing as exc:
        return {}, {"missing": exc.missing, "message": ""}
    except AlignmentInputError as exc:
        return {}, {"missing": [], "message": str(exc)}


@login_required
def registry(request):
    """Plans per region and level, and which sub-regions filed their own plan in time."""
    code = request.GET.get("region", "")
    region = Region.objects.filter(code=code).first() if code else None
    if code and region is None:
        raise Http404(f"行政区划代码 {code} 不存在")
    if region is not None and not in_scope(request.user, region.pk):
        raise Http404("该地区不在您的地区范围内")
    rows = [r for r in plan_registry(region) if in_scope(request.user, r.plan.region_id)]
    return render(request, "dictionary/registry.html", {"rows": rows, "region": region})
