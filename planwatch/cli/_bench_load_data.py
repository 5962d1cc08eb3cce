"""The people of ``planwatch bench load`` on top of the ``bench web`` province (planwatch/cli/_bench_web_data.py):
leaders and the committee office with web sessions, the statistics bureau's machine clients with API tokens,
and department reporters, each with an open task of their own (one round per year after the web world's round,
one task per lead department), a session for the form and a token for the API write endpoint. The latest
year is published, so the portal shows results."""

from __future__ import annotations

import datetime as dt

from . import _bench_web_data as web

TOKEN_NAME = "bench load"
MAX_ROUNDS = 5  # the years after the web world's round up to the plan's end (2026—2030)


def is_empty() -> bool:
    from planwatch.apps.plans.models import Plan
    from planwatch.apps.regions.models import Region

    return not Plan.objects.exists() and not Region.objects.exists()


def prepare(world: web.BenchWorld, n_readers: int, n_clients: int, n_reporters: int) -> dict:
    """Sessions, tokens and tasks for this run (rounds and reporters are created once and kept); returns the
    locust configuration without the wait times."""
    from django.contrib.auth.models import User

    from planwatch.apps.accounts import tokens
    from planwatch.apps.accounts.models import Profile, Role
    from planwatch.apps.plans.models import Plan
    from planwatch.apps.reporting import services
    from planwatch.apps.reporting.models import Observation

    plan = Plan.objects.select_related("region").get(pk=world.plan_id)
    office = _user("bench_office", Role.ADMIN, plan.region)
    monitor = User.objects.get(username=world.users[Role.MONITOR])
    _publish(plan, office)
    tokens.ApiToken.objects.filter(name=TOKEN_NAME).delete()  # the texts of earlier runs are gone anyway
    client_tokens = [tokens.issue(monitor, TOKEN_NAME, by=monitor)[1] for _ in range(n_clients)]
    reporters = []
    for task in _open_tasks(plan, monitor, n_reporters):
        user = User.objects.filter(profile__department=task.department, profile__role=Role.REPORTER,
                                   username__startswith=f"bench_r{task.round.year}_").first()  # fmt: skip
        if user is None:
            user = User.objects.create_user(
                f"bench_r{task.round.year}_{task.department_id}", password=web.PASSWORD
            )
            Profile.objects.create(
                user=user, role=Role.REPORTER, region=task.region, department=task.department
            )
        rows = []
        for a in services.task_assignments(task):
            base = {"%": 96.5, "‰": 4.5}.get(a.indicator.unit, 300000.0)
            rows.append({"indicator_id": a.indicator_id, "unit": a.indicator.unit, "base": base,
                         "by_sex": a.by_sex, "fraction": a.with_fraction})  # fmt: skip
        reporters.append({"task": task.pk, "session": web.session_keys(user.username, 1)[0],
                          "token": tokens.issue(user, TOKEN_NAME, by=user)[1], "rows": rows})  # fmt: skip
    readers = web.session_keys(world.users[Role.LEADER], (n_readers + 1) // 2)
    readers += web.session_keys(office.username, n_readers // 2)
    years = sorted(set(Observation.objects.approved().values_list("year", flat=True)))
    return {
        "plan": plan.pk, "province": plan.region.code, "indicators": world.indicator_ids, "areas": web.AREAS,
        "counties": list(plan.region.children.order_by("code").values_list("code", flat=True)),
        "years": years, "readers": readers, "tokens": client_tokens, "reporters": reporters,
    }  # fmt: skip


def _user(username: str, role: str, region):
    from django.contrib.auth.models import User

    from planwatch.apps.accounts.models import Profile

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, password=web.PASSWORD, first_name=username)
        Profile.objects.create(user=user, role=role, region=region)
    return user


def _open_tasks(plan, monitor, count: int) -> list:
    """``count`` open tasks of distinct (year, department), opening rounds after the web world's as needed."""
    import click

    from planwatch.apps.reporting import services
    from planwatch.apps.reporting.models import Round

    first = Round.objects.filter(plan=plan).order_by("year").first().year + 1
    found: list = []
    for year in range(first, first + MAX_ROUNDS):
        if len(found) >= count:
            break
        round_ = Round.objects.filter(plan=plan, region=plan.region, year=year).first()
        if round_ is None:
            round_ = services.open_round(plan, plan.region, year, dt.date(2099, 12, 31), monitor)
        tasks = round_.tasks.select_related("round", "department", "region").order_by("pk")
        found += [t for t in tasks if t.editable]
    if len(found) < count:
        raise click.ClickException(
            f"填报员太多：只有 {len(found)} 个可填报的任务（每年每个牵头部门一个），需要 {count} 个；请减少 --users"
        )
    return found[:count]


def _publish(plan, office) -> None:
    """The office has released the latest assessed year (the portal shows only published years)."""
    from planwatch.apps.evaluation.models import AssessmentResult
    from planwatch.apps.reports.models import Publication

    year = (
        AssessmentResult.objects.filter(run__plan=plan)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is None or Publication.objects.filter(plan=plan, year=year).exists():
        return
    Publication.objects.create(kind="annual", plan=plan, region=plan.region, year=year, format="docx",
                               title=f"{year}年监测报告", file="bench/none.docx", filename="report.docx",
                               published_by=office)  # fmt: skip
