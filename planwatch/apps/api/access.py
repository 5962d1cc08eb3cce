"""Fetch-or-refuse for the API: the rules of the web pages, from one place (planwatch.apps.accounts.permissions).

- plans: ``perm.visible_plans`` — reading roles see their region and below, department and sub-region reporters
  only their own region's plans;
- evaluation and alignment: the reading roles only (妇儿工委办, 统计局监测组, 评估组, 领导); reporters get 403;
- another region's plan is answered with 404, so the API never confirms that it exists;
- observations: approved data of the caller's scope (reporters: their own region).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from ninja.errors import HttpError

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Plan
from planwatch.apps.reporting.models import Observation

can_run_assessment = perm.can_run_assessment


def plans_of(user) -> QuerySet[Plan]:
    return Plan.objects.select_related("region").visible_to(user)


def plan_for(user, plan_id: int, *, readers_only: bool = False) -> Plan:
    """The plan when the user may read it; 403 for roles that never may, 404 for unknown or out-of-scope ids."""
    try:
        return perm.plan_or_refuse(
            user, plan_id, readers_only=readers_only, denied=f"该接口只对{perm.READERS_TEXT}开放"
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


def approved_observations(user) -> QuerySet[Observation]:
    """Reviewed observations the user may read: their region and below; reporters only their own region."""
    return Observation.objects.approved().visible_to(user)
