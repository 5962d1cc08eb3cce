"""审计日志 page: the committee office (妇儿工委办) reads the events of its region and the regions below,
filtered by action, user, address and date; other roles get 403."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from .models import Action
from .services import can_read_audit, visible_events

PAGE_SIZE = 50


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


@login_required
def events(request):
    if not can_read_audit(request.user):
        raise PermissionDenied("审计日志只对妇儿工委办（管理员）开放")
    g = request.GET
    qs = visible_events(request.user)
    problems = []
    action = g.get("action", "")
    if action in Action.values:
        qs = qs.filter(action=action)
    user = g.get("user", "").strip()[:150]
    if user:
        qs = qs.filter(username__icontains=user)
    ip = g.get("ip", "").strip()[:45]
    if ip:
        qs = qs.filter(ip__startswith=ip)
    start, end = _day(g.get("from", "")), _day(g.get("to", ""))
    for name, text, day in (("起始日期", g.get("from", ""), start), ("截止日期", g.get("to", ""), end)):
        if text.strip() and day is None:
            problems.append(f"{name}「{text[:20]}」不是有效日期（格式 2025-03-31），已忽略")
    zone = timezone.get_current_timezone()
    if start:
        qs = qs.filter(at__gte=dt.datetime.combine(start, dt.time.min, zone))
    if end:
        qs = qs.filter(at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone))
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    keep = g.copy()
    keep.pop("page", None)
    return render(request, "audit/events.html", {
        "page": page, "actions": Action.choices, "filters": g, "problems": problems,
        "query": keep.urlencode(),
    })  # fmt: skip
