"""What is recorded without the views knowing: logins (success, failure, lock-out), logouts, every workflow
step of a task (saves and uploads of data, submit, approve, return, reopen) and publication of reports."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from planwatch.apps.reporting.models import TaskEvent
from planwatch.apps.reports.models import Publication

from .models import Action
from .services import record

TASK_ACTIONS = {
    TaskEvent.Kind.SAVED: Action.DATA,
    TaskEvent.Kind.UPLOADED: Action.DATA,
    TaskEvent.Kind.REJECTED: Action.DATA,
    TaskEvent.Kind.REPORT: Action.DATA,
    TaskEvent.Kind.SUBMITTED: Action.SUBMIT,
    TaskEvent.Kind.APPROVED: Action.APPROVE,
    TaskEvent.Kind.RETURNED: Action.RETURN,
    TaskEvent.Kind.REOPENED: Action.REOPEN,
}


@receiver(user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs):
    record(Action.LOGIN, user=user, request=request if getattr(request, "META", None) else None)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.LOGOUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    """Failed logins count against the region of the account tried, so its office sees the guessing."""
    name = str(credentials.get("username") or "")[:150]
    account = get_user_model().objects.filter(username=name).select_related("profile").first()
    region_id = getattr(getattr(account, "profile", None), "region_id", None) if account else None
    locked = bool(getattr(request, "axes_locked_out", False))
    record(
        Action.LOCKED_OUT if locked else Action.LOGIN_FAILED,
        username=name, region_id=region_id, request=request,
        target=name, summary="连续登录失败次数过多，已暂时锁定" if locked else "用户名或密码错误",
    )  # fmt: skip


@receiver(post_save, sender=TaskEvent, dispatch_uid="audit-task-event")
def _task_event(sender, instance: TaskEvent, created: bool, **kwargs):
    action = TASK_ACTIONS.get(instance.kind)
    if not created or action is None:
        return
    task = instance.task
    summary = instance.get_kind_display() + (f"：{instance.comment}" if instance.comment else "")
    record(action, user=instance.user, region_id=task.region_id, target=f"任务 #{task.pk} {task}",
           summary=summary)  # fmt: skip


@receiver(post_save, sender=Publication, dispatch_uid="audit-publication")
def _publication(sender, instance: Publication, created: bool, update_fields=None, **kwargs):
    target = f"报告 #{instance.pk} {instance.title}"
    if created:
        record(Action.PUBLISH, user=instance.published_by, region_id=instance.region_id, target=target,
               summary=f"发布 {instance.year} 年 {instance.filename}")  # fmt: skip
    elif update_fields and "withdrawn_at" in update_fields and instance.withdrawn_at:
        record(Action.WITHDRAW, user=instance.withdrawn_by, region_id=instance.region_id, target=target,
               summary=f"撤回：{instance.withdrawn_reason}")  # fmt: skip
