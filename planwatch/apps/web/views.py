"""Home (a dashboard by role) and the plan pages."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.accounts.models import Role
from planwatch.apps.dashboard import views as dashboard_views
from planwatch.apps.plans.models import Plan
from planwatch.apps.reporting import services
from planwatch.apps.reporting.models import Round, Task


@login_required
def home(request):
    """The reading roles land on their region's dashboard; reporters on their tasks."""
    user = request.user
    if dashboard_views.may_see_dashboard(user):
        return dashboard_views.dashboard(request)
    plans = (
        Plan.objects.select_related("region")
        .visible_to(user)
        .annotate(n_indicators=Count("indicators"))
        .order_by("region__code", "population")
    )
    tasks = perm.visible_tasks(
        user, Task.objects.select_related("round", "round__plan", "department", "region")
    )
    rounds = perm.visible_rounds(user, Round.objects.select_related("plan", "region"))[:20]
    is_reporter = perm.role_of(user) in (Role.REPORTER, Role.SUBREGION)
    profile = perm.profile_of(user)
    context = {
        "partner_rows": services.partner_rows(profile.department)
        if is_reporter and profile.department_id
        else [],
        "plans": plans,
        "is_reporter": is_reporter,
        "my_tasks": tasks.order_by("round__deadline")[:50] if is_reporter else [],
        "rounds": rounds,
        "profile": perm.profile_of(user),
    }
    return render(request, "web/home.html", context)


@login_required
def plan_detail(request, plan_id: int):
    plan = perm.plan_or_refuse(request.user, plan_id)
    areas = plan.areas.prefetch_related("goals", "indicators__departments__former_names").all()
    return render(
        request,
        "web/plan_detail.html",
        {
            "plan": plan,
            "areas": areas,
            "can_assign": perm.can_edit_assignments(request.user, plan),
            "can_see_dictionary": perm.has_role(request.user, *perm.READERS),
        },
    )
