"""Plans and the indicator system parsed from them (规划 → 领域 → 主要目标/策略措施/专栏 → 指标)."""

from django.db import models

from planwatch.apps.regions.models import Department, Region
from planwatch.domain.targets import KIND_LABELS, TARGET_KINDS
from planwatch.parsing.model import MEASURE_ORIGINS


class PlanQuerySet(models.QuerySet):
    def monitored(self) -> "PlanQuerySet":
        """Plans that are monitored, assessed and may be published: active ones and archived ones (closed, their
        results stay on record). A draft (imported, not yet reviewed) never is."""
        return self.filter(status__in=Plan.MONITORED)

    def open_for_rounds(self) -> "PlanQuerySet":
        """Plans that take new reporting rounds: only active ones."""
        return self.filter(status=Plan.Status.ACTIVE)

    def visible_to(self, user) -> "PlanQuerySet":
        """The plans ``user`` may open (the rule is ``accounts.permissions.visible_plans``)."""
        from planwatch.apps.accounts.permissions import visible_plans

        return visible_plans(user, self)


class Plan(models.Model):
    class Population(models.TextChoices):
        WOMEN = "women", "妇女"
        CHILDREN = "children", "儿童"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿（待审核）"
        ACTIVE = "active", "生效"
        ARCHIVED = "archived", "已归档"

    MONITORED = (Status.ACTIVE, Status.ARCHIVED)

    title = models.CharField("规划名称", max_length=200)
    population = models.CharField("对象", max_length=16, choices=Population.choices)
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="plans")
    period_start = models.PositiveSmallIntegerField("起始年")
    period_end = models.PositiveSmallIntegerField("目标年")
    issuer = models.CharField("发布机关", max_length=128, blank=True)
    issued_date = models.DateField("印发日期", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=64, blank=True)
    index_number = models.CharField("索引号", max_length=64, blank=True)
    source_file = models.CharField("来源文件", max_length=255, blank=True)
    source_sha256 = models.CharField("来源文件摘要", max_length=64, blank=True, db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)

    objects = PlanQuerySet.as_manager()
    parse_warnings = models.JSONField("解析提示", default=list, blank=True)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "规划"
        ordering = ["region", "population", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "population", "period_start", "period_end"],
                name="plan_unique_per_region_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def monitored(self) -> bool:
        return self.status in self.MONITORED


class Area(models.Model):
    """领域, e.g. 妇女与健康."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField("领域", max_length=64)
    order = models.PositiveSmallIntegerField("序号")

    class Meta:
        verbose_name = verbose_name_plural = "领域"
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """A numbered 主要目标 item."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="goals")
    seq = models.PositiveSmallIntegerField("序号")
    text = models.TextField("目标")
    line = models.PositiveIntegerField("行号", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "主要目标"
        ordering = ["area", "seq"]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:40]}"


class Strategy(models.Model):
    """A 策略措施 item."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="strategies")
    seq = models.PositiveSmallIntegerField("序号")
    text = models.TextField("策略措施")
    line = models.PositiveIntegerField("行号", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "策略措施"
        ordering = ["area", "seq"]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:40]}"


class Project(models.Model):
    """A key project (重点工程/项目) from a 专栏 box."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    box = models.CharField("专栏", max_length=128, blank=True)
    seq = models.PositiveSmallIntegerField("序号")
    title = models.CharField("名称", max_length=200)
    text = models.TextField("内容", blank=True)
    line = models.PositiveIntegerField("行号", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "重点工程"
        ordering = ["plan", "seq"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """One monitored indicator with its target, as the plan states it.

    A plan may state two targets for one indicator in two places (table and goal text); each becomes its own
    row with its own source line, so nothing the document says is lost.
    """

    class Direction(models.TextChoices):
        HIGHER = "higher_is_better", "越高越好"
        LOWER = "lower_is_better", "越低越好"
        NEUTRAL = "neutral", "适度"

    class Attribute(models.TextChoices):
        BINDING = "binding", "约束性"
        EXPECTED = "expected", "预期性"
        UNSPECIFIED = "", "未标注"

    # The kinds and their labels are the domain's (planwatch.domain.targets): NUMERIC_MIN = "numeric_min" …
    TargetKind = models.TextChoices("TargetKind", [(k.upper(), (k, KIND_LABELS[k])) for k in TARGET_KINDS])

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    seq = models.PositiveSmallIntegerField("表内序号", null=True, blank=True)
    name = models.CharField("指标名称", max_length=200)
    unit = models.CharField("单位", max_length=32, blank=True)
    direction = models.CharField("方向", max_length=20, choices=Direction.choices, default=Direction.HIGHER)
    attribute = models.CharField("指标属性", max_length=16, choices=Attribute.choices, blank=True, default="")

    class Origin(models.TextChoices):
        TABLE = "table", "专栏指标表"
        GOAL = "goal", "主要目标"
        STRATEGY = "strategy", "策略措施（措施目标）"
        PROJECT = "project", "重点项目（措施目标）"

    origin = models.CharField(
        "来源", max_length=16, choices=Origin.choices, default=Origin.TABLE,
        help_text="指标在规划中的位置；策略措施和重点项目中的目标是措施目标，审核列入前不计入达标率",
    )  # fmt: skip
    promoted = models.BooleanField(
        "列入主要指标", default=False, help_text="措施目标经审核列入主要指标后计入达标率"
    )

    target_text = models.CharField("目标原文", max_length=255)
    target_kind = models.CharField("目标类型", max_length=20, choices=TargetKind.choices)
    target_comparator = models.CharField("比较符", max_length=4, blank=True)
    target_value = models.FloatField("目标值", null=True, blank=True)
    target_year = models.PositiveSmallIntegerField("目标年", null=True, blank=True)
    target_detail = models.JSONField(
        "目标细节", default=dict, blank=True, help_text="比例的两项、相对目标的参照等"
    )
    milestones = models.JSONField("阶段目标", default=list, blank=True)

    baseline_year = models.PositiveSmallIntegerField("基期年", null=True, blank=True)
    baseline_value = models.FloatField("基期值", null=True, blank=True)

    departments = models.ManyToManyField(
        Department, verbose_name="责任单位", blank=True, related_name="indicators"
    )
    departments_text = models.CharField("责任单位原文", max_length=255, blank=True)
    source_line = models.PositiveIntegerField("原文行号", null=True, blank=True)
    source_text = models.TextField("原文", blank=True)
    notes = models.JSONField("解析说明", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "监测指标"
        # table rows in their printed order first, then the goal sentences (no 序号) in document order
        ordering = ["plan", "area__order", models.F("seq").asc(nulls_last=True), "source_line", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.target_text}）"

    @property
    def departments_now(self) -> str:
        """The linked departments under their current names (printed order) when the printed 责任单位 text
        reads otherwise — a department renamed since the plan was issued; '' when the text still fits."""
        from planwatch.apps.regions.departments import current_names, renamed

        linked = list(self.departments.all())
        return (
            "、".join(current_names(self.departments_text, linked))
            if renamed(self.departments_text, linked)
            else ""
        )

    @property
    def is_measure(self) -> bool:
        """A 措施目标 (strategy or project target) not promoted in review: shown and assessed, not in 达标率."""
        return self.origin in MEASURE_ORIGINS and not self.promoted
