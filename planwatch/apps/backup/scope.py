"""What an archive holds: which models, in which order, and — for a region — which of their rows.

A region's archive holds the rows the region and its sub-regions own (``OWNED``) and, as *reference rows*, the
rows outside it that those point at (the ancestor regions, dictionary entries, users of other offices who
approved or edited something). A reference row is inserted on restore only where it is missing; where it
exists it must be the same thing (same code, same username), never overwritten."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps
from django.db import models

# Never in an archive: recreated by ``migrate`` (content types, permissions) or meaningless elsewhere
# (sessions, the admin's log that points at content-type ids, the dashboards' data version). planwatch's rights come from roles (Profile),
# not from Django permissions, so users' and groups' permission sets are left out too.
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "dashboard.dataversion",
}  # fmt: skip  (the cache's version: a restore moves it, never puts one back)
EXCLUDED_FIELDS = {"auth.user": {"user_permissions"}, "auth.group": {"permissions"}}

# Rows outside a region that its rows may point at; the natural key that must match on restore.
REFERENCE_KEYS = {"regions.region": "code", "auth.user": "username", "dictionary.dictionaryentry": "code"}

Scope = Callable[[models.QuerySet, set[int]], models.QuerySet]


def _by(*paths: str) -> Scope:
    """Rows whose every ``path`` (a lookup ending at a region id) lies inside the region tree."""

    def pick(qs: models.QuerySet, ids: set[int]) -> models.QuerySet:
        for path in paths:
            qs = qs.filter(**{f"{path}__in": ids})
        return qs

    return pick


def _judgements(qs: models.QuerySet, ids: set[int]) -> models.QuerySet:
    """Judgements in the tree, of the tree's plans: an indicator's or a 策略措施's (one of the two is null)."""
    of_plan = models.Q(indicator__plan__region_id__in=ids) | models.Q(strategy__area__plan__region_id__in=ids)
    return qs.filter(of_plan, region_id__in=ids)


# The rows of one region tree, model by model. A row counts as the region's when the plan it belongs to is
# the region's (and, for data, the reporting region too), so that every foreign key of a dumped row points
# at a dumped row or a reference row.
OWNED: dict[str, Scope] = {
    "regions.region": _by("pk"),
    "regions.department": _by("region_id"),
    "regions.departmentname": _by("department__region_id"),
    "auth.user": _by("profile__region_id"),
    "accounts.profile": _by("region_id"),
    "plans.plan": _by("region_id"),
    "plans.area": _by("plan__region_id"),
    "plans.goal": _by("area__plan__region_id"),
    "plans.strategy": _by("area__plan__region_id"),
    "plans.project": _by("plan__region_id"),
    "plans.indicator": _by("plan__region_id"),
    "dictionary.indicatorlink": _by("indicator__plan__region_id"),
    "dictionary.confirmedlink": _by("region_id"),
    "reporting.assignment": _by("indicator__plan__region_id"),
    "reporting.round": _by("plan__region_id", "region_id"),
    "reporting.task": _by("round__plan__region_id", "round__region_id", "region_id"),
    "reporting.taskevent": _by("task__round__plan__region_id", "task__round__region_id", "task__region_id"),
    "reporting.implementationreport": _by(
        "task__round__plan__region_id", "task__round__region_id", "task__region_id"
    ),
    "reporting.observation": _by("indicator__plan__region_id", "region_id"),
    "reporting.observationhistory": _by("indicator__plan__region_id", "region_id"),
    "evaluation.assessmentrun": _by("plan__region_id"),
    "evaluation.assessmentresult": _by("run__plan__region_id", "indicator__plan__region_id", "region_id"),
    "evaluation.reassessment": _by("run__plan__region_id"),
    "evaluation.importreassessment": _by("region_id"),
    "reports.reportjob": _by("plan__region_id", "region_id"),
    "reports.evaluationdraft": _by("plan__region_id", "region_id"),
    "reports.publication": _by("plan__region_id", "region_id"),
    "reports.qualitativejudgement": _judgements,
    "administration.adminevent": _by("region_id"),
    "review.plandocument": _by("region_id"),
    "review.correction": _by("plan__region_id"),
    "portal.feedback": _by("region_id"),
}


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def archived_models() -> list[type[models.Model]]:
    """Every concrete model an installation's archive holds, parents before the rows that point at them."""
    candidates = [
        m for m in apps.get_models() if label(m) not in EXCLUDED and not m._meta.proxy and m._meta.managed
    ]
    return dependency_order(candidates)


def region_models() -> list[type[models.Model]]:
    """The models of a region's archive. A model without a rule in OWNED (a table added later) is not
    guessed at: it stays out of region archives and is named in the manifest."""
    return [m for m in archived_models() if label(m) in OWNED]


def dependency_order(candidates: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    chosen = sorted(candidates, key=label)
    names = {label(m) for m in chosen}
    order: list[type[models.Model]] = []
    placed: set[str] = set()
    while chosen:
        for m in chosen:
            needs = {label(f.related_model) for f in relations(m)} & names - {label(m)}
            if needs <= placed:
                order.append(m)
                placed.add(label(m))
                chosen.remove(m)
                break
        else:  # a cycle: keep the rest alphabetical (constraints are checked at the end of the restore)
            order.extend(chosen)
            break
    return order


def relations(model: type[models.Model]) -> list[models.Field]:
    """Foreign keys and many-to-many fields that the archive stores."""
    skip = EXCLUDED_FIELDS.get(label(model), set())
    return [
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.is_relation and f.related_model is not None and f.name not in skip
    ]


def stored_fields(model: type[models.Model]) -> list[str]:
    skip = EXCLUDED_FIELDS.get(label(model), set())
    return [f.name for f in [*model._meta.concrete_fields, *model._meta.many_to_many] if f.name not in skip]
