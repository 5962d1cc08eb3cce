"""Re-assessment after a historical or SDMX import, in the background. An approval re-assesses at once (one
task's few indicators); an import may bring years of data for a whole province, so it queues the work
(``ImportReassessment``, the task ``reassess_import``, run by ``planwatch worker``) and the import page shows
its state until it is done. Every plan whose latest run counts the imported data gets the affected
indicators re-assessed (services.reassess_plan); a plan never assessed gets its first full run."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from planwatch.apps.accounts import permissions as perm
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Region

from .models import ImportReassessment

State = ImportReassessment.State
logger = logging.getLogger(__name__)


def queue_import_reassessment(parsed_keys, user, filename: str, source: str) -> ImportReassessment:
    """Record and queue the re-assessment of what an import stored: ``parsed_keys`` are its (indicator id,
    region id, year) rows. The task is queued when the import's transaction has committed."""
    indicators = sorted({k[0] for k in parsed_keys})
    regions = sorted({k[1] for k in parsed_keys})
    profile = perm.profile_of(user) if user is not None else None
    item = ImportReassessment.objects.create(
        filename=filename[:200], source=source[:16], region=profile.region if profile else None,
        indicators=indicators, regions=regions, year=max(k[2] for k in parsed_keys),
        requested_by=user if getattr(user, "pk", None) else None, message="排队等待重新评估",
    )  # fmt: skip
    transaction.on_commit(lambda: _enqueue(item.pk))
    return item


def queue_new_year(run, indicator_ids: list[int], cause: str) -> ImportReassessment:
    """An approval brought the run to a new year: queue the re-assessment of the plan's other indicators,
    due for that year now (their 缺报), shown and retried like an import's."""
    item = ImportReassessment.objects.create(
        filename=f"{cause}：{run.current_year}年其余指标"[:200], source="approval", region=run.plan.region,
        indicators=sorted(indicator_ids), regions=[run.plan.region_id], year=run.current_year,
        message="排队等待重新评估",
    )  # fmt: skip
    transaction.on_commit(lambda: _enqueue(item.pk))
    return item


def retry(item: ImportReassessment) -> ImportReassessment:
    if item.state != State.FAILED:
        raise ValueError("只有失败的重新评估可以重试")
    ImportReassessment.objects.filter(pk=item.pk, state=State.FAILED).update(
        state=State.QUEUED, message="排队等待重新评估", error="", started_at=None, finished_at=None
    )
    transaction.on_commit(lambda: _enqueue(item.pk))
    item.refresh_from_db()
    return item


def _enqueue(pk: int) -> None:
    from .tasks import reassess_import

    result = reassess_import.enqueue(pk)  # the immediate backend (tests) has run it when this returns
    ImportReassessment.objects.filter(pk=pk).update(task_id=str(result.id)[:64])


def affected_plans(indicator_ids: list[int], region_ids: list[int]) -> list[Plan]:
    """Monitored plans with an indicator sharing a series with the imported ones, whose region is one of the
    imported regions or above one (a run holds its own region's tree)."""
    from .services import shared_series

    members = {m for group in shared_series(indicator_ids).values() for m in group}
    chain: set[int] = set()
    for region in Region.objects.filter(pk__in=region_ids):
        chain |= {region.pk, *(r.pk for r in region.ancestors())}
    plan_ids = set(Indicator.objects.filter(pk__in=members).values_list("plan_id", flat=True))
    return list(
        Plan.objects.filter(pk__in=plan_ids, region_id__in=chain, status__in=Plan.MONITORED)
        .select_related("region")
        .order_by("pk")
    )


def run_import_reassessment(pk: int) -> str:
    """The task's body: claim the queued item, re-assess, write the outcome on it."""
    from .services import latest_run, reassess_plan, run_assessment

    claimed = ImportReassessment.objects.filter(pk=pk, state=State.QUEUED).update(
        state=State.RUNNING, started_at=timezone.now(), message="正在重新评估受影响的规划"
    )
    if not claimed:
        return "skipped"  # retried or taken by another worker meanwhile
    item = ImportReassessment.objects.get(pk=pk)
    ImportReassessment.objects.filter(pk=pk).update(attempts=item.attempts + 1)
    done = []
    try:
        for plan in affected_plans(item.indicators, item.regions):
            run = latest_run(plan)
            if run is None:
                run_assessment(plan=plan, region=plan.region)
            else:
                reassess_plan(run, item.indicators, year=item.year, cause=f"导入 {item.filename}"[:64])
            done.append(plan.pk)
    except Exception as exc:
        logger.exception("re-assessment after import %s failed", item.filename)  # the traceback: the log
        ImportReassessment.objects.filter(pk=pk).update(
            state=State.FAILED, finished_at=timezone.now(), plans=done, message="失败",
            error=f"重新评估失败（{str(exc)[:300] or type(exc).__name__}）；导入的数据已保存，可在此重试",
        )  # fmt: skip
        return "failed"
    names = "、".join(Plan.objects.filter(pk__in=done).order_by("pk").values_list("title", flat=True)[:5])
    message = f"已重新评估 {len(done)} 个规划" + (f"：{names}" if names else "（没有规划用到导入的数据）")
    ImportReassessment.objects.filter(pk=pk).update(
        state=State.DONE, finished_at=timezone.now(), plans=done, message=message[:200]
    )
    return "done"


def readable(user, pk: int) -> ImportReassessment:
    """The item, for its importer and for the admin and monitoring group of its region (and above):
    PermissionDenied for the other roles, Http404 for another region's (or an unknown) item."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    item = ImportReassessment.objects.filter(pk=pk).first()
    if item is not None and item.requested_by_id == user.pk:
        return item
    if not perm.has_role(user, perm.Role.ADMIN, perm.Role.MONITOR):
        raise PermissionDenied("只有妇儿工委办和统计局监测组可以查看导入后的重新评估")
    if item is None or not (user.is_superuser or item.region_id and perm.in_scope(user, item.region_id)):
        raise Http404("没有该重新评估任务")
    return item
