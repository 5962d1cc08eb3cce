"""What the report pages and the CLI do: request and retry generation jobs, keep the evaluation group's drafts,
publish and withdraw reports. Callers check access (planwatch.apps.accounts.permissions) before calling."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Indicator, Plan, Strategy
from planwatch.apps.regions.models import Region

from .kinds import ReportRequestError, check_request
from .models import EvaluationDraft, Publication, QualitativeJudgement, ReportJob

State = ReportJob.State
Section = EvaluationDraft.Section
MAX_DRAFT_CHARS = 20_000  # per section: about ten pages of a report
MAX_EVIDENCE_CHARS = 4000  # per judgement: the 依据 cell of the report's table
MAX_PENDING_PER_USER = 5  # queued or running jobs one user may have: one worker runs them one at a time


class DraftError(ValueError):
    pass


class PublishError(ValueError):
    pass


class JudgementError(ValueError):
    pass


# ---- generation jobs -------------------------------------------------------------------------------------


def request_report(user, plan: Plan, region: Region, kind: str, fmt: str, year, options: dict | None = None):
    """Queue a generation job (ReportRequestError for a request that cannot be made)."""
    year, cleaned = check_request(kind, fmt, plan, region, year, options or {})
    pending = ReportJob.objects.filter(plan=plan, region=region, kind=kind, year=year, format=fmt,
                                       state__in=(State.QUEUED, State.RUNNING))  # fmt: skip
    if any(job.options == cleaned for job in pending):  # a double click, or a colleague asked just now
        raise ReportRequestError("同样的报告正在生成（排队或生成中），请等它完成后在下方下载，不必重复提交")
    mine = ReportJob.objects.filter(requested_by=user, state__in=(State.QUEUED, State.RUNNING)).count()
    if user is not None and mine >= MAX_PENDING_PER_USER:
        raise ReportRequestError(
            f"您已有 {mine} 份报告在排队或生成中（每人最多 {MAX_PENDING_PER_USER} 份），请等它们完成后再申请"
        )
    job = ReportJob.objects.create(
        kind=kind, plan=plan, region=region, year=year, format=fmt, options=cleaned, requested_by=user,
        message="排队等待生成",
    )  # fmt: skip
    _enqueue(job)
    job.refresh_from_db()
    return job


def retry_job(job: ReportJob) -> ReportJob:
    if job.state != State.FAILED:
        raise ReportRequestError("只有生成失败的报告可以重试")
    ReportJob.objects.filter(pk=job.pk, state=State.FAILED).update(
        state=State.QUEUED, progress=0, message="排队等待重新生成", error="", detail="", started_at=None,
        finished_at=None,
    )  # fmt: skip
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: ReportJob) -> None:
    from .tasks import generate_report

    result = generate_report.enqueue(job.pk)  # the immediate backend (tests) has run it when this returns
    ReportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def jobs_for(plan: Plan, region: Region):
    return ReportJob.objects.filter(plan=plan, region=region).select_related("plan", "region", "requested_by")


def job_path(job: ReportJob | Publication) -> Path | None:
    """The stored file, or None when there is none (not generated yet, or removed from the data directory)."""
    if not job.file:
        return None
    path = (Path(settings.DATA_DIR) / job.file).resolve()
    if not path.is_relative_to(Path(settings.DATA_DIR).resolve()) or not path.is_file():
        return None
    return path


# ---- the evaluation group's drafts -----------------------------------------------------------------------


def _latest(plan: Plan, region: Region, year: int) -> dict[str, EvaluationDraft]:
    latest: dict[str, EvaluationDraft] = {}
    for draft in EvaluationDraft.objects.filter(plan=plan, region=region, year=year).select_related(
        "saved_by"
    ):
        latest.setdefault(draft.section, draft)  # newest first (Meta.ordering)
    return latest


def current_drafts(plan: Plan, region: Region, year: int) -> dict[str, str]:
    """The latest text of each section that has one: {"problems"|"recommendations"|"experience": text}."""
    return {section: d.text for section, d in _latest(plan, region, year).items() if d.text.strip()}


def latest_drafts(plan: Plan, region: Region, year: int) -> dict[str, EvaluationDraft]:
    return _latest(plan, region, year)


def save_drafts(user, plan: Plan, region: Region, year: int, texts: dict[str, str]) -> list[str]:
    """Save the sections whose text changed (each save a new row: the history); returns their labels."""
    unknown = set(texts) - set(Section.values)
    if unknown:
        raise DraftError(f"没有这些部分：{'、'.join(sorted(unknown))}")
    cleaned = {}
    for section, text in texts.items():
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > MAX_DRAFT_CHARS:
            label = Section(section).label
            raise DraftError(
                f"“{label}”共 {len(text)} 字，超过每部分 {MAX_DRAFT_CHARS} 字的上限，请精简后再保存"
            )
        cleaned[section] = text
    saved = []
    with transaction.atomic():
        latest = _latest(plan, region, year)
        for section, text in cleaned.items():
            before = latest[section].text if section in latest else ""
            if text == before:
                continue
            EvaluationDraft.objects.create(
                plan=plan, region=region, year=year, section=section, text=text, saved_by=user
            )
            saved.append(Section(section).label)
    return saved


def draft_history(plan: Plan, region: Region, year: int):
    return EvaluationDraft.objects.filter(plan=plan, region=region, year=year).select_related("saved_by")


# ---- the evaluation group's judgements of qualitative targets and 措施目标 ---------------------------------


def judged_indicators(plan: Plan):
    """The indicators the evaluation group judges: qualitative targets (no numeric assessment) and 措施目标."""
    from django.db.models import Q

    from planwatch.domain.targets import NOT_ASSESSABLE_KINDS
    from planwatch.parsing.model import MEASURE_ORIGINS

    measure = Q(origin__in=MEASURE_ORIGINS, promoted=False)
    return plan.indicators.filter(Q(target_kind__in=NOT_ASSESSABLE_KINDS) | measure).select_related("area")


def judged_strategies(plan: Plan):
    """The plan's own 策略措施 texts, in the printed order: the evaluation group judges each of them too."""
    return Strategy.objects.filter(area__plan=plan).select_related("area").order_by("area__order", "seq")


def _checked(user, plan: Plan, region: Region, year, judgement: str, evidence: str, where: str,
             judged: bool = True) -> tuple[int, str]:  # fmt: skip
    """The year and the cleaned evidence of a judgement that may be saved; JudgementError otherwise. The
    rules are the same for an indicator's target and for a 策略措施 (``judged``: the subject is one the
    evaluation group judges)."""
    if not perm.can_write_evaluation_drafts(user, region.pk):
        raise JudgementError(f"{where}：只有本地区的评估组可以评价定性目标、措施目标和策略措施")
    if region.pk != plan.region_id and region.pk not in plan.region.descendant_ids():
        raise JudgementError(f"{where}：《{plan.title}》不覆盖{region.name}，不能在此评价")
    if not judged:
        raise JudgementError(f"{where}是数值目标，由监测数据评估，不需评估组评价")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise JudgementError(f"{where}：年份“{year}”不是数字") from None
    if not plan.period_start - 1 <= year <= plan.period_end:
        raise JudgementError(f"{where}：{year}年不在规划期内（{plan.period_start - 1}—{plan.period_end}年）")
    if judgement not in QualitativeJudgement.Judgement.values:
        choices = "、".join(QualitativeJudgement.Judgement.labels)
        raise JudgementError(f"{where}：没有“{judgement}”这种评价，请选择{choices}之一")
    evidence = (evidence or "").replace("\r\n", "\n").strip()
    if len(evidence) > MAX_EVIDENCE_CHARS:
        raise JudgementError(
            f"{where}的依据共 {len(evidence)} 字，超过 {MAX_EVIDENCE_CHARS} 字的上限，请精简后再保存"
        )
    return year, evidence


def save_judgement(user, indicator: Indicator, region: Region, year, judgement: str, evidence: str):
    """Store a new judgement (the earlier ones stay as history); JudgementError with a Chinese message for a
    refused one. Returns the new row, or None when nothing changed."""
    plan = indicator.plan
    where = f"“{indicator.name}”"
    judged = judged_indicators(plan).filter(pk=indicator.pk).exists()
    year, evidence = _checked(user, plan, region, year, judgement, evidence, where, judged)
    latest = _latest_judgements(plan, region, year).get(indicator.pk)
    if latest is not None and (latest.judgement, latest.evidence) == (judgement, evidence):
        return None
    return QualitativeJudgement.objects.create(
        indicator=indicator, region=region, year=year, judgement=judgement, evidence=evidence, author=user
    )


def save_strategy_judgement(user, strategy: Strategy, region: Region, year, judgement: str, evidence: str):
    """As ``save_judgement``, for one of the plan's 策略措施 texts."""
    plan = strategy.area.plan
    where = f"{strategy.area.name}策略措施第{strategy.seq}条"
    year, evidence = _checked(user, plan, region, year, judgement, evidence, where)
    latest = latest_strategy_judgements(plan, region, year).get(strategy.pk)
    if latest is not None and (latest.judgement, latest.evidence) == (judgement, evidence):
        return None
    return QualitativeJudgement.objects.create(
        strategy=strategy, region=region, year=year, judgement=judgement, evidence=evidence, author=user
    )


def _latest_judgements(plan: Plan, region: Region, year: int) -> dict[int, QualitativeJudgement]:
    latest: dict[int, QualitativeJudgement] = {}
    rows = QualitativeJudgement.objects.filter(indicator__plan=plan, region=region, year=year)
    for row in rows.select_related("author"):
        latest.setdefault(row.indicator_id, row)  # newest first (Meta.ordering)
    return latest


def latest_judgements(plan: Plan, region: Region, year: int) -> dict[int, QualitativeJudgement]:
    return _latest_judgements(plan, region, year)


def latest_strategy_judgements(plan: Plan, region: Region, year: int) -> dict[int, QualitativeJudgement]:
    """{strategy_id: newest judgement} of the plan's 策略措施 in the region and year."""
    latest: dict[int, QualitativeJudgement] = {}
    rows = QualitativeJudgement.objects.filter(strategy__area__plan=plan, region=region, year=year)
    for row in rows.select_related("author"):
        latest.setdefault(row.strategy_id, row)  # newest first (Meta.ordering)
    return latest


def current_judgements(plan: Plan, region: Region, year: int) -> dict[int, tuple[str, str]]:
    """{indicator_id: (judgement label, evidence)} of the newest judgement of each judged indicator."""
    return {
        pk: (j.get_judgement_display(), j.evidence)
        for pk, j in _latest_judgements(plan, region, year).items()
    }


def current_strategy_judgements(plan: Plan, region: Region, year: int) -> dict[int, tuple[str, str]]:
    """{strategy_id: (judgement label, evidence)} of the newest judgement of each judged 策略措施."""
    return {
        pk: (j.get_judgement_display(), j.evidence)
        for pk, j in latest_strategy_judgements(plan, region, year).items()
    }


def judgement_history(plan: Plan, region: Region, year: int):
    """Every save of the year's judgements, of indicators and of 策略措施 alike, newest first."""
    from django.db.models import Q

    return QualitativeJudgement.objects.filter(
        Q(indicator__plan=plan) | Q(strategy__area__plan=plan), region=region, year=year
    ).select_related("indicator", "strategy", "author")


# ---- publication -----------------------------------------------------------------------------------------


def publish(user, job: ReportJob) -> Publication:
    """Release a generated report; an earlier publication of the same report (kind, year, format) is
    withdrawn, since a region publishes one version of each."""
    source = job_path(job)
    if job.state != State.DONE or source is None:
        raise PublishError("只能发布已生成完成的报告")
    with transaction.atomic():
        pub = Publication.objects.create(
            job=job, kind=job.kind, plan=job.plan, region=job.region, year=job.year, format=job.format,
            title=job.title, file="", filename=job.filename, size=job.size, published_by=user, sample=job.sample,
        )  # fmt: skip
        target = Path(settings.DATA_DIR) / "published" / str(pub.pk) / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        pub.file = str(target.relative_to(settings.DATA_DIR))
        pub.save(update_fields=["file"])
        Publication.objects.published().filter(
            plan=job.plan, region=job.region, year=job.year, kind=job.kind, format=job.format
        ).exclude(pk=pub.pk).update(
            withdrawn_at=timezone.now(), withdrawn_by=user, withdrawn_reason="已由新发布的版本替代"
        )
    return pub


def withdraw(user, publication: Publication, reason: str = "") -> None:
    if publication.withdrawn:
        raise PublishError("该报告已撤回")
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = user
    publication.withdrawn_reason = (reason or "妇儿工委办撤回").strip()[:200]
    publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])


def published_reports(plan: Plan | None = None, region: Region | None = None, year: int | None = None):
    """Published reports in force, newest year first: what the public portal shows (never drafts, never
    unpublished or withdrawn reports)."""
    qs = Publication.objects.published().select_related("plan", "region", "published_by")
    if plan is not None:
        qs = qs.filter(plan=plan)
    if region is not None:
        qs = qs.filter(region=region)
    if year is not None:
        qs = qs.filter(year=year)
    return qs
