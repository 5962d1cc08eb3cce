"""Observed values (监测数据) and the annual reporting workflow around them.

Observation is read by the assessment engine: only rows with ``status == "approved"`` (``Observation.objects
.approved()``) are reviewed data. Rows entered by departments move draft → submitted → approved with their
task; rows created directly (historical import, fixtures) default to approved.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Department, Region


class ObservationQuerySet(models.QuerySet):
    def approved(self) -> "ObservationQuerySet":
        """Reviewed data only: what assessments may count."""
        return self.filter(status=Observation.Status.APPROVED)

    def visible_to(self, user) -> "ObservationQuerySet":
        """Observations of ``user``'s scope (``accounts.permissions.visible_observations``)."""
        from planwatch.apps.accounts.permissions import visible_observations

        return visible_observations(user, self)


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user) -> "RoundQuerySet":
        from planwatch.apps.accounts.permissions import visible_rounds

        return visible_rounds(user, self)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TaskQuerySet":
        from planwatch.apps.accounts.permissions import visible_tasks

        return visible_tasks(user, self)


class Observation(models.Model):
    class Sex(models.TextChoices):
        TOTAL = "total", "合计"
        FEMALE = "female", "女"
        MALE = "male", "男"

    class AreaType(models.TextChoices):
        TOTAL = "total", "合计"
        URBAN = "urban", "城镇"
        RURAL = "rural", "农村"

    class Status(models.TextChoices):
        DRAFT = "draft", "暂存"
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已审核"

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
    # Added by the reporting workflow (issue 4).
    status = models.CharField(
        "审核状态", max_length=12, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    explanation = models.TextField("波动说明", blank=True)
    task = models.ForeignKey(
        "Task",
        verbose_name="报送任务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    source = models.CharField("来源", max_length=16, blank=True, help_text="form / excel / cli / import")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "监测数据"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "sex", "age_group", "area_type"],
                name="observation_unique_cell",
            )
        ]
        indexes = [
            models.Index(fields=["region", "year"]),
            # the API pages through one year's approved data: the page is found from this index alone
            models.Index(
                fields=["year", "status", "indicator", "region", "sex", "age_group", "area_type", "id"],
                name="observation_year_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.region} {self.year}: {self.value}"


class ObservationHistory(models.Model):
    """One change of one field of one cell. Rows are only ever added."""

    observation = models.ForeignKey(
        Observation, null=True, on_delete=models.SET_NULL, related_name="history", verbose_name="数据"
    )
    # The cell's key is copied so the trace survives even if the observation row goes.
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name="指标")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name="地区")
    year = models.PositiveSmallIntegerField("年份")
    cell = models.CharField("单元格", max_length=40)
    field = models.CharField("字段", max_length=16)
    old = models.CharField("原值", max_length=255, blank=True)
    new = models.CharField("新值", max_length=255, blank=True)
    reason = models.TextField("原因", blank=True)
    source = models.CharField("来源", max_length=16, blank=True)
    task = models.ForeignKey("Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="history")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="修改人"
    )
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    FIELD_LABELS = {"value": "数值", "numerator": "分子", "denominator": "分母", "explanation": "波动说明"}

    class Meta:
        verbose_name = verbose_name_plural = "数据修改记录"
        ordering = ["at", "id"]

    @property
    def cell_label(self) -> str:
        from planwatch.domain.cells import cell_from_key, cell_label

        try:
            return cell_label(cell_from_key(self.cell))
        except ValueError:
            return self.cell

    @property
    def field_label(self) -> str:
        return self.FIELD_LABELS.get(self.field, self.field)


class Assignment(models.Model):
    """Who reports an indicator and how finely (分工): one row per indicator."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="assignment")
    lead = models.ForeignKey(
        Department,
        verbose_name="牵头单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_for",
    )
    partners = models.ManyToManyField(
        Department, verbose_name="配合单位", blank=True, related_name="partner_for"
    )
    by_sex = models.BooleanField("分性别", default=False)
    by_area = models.BooleanField("分城乡", default=False)
    age_groups = models.CharField(
        "分年龄组", max_length=120, blank=True, help_text="以顿号分隔，如 0-5岁、6-17岁"
    )
    with_fraction = models.BooleanField("报送分子分母", default=False)
    data_source = models.CharField("数据来源", max_length=200, blank=True)
    yoy_threshold = models.FloatField(
        "同比波动阈值",
        null=True,
        blank=True,
        help_text="留空用默认值：%、‰ 指标为 5 个百分点 / 3 个千分点，其他指标为上年值的 30%；"
        "填写时 %、‰ 指标按百分点/千分点，其他指标按百分比",
    )

    class Meta:
        verbose_name = verbose_name_plural = "指标分工"

    def __str__(self) -> str:
        return f"{self.indicator.name} → {self.lead or '未指定'}"

    @property
    def yoy(self):
        """The year-on-year threshold that applies: the office's override or the unit family's default."""
        from planwatch.reporting_rules import yoy_limit

        return yoy_limit(self.indicator.unit, self.yoy_threshold)

    def age_group_list(self) -> list[str]:
        return [
            g.strip() for g in self.age_groups.replace(",", "、").replace("，", "、").split("、") if g.strip()
        ]


class Round(models.Model):
    """A reporting round (年度报送): one plan, one region, one year, one deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds", verbose_name="规划")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="rounds", verbose_name="地区")
    year = models.PositiveSmallIntegerField("数据年份")
    deadline = models.DateField("截止日期")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField("开启时间", default=timezone.now)
    closed = models.BooleanField("已关闭", default=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报送轮次"
        ordering = ["-year", "plan"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "region", "year"], name="round_unique_plan_region_year")
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year}年度 {self.plan.title}"

    @property
    def overdue(self) -> bool:
        return timezone.localdate() > self.deadline


class Task(models.Model):
    """One department's (or one sub-region's) share of a round."""

    class Status(models.TextChoices):
        PENDING = "pending", "未填报"
        DRAFT = "draft", "已暂存"
        SUBMITTED = "submitted", "已提交"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"

    EDITABLE = (Status.PENDING, Status.DRAFT, Status.RETURNED)

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tasks", verbose_name="轮次")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks", verbose_name="部门"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="tasks", verbose_name="填报地区"
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)

    objects = TaskQuerySet.as_manager()
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "报送任务"
        ordering = ["round", "region__code", "department__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "department", "region"], name="task_unique_round_unit")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit_name}"

    @property
    def unit_name(self) -> str:
        return self.department.name if self.department_id else f"{self.region.name}（下级地区）"

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def overdue(self) -> bool:
        return self.round.overdue and self.status not in (self.Status.SUBMITTED, self.Status.APPROVED)


class TaskEvent(models.Model):
    """A workflow step of a task: saves, uploads (accepted or rejected), submit, return, approve, reopen."""

    class Kind(models.TextChoices):
        OPENED = "opened", "下发任务"
        SAVED = "saved", "暂存"
        UPLOADED = "uploaded", "上传报表"
        REJECTED = "rejected", "上传被拒"
        SUBMITTED = "submitted", "提交"
        RETURNED = "returned", "退回"
        APPROVED = "approved", "审核通过"
        REOPENED = "reopened", "重新打开"
        REPORT = "report", "上传实施情况报告"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("环节", max_length=12, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("意见/原因", blank=True)
    details = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "任务流转记录"
        ordering = ["at", "id"]


def _report_path(instance: "ImplementationReport", filename: str) -> str:
    return f"reports/{instance.task.round_id}/{instance.task_id}/{filename}"


class ImplementationReport(models.Model):
    """规划实施情况和下一年度工作安排: a department's yearly report file. Every upload is kept."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports", verbose_name="任务")
    title = models.CharField("标题", max_length=200)
    file = models.FileField("文件", upload_to=_report_path)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "实施情况报告"
        ordering = ["-uploaded_at"]
