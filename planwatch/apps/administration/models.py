"""The audit log of the administration pages: one row per change, with the values before and after."""

from django.conf import settings
from django.db import models

from planwatch.apps.regions.models import Region


class AdminEvent(models.Model):
    class Action(models.TextChoices):
        DEPARTMENT_CREATED = "department_created", "新增部门"
        DEPARTMENT_CHANGED = "department_changed", "修改部门"
        DEPARTMENT_DEACTIVATED = "department_deactivated", "停用部门"
        DEPARTMENT_ACTIVATED = "department_activated", "启用部门"
        ACCOUNT_CREATED = "account_created", "新建账号"
        ACCOUNT_CHANGED = "account_changed", "修改账号"
        PASSWORD_RESET = "password_reset", "重置密码"
        PASSWORD_CHANGED = "password_changed", "本人修改密码"

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    action = models.CharField("操作", max_length=32, choices=Action.choices)
    subject = models.CharField("对象", max_length=200)
    detail = models.TextField("变更内容", blank=True)  # "名称：区卫健委 → 区卫生健康委"
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台操作记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.subject}"
