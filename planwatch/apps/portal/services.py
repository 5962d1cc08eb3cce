"""What the portal shows and what feedback does. Everything public is decided here, in one place:

- plans: only monitored ones (active or archived), never drafts;
- reports: only publications in force (``Publication.objects.published()``) of monitored plans;
- results: approved observations of the years for which the region has published a report of that plan,
  and the assessment of those years; nothing of a year that was not published;
- names: no person's name is shown (not who published, not who sent or answered feedback)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from planwatch.apps.evaluation.models import AssessmentResult
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region
from planwatch.apps.reporting.models import Observation
from planwatch.apps.reports.models import Publication

from .models import Feedback

MAX_MESSAGE = 1000
MAX_ANSWER = 2000
MAX_NAME = 30
MAX_CONTACT = 60


class FeedbackError(ValueError):
    """Feedback that cannot be accepted or answered; the message says why in Chinese."""


class RateLimited(FeedbackError):
    """The sender has reached the hourly number of messages."""


# ---- what the public sees -------------------------------------------------------------------------------


def public_plans():
    return Plan.objects.monitored().select_related("region")


def public_regions():
    """Regions with at least one monitored plan, by code."""
    return Region.objects.filter(plans__status__in=Plan.MONITORED).distinct().order_by("code")


def publications(plan: Plan | None = None, region: Region | None = None):
    qs = (
        Publication.objects.published()
        .filter(plan__status__in=Plan.MONITORED)
        .select_related("plan", "region")
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    if region is not None:
        qs = qs.filter(region=region)
    return qs.order_by("-year", "-published_at", "-id")


def published_years(plan: Plan) -> list[int]:
    """Years whose results the plan's own region has published (a report in force), oldest first."""
    years = publications(plan=plan, region=plan.region).values_list("year", flat=True)
    return sorted(set(years))


def published_series(indicator: Indicator, years: list[int]) -> list[tuple[int, float]]:
    """(year, value) of the approved total of the plan's region, published years only."""
    rows = (
        Observation.objects.approved()
        .filter(
            indicator=indicator,
            region_id=indicator.plan.region_id,
            year__in=years,
            sex="total",
            area_type="total",
            age_group="",
            value__isnull=False,
        )  # fmt: skip
        .order_by("year")
        .values_list("year", "value")
    )
    return list(rows)


def published_results(plan: Plan, year: int) -> dict[int, AssessmentResult]:
    """The latest stored assessment of each indicator for ``year`` (total cell of the plan's region); empty
    when the year is not published."""
    if year not in published_years(plan):
        return {}
    found: dict[int, AssessmentResult] = {}
    rows = (
        AssessmentResult.objects.filter(
            run__plan=plan, region_id=plan.region_id, year=year, sex="total", area_type="total", age_group=""
        )  # fmt: skip
        .order_by("-run__created_at", "-run_id")
        .only("indicator_id", "status", "value", "progress", "target", "explanation")
    )
    for r in rows:
        found.setdefault(r.indicator_id, r)
    return found


def public_feedback(region: Region | None = None):
    """Answered feedback the office chose to show: question and answer only."""
    qs = Feedback.objects.filter(public=True, status__in=[Feedback.Status.ANSWERED, Feedback.Status.CLOSED])
    qs = qs.exclude(answer="")
    if region is not None:
        qs = qs.filter(region=region)
    return qs.only("message", "answer", "answered_at", "region_id").order_by("-answered_at", "-id")


# ---- feedback -------------------------------------------------------------------------------------------


def sender_digest(address: str) -> str:
    """A keyed digest of the sender's IP address: counts submissions without keeping the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "unknown").encode(), hashlib.sha256).hexdigest()


def _clean(text: str | None, label: str, limit: int, *, required: bool = False) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise FeedbackError(f"请填写{label}")
    if len(text) > limit:
        raise FeedbackError(f"{label}共 {len(text)} 字，超过 {limit} 字的上限，请精简后再提交")
    return text


@transaction.atomic
def submit_feedback(region: Region, *, name: str, contact: str, message: str, address: str) -> Feedback:
    """Accept a message for ``region``'s committee office, at most PLANWATCH_FEEDBACK_PER_HOUR per sender."""
    message = _clean(message, "反馈内容", MAX_MESSAGE, required=True)
    name = _clean(name, "称呼", MAX_NAME)
    contact = _clean(contact, "联系方式", MAX_CONTACT)
    digest = sender_digest(address)
    limit = settings.PLANWATCH_FEEDBACK_PER_HOUR
    since = timezone.now() - dt.timedelta(hours=1)
    if Feedback.objects.filter(sender_digest=digest, created_at__gte=since).count() >= limit:
        raise RateLimited(f"提交过于频繁：同一网络每小时最多提交 {limit} 条反馈，请一小时后再试")
    return Feedback.objects.create(region=region, name=name, contact=contact, message=message,
                                   sender_digest=digest)  # fmt: skip


@transaction.atomic
def answer_feedback(user, feedback: Feedback, answer: str, *, public: bool) -> None:
    if feedback.status == Feedback.Status.CLOSED:
        raise FeedbackError("该反馈已关闭，不能再答复")
    feedback.answer = _clean(answer, "答复", MAX_ANSWER, required=True)
    feedback.public = public
    feedback.status = Feedback.Status.ANSWERED
    feedback.answered_by, feedback.answered_at = user, timezone.now()
    feedback.save()


@transaction.atomic
def close_feedback(user, feedback: Feedback) -> None:
    if feedback.status == Feedback.Status.CLOSED:
        raise FeedbackError("该反馈已关闭")
    feedback.status = Feedback.Status.CLOSED
    feedback.closed_at = timezone.now()
    if not feedback.answer:
        feedback.public = False  # nothing to show without an answer
    feedback.save()
