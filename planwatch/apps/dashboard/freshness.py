"""When the dashboards' data last changed. The rendered dashboard parts are cached per server process
(views.rendered_parts); their key holds ``data_version()``, which every change of what a dashboard shows moves
once its transaction has committed: a save or delete of a plan, area, indicator (a correction, a promotion),
region, department, assignment, round, task (submission, approval), observation or assessment run is caught
by the signals below; the bulk paths that write with plain SQL (the historical and SDMX imports, a restore)
call ``data_changed()`` themselves. The version lives in the database, so every worker process sees it."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

# what a dashboard shows; the high-volume rows (observations) only on save: a delete signal on them would
# turn the engine's fast bulk deletes into row-by-row ones (a cascade also changes its parent, caught here)
WATCHED = ["plans.Plan", "plans.Area", "plans.Indicator", "regions.Region", "regions.Department",
           "reporting.Assignment", "reporting.Round", "reporting.Task", "evaluation.AssessmentRun"]  # fmt: skip
WATCHED_SAVES_ONLY = ["reporting.Observation"]


def data_version() -> str:
    """The version with the time it moved: a database put back from an older copy gives a key never used
    since (a counter alone would count up through versions the cache has already seen)."""
    from .models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return f"{row[0]}@{row[1].timestamp()}" if row and row[1] else "0"


def _bump() -> None:
    from .models import DataVersion

    now = timezone.now()
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


def data_changed() -> None:
    """Move the version when the current transaction commits (at once outside one); once per transaction,
    however many rows it changes."""
    if connection.in_atomic_block and any(item[1] is _bump for item in connection.run_on_commit):
        return
    transaction.on_commit(_bump)


def _changed(sender, raw=False, instance=None, **kwargs) -> None:
    if raw:  # loaddata / restore: the restore calls data_changed() once itself
        return
    if getattr(instance, "_unseen_by_dashboards", False):
        instance._unseen_by_dashboards = False
        return
    data_changed()


# A reporter's save writes the task and its cells every time; none of it shows on a dashboard until the task is
# submitted (dashboards count tasks per status and read approved data only). Moving the version on every save
# would render every region's dashboard anew while a reporting round is open.
TASK_SHOWN = ("status", "round_id", "department_id", "region_id")


def _task_unseen(sender, instance, raw=False, **kwargs) -> None:
    """A task saved with the same status (in the same round, of the same unit) as before."""
    before = None if raw or instance.pk is None else (
        sender.objects.filter(pk=instance.pk).order_by().values_list(*TASK_SHOWN).first())  # fmt: skip
    instance._unseen_by_dashboards = before == tuple(getattr(instance, f) for f in TASK_SHOWN)


def _observation_unseen(sender, instance, raw=False, **kwargs) -> None:
    """A cell that is not approved, and was not approved before this save, is seen by no dashboard."""
    unseen = not raw and instance.status != sender.Status.APPROVED
    if unseen and instance.pk is not None:
        unseen = not sender.objects.filter(pk=instance.pk, status=sender.Status.APPROVED).exists()
    instance._unseen_by_dashboards = unseen


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        data_changed()


def connect() -> None:
    from django.apps import apps

    for label in WATCHED + WATCHED_SAVES_ONLY:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"dashboard-fresh-save-{label}")
        if label in WATCHED:
            post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboard-fresh-delete-{label}")
    pre_save.connect(
        _task_unseen, sender=apps.get_model("reporting.Task"), dispatch_uid="dashboard-fresh-task"
    )
    pre_save.connect(_observation_unseen, sender=apps.get_model("reporting.Observation"),
                     dispatch_uid="dashboard-fresh-observation")  # fmt: skip
    m2m_changed.connect(_m2m_changed, sender=apps.get_model("plans.Indicator").departments.through,
                        dispatch_uid="dashboard-fresh-departments")  # fmt: skip
