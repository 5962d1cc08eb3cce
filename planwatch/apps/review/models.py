"""The uploaded document (its text lines, which every indicator's line number points into) and the log of
corrections made in review."""

from django.conf import settings
from django.db import models

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region


class PlanDocument(models.Model):
    """One uploaded file. ``lines`` are the lines the parser numbered (for a .docx or .pdf: the lines its text
    yields), so ``Indicator.source_line`` n is ``lines[n - 1]``."""

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64, db_index=True)
    size = models.PositiveIntegerField("文件大小（字节）", default=0)
    lines = models.JSONField("原文各行", default=list)
    plans = models.ManyToManyField(Plan, verbose_name="规划", related_name="documents", blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "规划文件"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class Correction(models.Model):
    """One changed field of an indicator (or the plan's status), with the value before and after."""

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="corrections")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="corrections")  # fmt: skip
    field = models.CharField("字段", max_length=32)
    label = models.CharField("修改项", max_length=32)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                             on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "规划审核修改记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.label}：{self.old} → {self.new}"
