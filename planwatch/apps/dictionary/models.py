"""The indicator dictionary in the database and the links of plan indicators to its entries.

``DictionaryEntry`` rows are synced from the curated YAML (data/dictionary/); people may add entries in the
review screen (source "user", codes U-W-001 …). ``IndicatorLink`` ties one plan indicator to one entry.
``ConfirmedLink`` remembers what a person decided, keyed by plan region + population + period and the
indicator's name and unit, so that a re-imported plan (new indicator rows) gets the same links back.
"""

from django.conf import settings
from django.db import models

from planwatch.apps.plans.models import Indicator
from planwatch.apps.regions.models import Region


class DictionaryEntry(models.Model):
    class Source(models.TextChoices):
        YAML = "yaml", "字典文件"
        USER = "user", "审核时新建"

    class Population(models.TextChoices):
        WOMEN = "women", "妇女"
        CHILDREN = "children", "儿童"

    code = models.CharField("编码", max_length=16, unique=True)
    name = models.CharField("标准名称", max_length=200)
    synonyms = models.JSONField("同义名称", default=list, blank=True)
    definition = models.TextField("定义", blank=True)
    unit = models.CharField("单位", max_length=16, blank=True)
    unit_family = models.CharField("单位类别", max_length=16, blank=True)
    direction = models.CharField("方向", max_length=20, choices=Indicator.Direction.choices)
    disaggregations = models.JSONField("分组", default=list, blank=True)
    departments = models.JSONField("责任部门类型", default=list, blank=True)
    population = models.CharField("人群", max_length=16, choices=Population.choices)
    area = models.CharField("领域", max_length=64)
    source = models.CharField("来源", max_length=8, choices=Source.choices, default=Source.YAML)
    retired = models.BooleanField(
        "已停用", default=False, help_text="字典文件中已删除或标为停用；保留以免已有关联失效"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标字典条目"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorLink(models.Model):
    class Method(models.TextChoices):
        AUTO = "auto", "自动匹配"
        CONFIRMED = "confirmed", "人工确认"
        MANUAL = "manual", "人工指定"

    indicator = models.OneToOneField(
        Indicator, verbose_name="规划指标", on_delete=models.CASCADE, related_name="dictionary_link"
    )
    entry = models.ForeignKey(
        DictionaryEntry,
        verbose_name="字典条目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="links",
    )
    confidence = models.FloatField("置信度", default=0.0)
    method = models.CharField("方式", max_length=16, choices=Method.choices, default=Method.AUTO)
    accepted = models.BooleanField("已接受", default=False, help_text="自动匹配达到阈值，或经人工确认/指定")
    reason = models.CharField("依据", max_length=255, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.SET_NULL
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标关联"
        ordering = ["indicator__plan", "indicator__area__order", "indicator__seq", "indicator_id"]

    def __str__(self) -> str:
        return f"{self.indicator.name} → {self.entry.code if self.entry else '未关联'}"

    @property
    def needs_review(self) -> bool:
        return not self.accepted


class ConfirmedLink(models.Model):
    """A person's decision, kept across re-imports of the same plan (which recreate indicator rows)."""

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.CASCADE)
    population = models.CharField("人群", max_length=16)
    period_start = models.PositiveSmallIntegerField("起始年")
    period_end = models.PositiveSmallIntegerField("目标年")
    indicator_name = models.CharField("指标名称", max_length=200)
    unit = models.CharField("单位", max_length=32, blank=True)
    entry = models.ForeignKey(DictionaryEntry, verbose_name="字典条目", on_delete=models.PROTECT)
    method = models.CharField("方式", max_length=16, choices=IndicatorLink.Method.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.SET_NULL
    )
    confirmed_at = models.DateTimeField("确认时间")

    class Meta:
        verbose_name = verbose_name_plural = "已确认的关联"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "population", "period_start", "period_end", "indicator_name", "unit"],
                name="confirmed_link_unique_per_plan_indicator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.indicator_name} → {self.entry.code}"
