"""What a report is made of: plain data, filled from the plan structure, the assessment results and the
observations (by ``planwatch.reports.inputs`` in batch mode, ``planwatch.apps.reports.collect`` from the
database). The renderers (docx, xlsx) read only these classes, so a report can be built without Django."""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.domain.statuses import NO_DATA

HEADLINE = ("total", "total", "")  # sex, area_type, age_group of the headline cell
SEX_LABELS = {"total": "", "female": "女性", "male": "男性"}
AREA_TYPE_LABELS = {"total": "", "urban": "城镇", "rural": "农村"}
ATTRIBUTE_LABELS = {"binding": "约束性", "expected": "预期性", "": "未标注"}
STAGE_LABELS = {"midterm": "中期", "final": "终期"}
POPULATION_LABELS = {"women": "妇女", "children": "儿童"}
# printed on the title page, in every page header and footer, and in every sheet of a report whose figures
# include generated sample data (reporting.sample: Observation.source == "sample"), so that no copy of it can be
# taken for official statistics
SAMPLE_NOTICE = "示例数据（演示用，非官方统计）"
LEVEL_LABELS = {"nation": "省份", "province": "省", "city": "市", "county": "区县", "town": "乡镇（街道）"}


@dataclass(kw_only=True)
class Milestone:
    year: int
    label: str  # ≤10/10万
    value: float | None = None  # the level drawn on a chart (None: no numeric level)


@dataclass(kw_only=True)
class CellSeries:
    """One disaggregation cell of an indicator over the years (values and the status of each year)."""

    sex: str = "total"
    area_type: str = "total"
    age_group: str = ""
    values: dict[int, float | None] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # codes of the report year (gap_widening lives here)

    @property
    def is_headline(self) -> bool:
        return (self.sex, self.area_type, self.age_group) == HEADLINE

    @property
    def label(self) -> str:
        parts = [SEX_LABELS.get(self.sex, self.sex), AREA_TYPE_LABELS.get(self.area_type, self.area_type),
                 self.age_group]  # fmt: skip
        return "·".join(p for p in parts if p) or "合计"


@dataclass(kw_only=True)
class IndicatorResult:
    """One plan indicator in the report year: its target, the headline result and every cell's series."""

    key: str
    name: str
    area: str = ""
    unit: str = ""
    attribute: str = ""  # binding / expected / ""
    direction: str = "higher_is_better"
    kind: str = "qualitative"
    target: str = ""  # short label: ≥95%, ≤8/10万, 逐年提高
    target_text: str = ""  # as printed in the plan
    target_value: float | None = None
    comparator: str | None = None
    target_year: int | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    departments: list[str] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    # headline result of the report year
    status: str = NO_DATA.code
    reason: str = ""
    value: float | None = None
    source: str = ""  # reported / rollup / missing / baseline
    prev_year: int | None = None
    change: float | None = None
    change_pct: float | None = None
    base_year: int | None = None
    base_value: float | None = None
    progress: float | None = None  # % of the way from base to target
    milestone_year: int | None = None
    milestone_target: str = ""
    milestone_status: str = ""
    projected_final: float | None = None
    projection_method: str = ""
    anticipated: str = ""
    projections: dict[int, float] = field(default_factory=dict)  # every milestone/final year ahead
    warnings: list[str] = field(default_factory=list)  # codes, see assessment.warnings.WARNING_LABELS
    cells: list[CellSeries] = field(default_factory=list)  # headline first
    restates: bool = False  # a goal sentence restating a table indicator: shown, counted once
    in_rate: bool = True  # False for a 措施目标 (strategy / project target not promoted): shown, not counted
    # qualitative targets: the evaluation group's judgement and its evidence
    judgement: str = ""
    evidence: str = ""

    @property
    def counts(self) -> bool:
        """Counted in 达标率 and the report's tallies: not a restatement, not a 措施目标."""
        return self.in_rate and not self.restates

    @property
    def warned(self) -> bool:
        """Any warning in the report year, on the headline or on a disaggregated cell."""
        return bool(self.warnings) or any(c.warnings for c in self.cells)

    @property
    def headline(self) -> CellSeries | None:
        return next((c for c in self.cells if c.is_headline), None)

    @property
    def history(self) -> dict[int, float]:
        h = self.headline
        return {y: v for y, v in sorted(h.values.items()) if v is not None} if h else {}

    def cell(self, sex: str = "total", area_type: str = "total", age_group: str = "") -> CellSeries | None:
        return next(
            (c for c in self.cells if (c.sex, c.area_type, c.age_group) == (sex, area_type, age_group)), None
        )


@dataclass(kw_only=True)
class StrategyItem:
    """A 策略措施 (or qualitative goal) judged by the evaluation group."""

    area: str
    text: str
    judgement: str = ""
    evidence: str = ""


@dataclass(kw_only=True)
class AnnualReportData:
    plan_title: str
    region: str  # region name
    year: int
    period: tuple[int, int]
    population: str = ""  # women / children / ""
    indicators: list[IndicatorResult] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # printed order; default: order of first appearance
    strategies: list[StrategyItem] = field(default_factory=list)
    author: str = ""  # 编制单位; default "<region>妇女儿童工作委员会办公室"
    issued: str = ""  # 编制日期 as printed, e.g. 2025年3月
    sample: bool = False  # the figures include 示例数据: every page and sheet says so (SAMPLE_NOTICE)

    def __post_init__(self) -> None:
        seen = list(dict.fromkeys([*self.areas, *(i.area or "其他" for i in self.indicators)]))
        self.areas = seen
        if not self.author:
            self.author = f"{self.region}妇女儿童工作委员会办公室"

    def in_area(self, area: str) -> list[IndicatorResult]:
        return [i for i in self.indicators if (i.area or "其他") == area]

    @property
    def counted(self) -> list[IndicatorResult]:
        return [i for i in self.indicators if i.counts]


@dataclass(kw_only=True)
class ImplementationItem:
    """A department's 实施情况报告 from the reporting workflow."""

    department: str
    title: str
    year: int
    areas: list[str] = field(default_factory=list)  # areas of the indicators the department leads
    file_name: str = ""
    excerpt: str = ""  # the opening of its text, when it could be read


@dataclass(kw_only=True)
class EvaluationReportData(AnnualReportData):
    stage: str = ""  # midterm / final; default from the year and the plan period
    implementation: list[ImplementationItem] = field(default_factory=list)
    experience: str = ""  # 主要经验 (the evaluation group's text)
    problems: str = ""  # 存在问题
    recommendations: str = ""  # 对策建议

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.stage:
            self.stage = "final" if self.year >= self.period[1] else "midterm"


@dataclass(kw_only=True)
class RegionValue:
    code: str
    name: str
    value: float | None = None
    status: str = NO_DATA.code
    female: float | None = None
    male: float | None = None
    change: float | None = None
    change_pct: float | None = None


@dataclass(kw_only=True)
class ComparisonIndicator:
    key: str
    name: str
    unit: str = ""
    direction: str = "higher_is_better"
    kind: str = "qualitative"
    target: str = ""
    target_value: float | None = None
    comparator: str | None = None
    area: str = ""
    values: list[RegionValue] = field(default_factory=list)


@dataclass(kw_only=True)
class ComparisonReportData:
    plan_title: str
    parent_region: str  # e.g. 重庆市
    level: str  # printed level of the compared regions, e.g. 区县
    year: int
    indicators: list[ComparisonIndicator] = field(default_factory=list)
    author: str = ""
    issued: str = ""
    sample: bool = False  # the figures include 示例数据 (see AnnualReportData.sample)

    def __post_init__(self) -> None:
        if not self.author:
            self.author = f"{self.parent_region}妇女儿童工作委员会办公室"
