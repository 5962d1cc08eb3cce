"""The region dashboard (工作台看板): the home page of the committee office, the statistics bureau's monitoring
group, the evaluation group and the leaders. Access: the reading roles, inside their own region tree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from planwatch.apps.accounts import permissions as perm

from . import services


def may_see_dashboard(user) -> bool:
    return perm.has_role(user, *perm.READERS)


@login_required
def dashboard(request):
    if not may_see_dashboard(request.user):
        raise PermissionDenied("工作台看板只对妇儿工委办、统计局监测组、评估组和领导开放")
    region = services.dashboard_region(request.user, request.GET.get("region"))
    if region is None:
        raise Http404("没有该地区")
    context = services.build(region, request.GET)
    context["profile"] = perm.profile_of(request.user)
    context["all_plans"] = services.plans_in_scope(request.user)
    # htmx asks for the body only when a filter changes; the address bar keeps the filters (hx-push-url)
    template = "dashboard/_body.html" if request.headers.get("HX-Request") else "dashboard/index.html"
    return render(request, template, context)
