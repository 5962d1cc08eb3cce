"""Who may see and do what. Every view and service asks here; nothing else decides access.

Scope: a user works inside the region of their profile and the regions below it. A department reporter only
reaches tasks of their own department; a sub-region reporter only their own region's sub-region tasks.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Profile, Role

REVIEWERS = (Role.MONITOR,)
READERS = (Role.ADMIN, Role.MONITOR, Role.EVALUATOR, Role.LEADER)


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
