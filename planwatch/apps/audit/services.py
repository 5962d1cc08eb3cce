"""Recording audit events. ``record`` takes the request from the audit middleware's context when the caller
has none, so services and signal receivers deep below a view still log the address the request came from;
work started at the command line is recorded with the address 「命令行」."""

from __future__ import annotations

import contextvars

from django.db.models import QuerySet

from planwatch.apps.accounts import permissions as perm

from .models import Action, AuditEvent

current_request: contextvars.ContextVar = contextvars.ContextVar("planwatch_audit_request", default=None)
COMMAND_LINE = "命令行"


def record(action: str, *, user=None, region_id: int | None = None, target: str = "", summary: str = "",
           request=None, username: str = "") -> AuditEvent:  # fmt: skip
    from planwatch.apps.accounts.security import client_ip

    request = request if request is not None else current_request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if region_id is None and user is not None:
        profile = perm.profile_of(user)
        region_id = profile.region_id if profile else None
    return AuditEvent.objects.create(
        action=action,
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        region_id=region_id,
        target=str(target)[:200],
        summary=summary[:2000],
        ip=client_ip(request) if request is not None else COMMAND_LINE,
        path=request.path[:300] if request is not None else "",
    )


def can_read_audit(user) -> bool:
    return perm.has_role(user, perm.Role.ADMIN)


def visible_events(user) -> QuerySet[AuditEvent]:
    """The office reads its region and those below; a superuser everything (also events without a region)."""
    qs = AuditEvent.objects.select_related("region", "user")
    if not can_read_audit(user):
        return qs.none()
    scope = perm.region_scope(user)
    return qs if scope is None else qs.filter(region_id__in=scope)


__all__ = ["Action", "AuditEvent", "can_read_audit", "current_request", "record", "visible_events"]
