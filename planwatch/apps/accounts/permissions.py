"""Who may see and do what. Every view and service asks here; nothing else decides access.

Scope: a user works inside the region of their profile and the regions below it. A department reporter only
reaches tasks of their own department; a sub-region reporter only their own region's sub-region tasks.

Querysets narrowed to a user (``visible_plans``, ``visible_tasks``, ``visible_rounds``, ``visible_observations``;
also as ``Plan.objects.visible_to(user)`` …) and the one fetch-or-refuse of a plan (``plan_or_refuse``) are here,
for the web pages and the API alike.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from planwatch.site.ids import MAX_ID

from .models import Profile, Role

REVIEWERS = (Role.MONITOR,)
READERS = (Role.ADMIN, Role.MONITOR, Role.EVALUATOR, Role.LEADER)
READERS_TEXT = "妇儿工委办、统计局监测组、评估组和领导"
RUNNERS = (Role.ADMIN, Role.MONITOR)  # who runs the assessment


def profile_of(user) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role_of(user) -> str:
    profile = profile_of(user)
    return profile.role if profile else ""


def region_scope(user) -> set[int] | None:
    """Region ids the user may reach; None means every region (superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    profile = profile_of(user)
    if profile is None:
        return set()
    cached = getattr(user, "_planwatch_scope", None)
    if cached is None:
        cached = {profile.region_id, *profile.region.descendant_ids()}
        user._planwatch_scope = cached
    return cached


def in_scope(user, region_id: int) -> bool:
    scope = region_scope(user)
    return scope is None or region_id in scope


def refuse(user, region_id: int | None, reason: str):
    """The one way to say no to an object that exists: outside the user's regions it is 404 (the answer
    never confirms that another region's task, round or plan exists); inside them 403 with the reason."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if region_id is None or not in_scope(user, region_id):
        raise Http404("没有找到该对象（或不在您的地区范围内）")
    raise PermissionDenied(reason)


def has_role(user, *roles: str) -> bool:
    return getattr(user, "is_superuser", False) or role_of(user) in roles


def is_own_task(user, task) -> bool:
    """The reporter (or sub-region reporter) this task belongs to."""
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.REPORTER:
        return task.department_id is not None and task.department_id == profile.department_id
    if profile.role == Role.SUBREGION:
        return task.department_id is None and task.region_id == profile.region_id
    return False


def can_view_task(user, task) -> bool:
    if getattr(user, "is_superuser", False) or is_own_task(user, task):
        return True
    return role_of(user) in READERS and in_scope(user, task.region_id)


def can_edit_task(user, task) -> bool:
    """Enter data for the task. Reviewers do not type departments' data; superusers may for repairs."""
    return getattr(user, "is_superuser", False) or is_own_task(user, task)


def can_review(user, task_or_round) -> bool:
    region_id = task_or_round.region_id
    return has_role(user, *REVIEWERS) and in_scope(user, region_id)


def can_open_round(user, region) -> bool:
    return has_role(user, Role.MONITOR) and in_scope(user, region.pk)


def can_edit_assignments(user, plan) -> bool:
    return has_role(user, Role.ADMIN) and in_scope(user, plan.region_id)


def can_import_history(user, region_id: int) -> bool:
    return has_role(user, Role.ADMIN, Role.MONITOR) and in_scope(user, region_id)


def can_import_sdmx(user) -> bool:
    """Open the SDMX-CSV import (web page and API): the roles of the history import; each row is then checked
    against the user's scope by the import itself (``plan_import_regions``)."""
    return has_role(user, Role.ADMIN, Role.MONITOR)


EXPORTERS = (Role.ADMIN,)  # the office: ``planwatch export --region`` is the server operator's


def can_export_regions(user) -> bool:
    """Open the office's data export page at all (a wrong role gets 403 before any region is looked up)."""
    return has_role(user, *EXPORTERS)


def can_export_region(user, region_id: int) -> bool:
    """Download the Excel copy of everything ``region_id`` and its sub-regions own: the office of that region
    or of a region above it."""
    return has_role(user, *EXPORTERS) and in_scope(user, region_id)


def _regional(user, qs: QuerySet) -> QuerySet:
    """Rows of a model with a ``region``: the reading roles their region and below, reporters their own region."""
    if getattr(user, "is_superuser", False):
        return qs
    profile = profile_of(user)
    if profile is None:
        return qs.none()
    if profile.role in (Role.REPORTER, Role.SUBREGION):
        return qs.filter(region_id=profile.region_id)
    return qs.filter(region_id__in=region_scope(user))


def visible_plans(user, qs: QuerySet | None = None) -> QuerySet:
    """Plans the user may open: the reading roles their region and below, department and sub-region reporters
    only their own region's plans (the ones they report for)."""
    if qs is None:
        from planwatch.apps.plans.models import Plan

        qs = Plan.objects.select_related("region")
    return _regional(user, qs)


def plan_or_refuse(
    user, plan_id: int, *, readers_only: bool = False, denied: str = "", plans: QuerySet | None = None
):
    """The plan ``plan_id`` when ``user`` may open it. PermissionDenied (403) for a role that never may
    (``readers_only``: only the reading roles); Http404 for an unknown id or another region's plan, so that its
    existence is never confirmed. ``plans``: the plans to choose from (e.g. ``Plan.objects.monitored()``)."""
    if readers_only and not has_role(user, *READERS):
        raise PermissionDenied(denied or f"只对{READERS_TEXT}开放")
    if plans is not None:
        plans = plans.select_related("region")
    plan = visible_plans(user, plans).filter(pk=plan_id).first() if 0 < plan_id <= MAX_ID else None
    if plan is None:
        raise Http404(f"没有编号为 {plan_id} 的规划（或不在您的地区范围内）")
    return plan


def can_run_assessment(user, plan) -> bool:
    return has_role(user, *RUNNERS) and in_scope(user, plan.region_id)


def visible_observations(user, qs: QuerySet) -> QuerySet:
    """Observations of the user's scope: their region and below; reporters only their own region."""
    return _regional(user, qs)


def visible_tasks(user, qs: QuerySet) -> QuerySet:
    """Filter a Task queryset to what the user may see."""
    if getattr(user, "is_superuser", False):
        return qs
    profile = profile_of(user)
    if profile is None:
        return qs.none()
    if profile.role == Role.REPORTER:
        return qs.filter(department_id=profile.department_id)
    if profile.role == Role.SUBREGION:
        return qs.filter(department__isnull=True, region_id=profile.region_id)
    return qs.filter(region_id__in=region_scope(user))


def visible_rounds(user, qs: QuerySet) -> QuerySet:
    if getattr(user, "is_superuser", False):
        return qs
    profile = profile_of(user)
    if profile is None:
        return qs.none()
    if profile.role in (Role.REPORTER, Role.SUBREGION):
        mine = (
            Q(tasks__department_id=profile.department_id)
            if profile.role == Role.REPORTER
            else Q(tasks__department__isnull=True, tasks__region_id=profile.region_id)
        )
        return qs.filter(mine).distinct()
    return qs.filter(region_id__in=region_scope(user))


def plan_import_regions(user, plan) -> set[int]:
    """Region ids whose data ``user`` may import against the indicators of ``plan``: the plan's region and
    those below it, and none when the plan lies outside the user's scope or the user may not import.
    ``user=None`` is the operator at the server's command line (no --user): the plan's region tree only,
    so data of one region can never be stored against another region's indicator."""
    from planwatch.apps.regions.models import Region

    tree = {plan.region_id, *Region(pk=plan.region_id).descendant_ids()}
    if user is None:
        return tree
    if not can_import_history(user, plan.region_id):
        return set()
    scope = region_scope(user)
    return tree if scope is None else tree & scope


# 监测评估报告 (planwatch.apps.reports): the reading roles read and download, the office and both groups
# generate, the evaluation group writes the evaluation report's own sections, the office publishes.
REPORT_MAKERS = (Role.ADMIN, Role.MONITOR, Role.EVALUATOR)


def can_read_reports(user, region_id: int) -> bool:
    return has_role(user, *READERS) and in_scope(user, region_id)


def can_generate_reports(user, region_id: int) -> bool:
    return has_role(user, *REPORT_MAKERS) and in_scope(user, region_id)


def can_write_evaluation_drafts(user, region_id: int) -> bool:
    return has_role(user, Role.EVALUATOR) and in_scope(user, region_id)


def can_publish_reports(user, region_id: int) -> bool:
    return has_role(user, Role.ADMIN) and in_scope(user, region_id)


# ---- the committee office's own administration (departments, users, plan review, feedback inbox) ----------
# The office (role admin) administers its own region: its departments, the accounts of its region, and the
# sub-region reporters of the regions below it. Nobody grants more than they hold: no superuser or staff
# flag is ever set from these pages, and a sub-region account can only be a sub-region reporter.

MANAGERS = (Role.ADMIN,)
OWN_REGION_ROLES = (Role.ADMIN, Role.MONITOR, Role.EVALUATOR, Role.REPORTER, Role.LEADER)


def is_manager(user) -> bool:
    """May open the administration pages at all (a wrong role gets 403 before any object is looked up)."""
    return has_role(user, *MANAGERS)


def can_administer(user, region_id: int) -> bool:
    """Manage departments, accounts, plans and feedback of ``region_id`` (the office's own region)."""
    if getattr(user, "is_superuser", False):
        return True
    profile = profile_of(user)
    return profile is not None and profile.role in MANAGERS and profile.region_id == region_id


def administered_region_ids(user) -> set[int] | None:
    """The regions whose departments, plans and feedback the user administers; None means every region."""
    if getattr(user, "is_superuser", False):
        return None
    profile = profile_of(user)
    if profile is None or profile.role not in MANAGERS:
        return set()
    return {profile.region_id}


def assignable_roles(user, region) -> list[str]:
    """Roles ``user`` may give an account in ``region``: every working role in the office's own region, only
    the sub-region reporter below it, nothing elsewhere."""
    if getattr(user, "is_superuser", False):
        return list(Role.values)
    if not is_manager(user) or not in_scope(user, region.pk):
        return []
    if profile_of(user).region_id == region.pk:
        return list(OWN_REGION_ROLES)
    return [Role.SUBREGION]


def can_manage_account(user, target) -> bool:
    """Edit, reset or deactivate ``target``'s account: inside the manager's scope, never a superuser or staff
    account (those are maintained on the server), never the manager's own role."""
    if not is_manager(user) or target.pk == user.pk:
        return False
    if (target.is_superuser or target.is_staff) and not getattr(user, "is_superuser", False):
        return False
    profile = profile_of(target)
    return profile is not None and in_scope(user, profile.region_id)


def visible_accounts(user, qs: QuerySet) -> QuerySet:
    """Filter a User queryset to the accounts the manager sees in the administration pages."""
    if getattr(user, "is_superuser", False):
        return qs
    if not is_manager(user):
        return qs.none()
    return qs.filter(profile__region_id__in=region_scope(user), is_superuser=False, is_staff=False)


def visible_departments(user, qs: QuerySet) -> QuerySet:
    """Filter a Department queryset to the departments the manager administers."""
    regions = administered_region_ids(user)
    return qs if regions is None else qs.filter(region_id__in=regions)


def administered(user, qs: QuerySet, field: str = "region_id") -> QuerySet:
    """Filter any queryset with a region (plans, feedback) to what the manager administers."""
    regions = administered_region_ids(user)
    return qs if regions is None else qs.filter(**{f"{field}__in": regions})
