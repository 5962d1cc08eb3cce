"""Stored assessment results (监测评估结果). Every run is kept, so earlier judgements stay on record."""

from django.conf import settings
from django.db import models

from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.domain import statuses


class AssessmentRun(models.Model):
    created_at = models.DateTimeField("评估时间", auto_now_add=True)
    plan = models.ForeignKey(Plan, verbose_name="规划", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="assessment_runs")  # fmt: skip
    region = models.ForeignKey(Region, verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="assessment_runs")  # fmt: skip
    year = models.PositiveSmallIntegerField("评估年份", null=True, blank=True)
    rows = models.PositiveIntegerField("结果行数", default=0)
    summary = models.JSONField("状态汇总", default=dict, blank=True)
    # the latest year data were due for when the run was made: an incremental re-assessment of a few
    # indicators must judge 缺报 and trends against the same year as the whole run did
    current_year = models.PositiveSmallIntegerField("数据截至年份", null=True, blank=True)
    revised_at = models.DateTimeField("最近更新", null=True, blank=True,
                                      help_text="审核通过后按新数据重新评估受影响指标的时间")  # fmt: skip

    class Meta:
        verbose_name = verbose_name_plural = "评估批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"评估 {self.created_at:%Y-%m-%d %H:%M}（{self.rows} 行）"


class AssessmentResult(models.Model):
    # the domain's status codes are stored; the Chinese label is for display (get_status_display)
    Status = models.TextChoices("Status", [(s.code.upper(), (s.code, s.label)) for s in statuses.JUDGED])

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assessments")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField("年份")
    sex = models.CharField("性别", max_length=8, default="total")
    age_group = models.CharField("年龄组", max_length=16, blank=True, default="")
    area_type = models.CharField("城乡", max_length=8, default="total")
    value = models.FloatField("数值", null=True, blank=True)
    source = models.CharField("来源", max_length=8, help_text="reported 报送 / rollup 汇总 / missing 缺报")
    complete = models.BooleanField("下级报送完整", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    reason = models.CharField("不可评估原因", max_length=255, blank=True)
    target = models.CharField("目标", max_length=128, blank=True)
    progress = models.FloatField("目标完成进度(%)", null=True, blank=True)
    change = models.FloatField("比上年变化", null=True, blank=True)
    change_pct = models.FloatField("比上年变化(%)", null=True, blank=True)
    cagr = models.FloatField("年均增长率", null=True, blank=True)
    progress_measure = models.CharField("进展评价", max_length=16, blank=True)
    anticipated = models.CharField("预期", max_length=8, blank=True)
    projected_value = models.FloatField("预测值", null=True, blank=True)
    projection_year = models.PositiveSmallIntegerField("预测年份", null=True, blank=True)
    projected_final = models.FloatField("目标年预测值", null=True, blank=True)
    projections = models.JSONField("各目标年预测值", default=dict, blank=True,
                                   help_text="{年份: 预测值}：每个尚未到期的阶段目标年和目标年")  # fmt: skip
    milestone_year = models.PositiveSmallIntegerField("阶段目标年份", null=True, blank=True)
    milestone_target = models.CharField("阶段目标", max_length=128, blank=True)
    milestone_status = models.CharField("阶段目标状态", max_length=16, choices=Status.choices, blank=True,
                                        help_text="本年（或最近已过的）阶段目标的评估状态；无阶段目标为空")  # fmt: skip
    at_risk_year = models.PositiveSmallIntegerField("预计难以实现的目标年份", null=True, blank=True)
    warnings = models.JSONField("预警", default=list, blank=True)
    explanation = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评估结果"
        ordering = ["run", "indicator", "region", "year"]
        indexes = [
            models.Index(fields=["indicator", "region", "year"]),
            models.Index(fields=["status"]),
            # the dashboard reads one run's region and year, the indicator page one run's indicator
            models.Index(fields=["run", "region", "year"], name="result_run_region_year"),
            models.Index(fields=["run", "indicator", "region"], name="result_run_indicator"),
            # the API pages through one run's year: the page is found from this index alone
            models.Index(
                fields=["run", "year", "indicator", "region", "sex", "area_type", "age_group", "id"],
                name="result_run_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.region} {self.year}：{self.status}"


class Reassessment(models.Model):
    """One incremental re-assessment of a stored run: after a task's data were approved (or reopened) the
    affected indicators were assessed again and their rows in the run replaced. Kept as the run's record of
    what changed, when and why; the run's earlier full assessments stay as runs of their own."""

    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="reassessments")
    at = models.DateTimeField("时间", auto_now_add=True)
    task = models.ForeignKey("reporting.Task", verbose_name="报送任务", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    cause = models.CharField("原因", max_length=64, blank=True)
    indicators = models.JSONField("重新评估的指标", default=list)
    rows = models.PositiveIntegerField("替换的结果行数", default=0)
    before = models.JSONField("原状态汇总", default=dict, blank=True)
    after = models.JSONField("新状态汇总", default=dict, blank=True)
    seconds = models.FloatField("用时（秒）", default=0.0)

    class Meta:
        verbose_name = verbose_name_plural = "增量评估记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.run} · {self.cause} · {len(self.indicators)} 项指标"


class ImportReassessment(models.Model):
    """The re-assessment a historical (or SDMX) import asked for: run in the background (Django's tasks,
    ``planwatch worker``), its state shown on the page that imported, retried when it failed."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队"
        RUNNING = "running", "评估中"
        DONE = "done", "完成"
        FAILED = "failed", "失败"

    filename = models.CharField("导入文件", max_length=200)
    source = models.CharField("来源", max_length=16, blank=True)
    region = models.ForeignKey(Region, verbose_name="导入人所在地区", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    indicators = models.JSONField("导入数据的指标", default=list)
    regions = models.JSONField("导入数据的地区", default=list)
    year = models.PositiveSmallIntegerField("导入数据的最近年份", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.QUEUED)
    message = models.CharField("进展", max_length=200, blank=True)
    error = models.TextField("失败原因", blank=True)
    plans = models.JSONField("已重新评估的规划", default=list, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入后重新评估"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename}：{self.get_state_display()}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
