"""Fetch-or-refuse helpers: every view gets its objects through these, so the permission rules in
planwatch.apps.accounts.permissions are applied the same way everywhere (``perm.refuse``: 404 for another
region's object, 403 with the reason inside the user's regions)."""

from django.shortcuts import get_object_or_404

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.reporting.models import Round, Task


def task_for(user, task_id: int, *, edit: bool = False, review: bool = False) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("round", "round__plan", "department", "region"), pk=task_id
    )
    if not perm.can_view_task(user, task):
        perm.refuse(user, task.region_id, "无权查看该任务")
    if edit and not perm.can_edit_task(user, task):
        perm.refuse(user, task.region_id, "只有本部门填报员可以填报该任务")
    if review and not perm.can_review(user, task):
        perm.refuse(user, task.region_id, "只有本级统计局监测组可以审核")
    return task


def round_for(user, round_id: int) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("plan", "region"), pk=round_id)
    if not perm.visible_rounds(user, Round.objects.filter(pk=round_.pk)).exists():
        perm.refuse(user, round_.region_id, "无权查看该轮次")
    return round_
