"""The region dashboard (工作台看板): the home page of the committee office, the statistics bureau's monitoring
group, the evaluation group and the leaders. Access: the reading roles, inside their own region tree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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
    parts = rendered_parts(request, region)
    # htmx asks for the body only when a filter changes; the address bar keeps the filters (hx-push-url)
    if request.headers.get("HX-Request"):
        return HttpResponse(parts["body"])
    context = {"region": region, "profile": perm.profile_of(request.user),
               "all_plans": services.plans_in_scope(request.user),
               "filters_html": mark_safe(parts["filters"]), "body_html": mark_safe(parts["body"])}  # fmt: skip
    return render(request, "dashboard/index.html", context)


def rendered_parts(request, region) -> dict[str, str]:
    """The filter form and the body, the same for everyone who may see the region: rendered once per state of
    the data (the key holds each plan's latest run and its last re-assessment, and the rounds' last task
    change, so an approval shows at once) and kept for a few minutes in the server's cache.

    When the data change, the first reader renders the new state; readers arriving meanwhile get the last
    rendered state of the same page instead of rendering it again each (a submission moves the key, and a
    dozen leaders rendering at once on two cores waited seconds each)."""
    key = services.cache_key(region, request.GET)
    parts = cache.get(key)
    if parts is not None:
        return parts
    last_key = services.last_rendered_key(region, request.GET)
    if not cache.add(key + ":rendering", True, RENDER_LOCK_SECONDS):
        last = cache.get(last_key)
        if last is not None:
            return last
    try:
        context = services.build(region, request.GET)
        parts = {name: render_to_string(f"dashboard/_{name}.html", context, request=None)
                 for name in ("filters", "body")}  # fmt: skip
        cache.set_many({key: parts, last_key: parts}, services.CACHE_SECONDS)
    finally:
        cache.delete(key + ":rendering")
    return parts


# a render that died (worker killed) frees the page after this long
RENDER_LOCK_SECONDS = 30
