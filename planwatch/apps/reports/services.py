"""What the report pages and the CLI do: request and retry generation jobs, keep the evaluation group's drafts,
publish and withdraw reports. Callers check access (planwatch.apps.accounts.permissions) before calling."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from planwatch.apps.plans.models import Plan
from planwatch.apps.regions.models import Region

from .kinds import ReportRequestError, check_request
from .models import EvaluationDraft, Publication, ReportJob

State = ReportJob.State
Section = EvaluationDraft.Section
MAX_DRAFT_CHARS = 20_000  # per section: about ten pages of a report
MAX_PENDING_PER_USER = 5  # queued or running jobs one user may have: one worker runs them one at a time


class DraftError(ValueError):
    pass


class PublishError(ValueError):
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
            title=job.title, file="", filename=job.filename, size=job.size, published_by=user,
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
