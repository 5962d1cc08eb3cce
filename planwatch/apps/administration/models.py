"""The audit log of the administration pages (one row per change, with the values before and after) and the
office's 数据导出 jobs."""

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


class ExportJob(models.Model):
    """One 数据导出 requested on /manage/export/: the Excel copy of a region, written by the background worker
    (a province takes a minute or more) under PLANWATCH_DATA_DIR/exports/."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队"
        RUNNING = "running", "生成中"
        DONE = "done", "完成"
        FAILED = "failed", "失败"

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.QUEUED)
    message = models.CharField("当前步骤", max_length=200, blank=True)
    error = models.TextField("失败原因", blank=True)
    file = models.CharField("文件", max_length=255, blank=True)  # relative to PLANWATCH_DATA_DIR
    filename = models.CharField("文件名", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("文件大小（字节）", default=0)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "数据导出"
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    def __str__(self) -> str:
        return f"{self.region} 数据导出（{self.get_state_display()}）"
