"""The dashboard reads the stored assessment (evaluation), the plans and the reporting rounds of one region.
Its one table is the data version (freshness.py): a counter every change of those data moves, so that a
dashboard rendered and cached before the change is never served after it — in every server process."""

from django.db import models


class DataVersion(models.Model):
    """One row: the version of everything the dashboards show."""

    version = models.BigIntegerField("数据版本", default=0)
    changed_at = models.DateTimeField("最近修改", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "看板数据版本"

    def __str__(self) -> str:
        return f"v{self.version}"
