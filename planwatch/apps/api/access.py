"""Fetch-or-refuse for the API, with the same rules as the web pages (planwatch.apps.accounts.permissions):

- plans: the plan pages' rule (``web.views.visible_plans``): reading roles see their region and below,
  department and sub-region reporters only their own region's plans;
- evaluation and alignment: the reading roles only (妇儿工委办, 统计局监测组, 评估组, 领导); reporters get 403;
- another region's plan is answered with 404, so the API never confirms that it exists;
- observations: approved data of the caller's scope (reporters: their own region).
"""

from __future__ import annotations

from django.db.models import QuerySet
from ninja.errors import HttpError

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.accounts.models import Role
from planwatch.apps.plans.models import Plan
from planwatch.apps.reporting.models import Observation
from planwatch.apps.web.views import visible_plans

from .params import MAX_ID

RUNNERS = (Role.ADMIN, Role.MONITOR)
READERS_TEXT = "妇儿工委办、统计局监测组、评估组和领导"


def plans_of(user) -> QuerySet[Plan]:
    return visible_plans(user)


def plan_for(user, plan_id: int, *, readers_only: bool = False) -> Plan:
    """The plan when the user may read it; 403 for roles that never may, 404 for unknown or out-of-scope ids."""
    if readers_only and not perm.has_role(user, *perm.READERS):
        raise HttpError(403, f"该接口只对{READERS_TEXT}开放")
    plan = plans_of(user).filter(pk=plan_id).first() if 0 < plan_id <= MAX_ID else None
    if plan is None:
        raise HttpError(404, f"没有编号为 {plan_id} 的规划（或不在您的地区范围内）")
    return plan


def can_run_assessment(user, plan: Plan) -> bool:
    return perm.has_role(user, *RUNNERS) and perm.in_scope(user, plan.region_id)


def approved_observations(user) -> QuerySet[Observation]:
    """Reviewed observations the user may read: their region and below; reporters only their own region."""
    qs = Observation.objects.approved()
    if getattr(user, "is_superuser", False):
        return qs
    profile = perm.profile_of(user)
    if profile is None:
        return qs.none()
    if profile.role in (Role.REPORTER, Role.SUBREGION):
        return qs.filter(region_id=profile.region_id)
    return qs.filter(region_id__in=perm.region_scope(user))
