"""Feedback from the public (公众反馈) and the committee office's answer."""

from django.conf import settings
from django.db import models

from planwatch.apps.regions.models import Region


class Feedback(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        ANSWERED = "answered", "已答复"
        CLOSED = "closed", "已关闭"

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="feedback")
    name = models.CharField("称呼", max_length=30, blank=True)
    contact = models.CharField("联系方式", max_length=60, blank=True)
    message = models.TextField("反馈内容")
    # The sender's address is kept only as a keyed digest: enough to count submissions per hour, never shown.
    sender_digest = models.CharField("来源摘要", max_length=64, db_index=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    public = models.BooleanField(
        "公开答复", default=False, help_text="在信息发布页面公开问题和答复（不含称呼和联系方式）"
    )

    class Meta:
        verbose_name = verbose_name_plural = "公众反馈"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.region.name}：{self.message[:20]}"
