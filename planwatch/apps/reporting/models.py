"""Observed values (监测数据): what × where × when × disaggregation, DHIS2-style."""

from django.db import models

from planwatch.apps.plans.models import Indicator
from planwatch.apps.regions.models import Region


class Observation(models.Model):
    class Sex(models.TextChoices):
        TOTAL = "total", "合计"
        FEMALE = "female", "女"
        MALE = "male", "男"

    class AreaType(models.TextChoices):
        TOTAL = "total", "合计"
        URBAN = "urban", "城镇"
        RURAL = "rural", "农村"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField("年份")
    sex = models.CharField("性别", max_length=8, choices=Sex.choices, default=Sex.TOTAL)
    age_group = models.CharField("年龄组", max_length=16, blank=True, default="")
    area_type = models.CharField("城乡", max_length=8, choices=AreaType.choices, default=AreaType.TOTAL)
    value = models.FloatField("数值", null=True, blank=True)
    numerator = models.FloatField("分子", null=True, blank=True)
    denominator = models.FloatField("分母", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "监测数据"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "sex", "age_group", "area_type"],
                name="observation_unique_cell",
            )
        ]
        indexes = [models.Index(fields=["region", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.region} {self.year}: {self.value}"
