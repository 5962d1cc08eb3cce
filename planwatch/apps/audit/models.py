"""The audit log: who did what, when, from where. Rows are only ever added (never edited or deleted by the
application); the committee office of a region reads those of its region and the regions below it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from planwatch.apps.regions.models import Region


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "登录锁定"
    LOGOUT = "logout", "退出"
    DATA = "data", "数据修改"
    SUBMIT = "submit", "提交"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "退回"
    REOPEN = "reopen", "重新打开"
    DOWNLOAD = "download", "导出/下载"
    PUBLISH = "publish", "发布"
    WITHDRAW = "withdraw", "撤回发布"
    TOKEN = "token", "接口令牌"
    PURGE = "purge", "清理过期文件"


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("用户名", max_length=150, blank=True)  # kept when the user is deleted
    action = models.CharField("操作", max_length=16, choices=Action.choices, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name="地区", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target = models.CharField("对象", max_length=200, blank=True)
    summary = models.TextField("说明", blank=True)
    ip = models.CharField("来源地址", max_length=45, blank=True)
    path = models.CharField("页面/接口", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["region", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '系统'} {self.get_action_display()} {self.target}"
