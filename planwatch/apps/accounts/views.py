"""接口令牌 page: a user creates and revokes their own API tokens; the committee office (妇儿工委办) also those of
the users of its region and the regions below (e.g. a statistics bureau's data-exchange account)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from planwatch.apps.audit.models import Action
from planwatch.apps.audit.services import record

from . import permissions as perm
from .tokens import ApiToken, issue, revoke

MAX_DAYS = 3650


def manageable_users(user):
    """Users whose tokens ``user`` may create and revoke: themselves; the office also its regions' users."""
    users = get_user_model().objects.filter(is_active=True)
    if user.is_superuser:
        return users
    if perm.has_role(user, perm.Role.ADMIN):
        return users.filter(profile__region_id__in=perm.region_scope(user)) | users.filter(pk=user.pk)
    return users.filter(pk=user.pk)


@login_required
def tokens(request):
    people = manageable_users(request.user)
    rows = ApiToken.objects.filter(user__in=people).select_related("user", "created_by", "revoked_by")
    shown_token = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            row = get_object_or_404(rows, pk=perm_id(request.POST.get("revoke")))
            revoke(row, by=request.user)
            record(Action.TOKEN, target=str(row), summary=f"撤销接口令牌 {row.shown}…（{row.user.username}）",
                   region_id=_region_of(row.user))  # fmt: skip
            messages.success(request, f"已撤销令牌 {row.shown}…（{row.name}）")
            return redirect("accounts:tokens")
        owner = get_object_or_404(people, pk=perm_id(request.POST.get("user") or str(request.user.pk)))
        name = request.POST.get("name", "").strip()
        days_text = request.POST.get("days", "").strip()
        problems = []
        if not name:
            problems.append("请填写令牌用途（例如「统计局数据交换」）")
        days = None
        if days_text:
            try:
                days = int(days_text)
            except ValueError:
                days = 0
            if not 1 <= days <= MAX_DAYS:
                problems.append(
                    f"有效天数「{days_text[:20]}」无效：应为 1–{MAX_DAYS} 的整数，或留空表示长期有效"
                )
        if problems:
            for p in problems:
                messages.error(request, p)
        else:
            expires = timezone.now() + dt.timedelta(days=days) if days else None
            row, shown_token = issue(owner, name, by=request.user, expires_at=expires)
            record(Action.TOKEN, target=str(row), summary=f"创建接口令牌 {row.shown}…（{owner.username}，{name}）",
                   region_id=_region_of(owner))  # fmt: skip
    return render(request, "accounts/tokens.html", {
        "rows": rows, "people": people.order_by("username"), "new_token": shown_token,
        "office": perm.has_role(request.user, perm.Role.ADMIN),
    })  # fmt: skip


def perm_id(text: str | None) -> int:
    from planwatch.site.ids import parse_id

    return parse_id(text or "") or 0


def _region_of(user) -> int | None:
    profile = perm.profile_of(user)
    return profile.region_id if profile else None
