"""监测评估报告: generation jobs (every request is kept with its outcome), the evaluation group's draft
sections (every save is a row, so the history is the table itself) and the reports the committee office
has published."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from planwatch.apps.plans.models import Indicator, Plan, Strategy
from planwatch.apps.regions.models import Region


class Kind(models.TextChoices):
    ANNUAL = "annual", "年度统计监测报告"
    TABLES = "tables", "数据报表"
    EVALUATION = "evaluation", "评估报告"
    COMPARISON = "comparison", "比较报告"


class Format(models.TextChoices):
    DOCX = "docx", "Word（.docx）"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel（.xlsx）"


class ReportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队"
        RUNNING = "running", "生成中"
        DONE = "done", "完成"
        FAILED = "failed", "失败"

    kind = models.CharField("报告类型", max_length=16, choices=Kind.choices)
    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="report_jobs")
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="report_jobs"
    )
    year = models.PositiveSmallIntegerField("年份")
    format = models.CharField("格式", max_length=8, choices=Format.choices)
    options = models.JSONField("选项", default=dict, blank=True)  # comparison: level, indicator_ids
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    message = models.CharField("当前步骤", max_length=200, blank=True)
    error = models.TextField("失败原因", blank=True)
    detail = models.TextField("技术细节", blank=True)  # the traceback, for the system administrator
    file = models.CharField("文件", max_length=255, blank=True)  # relative to PLANWATCH_DATA_DIR
    filename = models.CharField("文件名", max_length=200, blank=True)
    size = models.PositiveIntegerField("文件大小（字节）", default=0)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0)
    sample = models.BooleanField("含示例数据", default=False,
                                 help_text="报告所用数据含程序生成的示例数据（演示用，非官方统计）")  # fmt: skip
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True,
                                     on_delete=models.SET_NULL, related_name="report_jobs")  # fmt: skip
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告生成任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan", "region", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def title(self) -> str:
        if self.kind == Kind.EVALUATION:
            stage = "终期" if self.year >= self.plan.period_end else "中期"
            return f"{self.year}年{stage}评估报告"
        return f"{self.year}年{self.get_kind_display()}"

    @property
    def level_label(self) -> str:
        """The level a comparison report compares (县级, 乡镇级…)."""
        return Region.Level(self.options["level"]).label if self.options.get("level") else ""

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class EvaluationDraft(models.Model):
    """One save of one section (问题 / 建议 / 经验) of an evaluation report; the latest save is the draft."""

    class Section(models.TextChoices):
        PROBLEMS = "problems", "突出问题"
        RECOMMENDATIONS = "recommendations", "对策建议"
        EXPERIENCE = "experience", "有益经验"

    plan = models.ForeignKey(
        Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="report_drafts"
    )
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="report_drafts"
    )
    year = models.PositiveSmallIntegerField("评估年份")
    section = models.CharField("部分", max_length=20, choices=Section.choices)
    text = models.TextField("内容", blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="保存人", null=True,
                                 on_delete=models.SET_NULL, related_name="report_drafts")  # fmt: skip
    saved_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评估报告草稿"
        ordering = ["-saved_at", "-id"]
        indexes = [models.Index(fields=["plan", "region", "year", "section", "-saved_at"])]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_section_display()}（{self.saved_at:%Y-%m-%d %H:%M}）"


class QualitativeJudgement(models.Model):
    """One save of the evaluation group's judgement, in a region and year, with its evidence, of either a
    qualitative target or 措施目标 (``indicator``) or one of the plan's own 策略措施 texts (``strategy``);
    the newest row per (subject, region, year) is the current judgement, the older ones are its history."""

    class Judgement(models.TextChoices):
        ACHIEVED = "achieved", "已实现"
        MOSTLY = "mostly", "基本实现"
        PARTLY = "partly", "部分实现"
        NOT_ACHIEVED = "not_achieved", "未实现"
        UNKNOWN = "unknown", "无法判断"

    indicator = models.ForeignKey(Indicator, verbose_name="指标", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="judgements")  # fmt: skip
    strategy = models.ForeignKey(Strategy, verbose_name="策略措施", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="judgements")  # fmt: skip
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="judgements"
    )
    year = models.PositiveSmallIntegerField("评价年份")
    judgement = models.CharField("评价", max_length=16, choices=Judgement.choices)
    evidence = models.TextField("依据", max_length=4000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评价人", null=True,
                               on_delete=models.SET_NULL, related_name="judgements")  # fmt: skip
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "定性目标和策略措施评价"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["indicator", "region", "year", "-created_at"]),
            models.Index(fields=["strategy", "region", "year", "-created_at"], name="judgement_strategy"),
        ]
        constraints = [
            # a judgement is of exactly one thing: an indicator's target or a 策略措施
            models.CheckConstraint(
                condition=models.Q(indicator__isnull=False, strategy__isnull=True)
                | models.Q(indicator__isnull=True, strategy__isnull=False),
                name="judgement_of_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.subject_name}：{self.get_judgement_display()}"

    @property
    def subject_name(self) -> str:
        """What was judged, as the history lists it: the indicator's name or the strategy's opening words."""
        if self.indicator_id:
            return self.indicator.name
        text = self.strategy.text
        return f"策略措施{self.strategy.seq}：{text[:30]}{'…' if len(text) > 30 else ''}"


class PublicationQuerySet(models.QuerySet):
    def published(self) -> PublicationQuerySet:
        """What the public may see: publications in force (never withdrawn ones, never unpublished jobs)."""
        return self.filter(withdrawn_at__isnull=True)


class Publication(models.Model):
    """A generated report the committee office (妇儿工委办) has released for a year. The file is copied out of
    the job, so regenerating or pruning jobs never changes what was published."""

    job = models.ForeignKey(ReportJob, verbose_name="来源任务", null=True, on_delete=models.SET_NULL,
                            related_name="publications")  # fmt: skip
    kind = models.CharField("报告类型", max_length=16, choices=Kind.choices)
    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="publications")
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="publications"
    )
    year = models.PositiveSmallIntegerField("年份")
    format = models.CharField("格式", max_length=8, choices=Format.choices)
    title = models.CharField("标题", max_length=200)
    file = models.CharField("文件", max_length=255)  # relative to PLANWATCH_DATA_DIR
    filename = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("文件大小（字节）", default=0)
    sample = models.BooleanField("含示例数据", default=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤回人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    withdrawn_reason = models.CharField("撤回说明", max_length=200, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "已发布报告"
        ordering = ["-year", "-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.region.name}{self.title}（{'已撤回' if self.withdrawn_at else '已发布'}）"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None
