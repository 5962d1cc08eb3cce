"""后台管理 pages of the committee office: departments, accounts, password resets, the audit log; and every
user's own password change (forced after a reset by ForcePasswordChange)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.accounts.models import Role
from planwatch.apps.plans.models import Plan
from planwatch.apps.portal.models import Feedback
from planwatch.apps.regions.models import Department, Region

from . import services
from .models import AdminEvent
from .services import AdminError


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


def _manager(request) -> None:
    if not perm.is_manager(request.user):
        raise PermissionDenied("后台管理只对妇儿工委办开放")


def _home_region(user) -> Region | None:
    profile = perm.profile_of(user)
    return profile.region if profile else None


@login_required
def index(request):
    _manager(request)
    user = request.user
    departments = perm.visible_departments(user, Department.objects.all())
    accounts = perm.visible_accounts(user, User.objects.all())
    plans = perm.administered(user, Plan.objects.all())
    events = perm.administered(user, AdminEvent.objects.select_related("actor"))[:30]
    context = {
        "region": _home_region(user),
        "n_departments": departments.filter(active=True).count(),
        "n_accounts": accounts.filter(is_active=True).count(),
        "n_must_change": accounts.filter(profile__must_change_password=True).count(),
        "plans_by_status": dict(plans.order_by().values_list("status").annotate(n=Count("id"))),
        "events": events,
        "n_feedback": perm.administered(user, Feedback.objects.filter(status=Feedback.Status.OPEN)).count(),
    }
    return render(request, "administration/index.html", context)


# ---- departments ----------------------------------------------------------------------------------------


@login_required
def departments(request):
    _manager(request)
    user = request.user
    region = _home_region(user)
    form = {"name": "", "kind": ""}
    if request.method == "POST":
        form = {"name": request.POST.get("name", ""), "kind": request.POST.get("kind", "")}
        if region is None:
            raise PermissionDenied("您的账号没有所属地区")
        try:
            dept = services.create_department(user, region, form["name"], form["kind"])
        except AdminError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已新增部门「{dept.name}」")
            return redirect("administration:departments")
    rows = (
        perm.visible_departments(
            user, Department.objects.select_related("region").prefetch_related("former_names")
        )
        .annotate(
            n_accounts=Count("profiles", filter=Q(profiles__user__is_active=True), distinct=True),
            n_indicators=Count("indicators", distinct=True),
        )
        .order_by("-active", "name")
    )
    return render(request, "administration/departments.html", {"rows": rows, "form": form, "region": region})


def _department(request, dept_id: int) -> Department:
    _manager(request)
    return get_object_or_404(perm.visible_departments(request.user, Department.objects), pk=dept_id)


@login_required
@require_POST
def department_edit(request, dept_id: int):
    dept = _department(request, dept_id)
    try:
        changes = services.change_department(
            request.user, dept, request.POST.get("name", ""), request.POST.get("kind", "")
        )
    except AdminError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已保存：" + "；".join(changes) if changes else "没有修改")
    return redirect("administration:departments")


@login_required
@require_POST
def department_active(request, dept_id: int):
    dept = _department(request, dept_id)
    active = request.POST.get("active") == "1"
    try:
        services.set_department_active(request.user, dept, active)
    except AdminError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}部门「{dept.name}」")
    return redirect("administration:departments")


# ---- accounts -------------------------------------------------------------------------------------------


def _account_choices(user) -> dict:
    regions = services.manageable_regions(user)
    roles = {r.pk: perm.assignable_roles(user, r) for r in regions}
    return {
        "regions": regions,
        "role_choices": [(value, Role(value).label) for value in Role.values],
        "roles_by_region": {str(k): v for k, v in roles.items()},
        "departments": perm.visible_departments(user, Department.objects.filter(active=True)).order_by(
            "name"
        ),
    }


@login_required
def accounts(request):
    _manager(request)
    qs = perm.visible_accounts(
        request.user, User.objects.select_related("profile", "profile__region", "profile__department")
    ).filter(profile__isnull=False)
    role = request.GET.get("role", "")
    if role in Role.values:
        qs = qs.filter(profile__role=role)
    q = " ".join(request.GET.get("q", "").split())[:30]
    if q:
        qs = qs.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(profile__department__name__icontains=q)
        )
    rows = qs.order_by("-is_active", "profile__region__code", "profile__role", "username")[:500]
    return render(
        request,
        "administration/accounts.html",
        {"rows": rows, "role": role, "q": q, "roles": Role.choices, "me": request.user.pk},
    )


@login_required
def account_new(request):
    _manager(request)
    user = request.user
    home = _home_region(user)
    form = {"username": "", "full_name": "", "role": "", "region": str(home.pk if home else ""),
            "department": ""}  # fmt: skip
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        region = next((r for r in services.manageable_regions(user) if r.pk == _int(form["region"])), None)
        try:
            if region is None:
                raise AdminError("请选择您管理范围内的地区")
            created = services.create_account(
                user,
                username=form["username"],
                full_name=form["full_name"],
                role=form["role"],
                region=region,
                department_id=_int(form["department"]),
                password=request.POST.get("password", ""),
            )
        except AdminError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"已新建账号「{created.username}」；请把临时密码告知本人，首次登录时须修改密码"
            )
            return redirect("administration:accounts")
    return render(request, "administration/account_new.html", {"form": form, **_account_choices(user)})


def _account(request, user_id: int) -> User:
    _manager(request)
    target = get_object_or_404(
        perm.visible_accounts(request.user, User.objects.select_related("profile", "profile__region")),
        pk=user_id,
        profile__isnull=False,
    )
    if not perm.can_manage_account(request.user, target):
        raise PermissionDenied("不能在这里修改自己的账号；如需调整请联系上级妇儿工委办")
    return target


@login_required
def account_edit(request, user_id: int):
    target = _account(request, user_id)
    if request.method == "POST":
        try:
            changes = services.change_account(
                request.user,
                target,
                full_name=request.POST.get("full_name", ""),
                role=request.POST.get("role", ""),
                department_id=_int(request.POST.get("department")),
                active=request.POST.get("active") == "1",
            )
        except AdminError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已保存：" + "；".join(changes) if changes else "没有修改")
            return redirect("administration:account_edit", user_id=target.pk)
    region = target.profile.region
    A = AdminEvent.Action
    history = AdminEvent.objects.filter(
        region=region,
        subject=target.username,
        action__in=[A.ACCOUNT_CREATED, A.ACCOUNT_CHANGED, A.PASSWORD_RESET, A.PASSWORD_CHANGED],
    ).select_related("actor")
    return render(
        request,
        "administration/account_edit.html",
        {
            "target": target,
            "roles": [(r, Role(r).label) for r in perm.assignable_roles(request.user, region)],
            "departments": Department.objects.filter(region=region).filter(
                Q(active=True) | Q(pk=target.profile.department_id or 0)
            ),
            "history": history[:50],
        },
    )


@login_required
@require_POST
def account_password(request, user_id: int):
    target = _account(request, user_id)
    try:
        services.reset_password(request.user, target, request.POST.get("password", ""))
    except AdminError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已为「{target.username}」设置临时密码；该用户下次登录时须修改密码")
    return redirect("administration:account_edit", user_id=target.pk)


# ---- every user's own password ----------------------------------------------------------------------------


@login_required
def password_change(request):
    profile = perm.profile_of(request.user)
    forced = bool(profile and profile.must_change_password)
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        services.password_changed(form.user)
        messages.success(request, "密码已修改")
        return redirect("web:home")
    return render(request, "administration/password_change.html", {"form": form, "forced": forced})
