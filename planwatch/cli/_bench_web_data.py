"""The province-sized monitoring database of ``planwatch bench web``: one province, its counties, one active plan
with indicators in eight areas (rates with numerator/denominator, some per 1000 and lower-is-better, counts;
some reported for women and men), ten years of approved county data, departments leading the indicators, a
stored assessment, and one department's task of the next round submitted and waiting for approval."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

AREAS = ["妇女与健康", "妇女与教育", "妇女与经济", "妇女参与决策和管理", "妇女与社会保障", "妇女与家庭建设",
         "妇女与环境", "妇女与法律"]  # fmt: skip
DEPARTMENTS = ["省卫生健康委", "省教育厅", "省人力社保厅", "省民政厅", "省统计局", "省妇联", "省公安厅", "省司法厅",
               "省医保局", "省总工会"]  # fmt: skip
PASSWORD = "bench-pass-2030"


@dataclass
class BenchWorld:
    province_id: int
    plan_id: int
    indicator_ids: list[int]
    task_id: int  # submitted, waiting for approval
    round_year: int
    users: dict[str, str]  # role → username
    observations: int
    results: int


def _kind(i: int) -> tuple[str, str, str, float | None]:
    """(unit, direction, kind, target) of indicator i: mostly rates, every fifth a ‰ rate that should fall,
    every sixth a count that should rise."""
    if i % 6 == 5:
        return "人", "higher_is_better", "direction_up", None
    if i % 5 == 4:
        return "‰", "lower_is_better", "numeric_max", 6.0
    return "%", "higher_is_better", "numeric_min", float(80 + i % 19)


def build(n_regions: int, n_indicators: int, n_years: int, seed: int = 7) -> BenchWorld:
    """Fill the (empty, migrated) database. Years end in 2024; the plan runs 2021—2030."""
    from django.contrib.auth.models import User

    from planwatch.apps.accounts.models import Profile, Role
    from planwatch.apps.evaluation.services import run_assessment
    from planwatch.apps.plans.models import Area, Indicator, Plan
    from planwatch.apps.regions.models import Department, Region
    from planwatch.apps.reporting import services
    from planwatch.apps.reporting.models import Assignment, Observation

    rng = np.random.default_rng(seed)
    province = Region.objects.create(code="990000", name="基准省", level="province")
    Region.objects.bulk_create(
        Region(code=f"99{i:04d}", name=f"基准县{i}", level="county", parent=province)
        for i in range(1, n_regions + 1)
    )
    counties = list(Region.objects.filter(parent=province).order_by("code"))
    depts = [Department.objects.create(region=province, name=n) for n in DEPARTMENTS]
    plan = Plan.objects.create(title="基准省妇女发展规划（2021—2030年）", population="women", region=province,
                               period_start=2021, period_end=2030, status=Plan.Status.ACTIVE)  # fmt: skip
    areas = [Area.objects.create(plan=plan, name=n, order=k + 1) for k, n in enumerate(AREAS)]
    indicators = []
    for i in range(n_indicators):
        unit, direction, kind, target = _kind(i)
        comparator = {"numeric_min": ">=", "numeric_max": "<="}.get(kind, "")
        text = f"{'≥' if comparator == '>=' else '≤'}{target:g}{unit}" if target is not None else "逐年提高"
        indicators.append(Indicator(
            plan=plan, area=areas[i % len(areas)], seq=i + 1, name=f"基准指标{i + 1}", unit=unit, direction=direction,
            attribute="binding" if i % 3 == 0 else "expected", target_text=text, target_kind=kind,
            target_comparator=comparator, target_value=target, target_year=2030,
            source_text=f"基准指标{i + 1}（{unit}） | {text}", departments_text=DEPARTMENTS[i % len(depts)],
        ))  # fmt: skip
    Indicator.objects.bulk_create(indicators)
    indicators = list(plan.indicators.order_by("seq"))
    through = Indicator.departments.through
    through.objects.bulk_create(
        through(indicator_id=ind.pk, department_id=depts[k % len(depts)].pk)
        for k, ind in enumerate(indicators)
    )
    services.ensure_assignments(plan)
    by_sex = {ind.pk for k, ind in enumerate(indicators) if k % 5 == 1}  # reported for women and men
    Assignment.objects.filter(indicator_id__in=by_sex).update(by_sex=True)
    Assignment.objects.filter(indicator__unit__in=["%", "‰"]).update(with_fraction=True)

    years = list(range(2024 - n_years + 1, 2025))
    rows = []
    for k, ind in enumerate(indicators):
        unit, direction, kind, target = _kind(k)
        level = rng.uniform(70, 97, len(counties)) if unit == "%" else (
            rng.uniform(4, 9, len(counties)) if unit == "‰" else rng.uniform(800, 5000, len(counties)))  # fmt: skip
        trend = rng.normal(0.4 if unit == "%" else (-0.15 if unit == "‰" else 40), 0.3 if unit != "人" else 20,
                           len(counties))  # fmt: skip
        for j, county in enumerate(counties):
            for t, year in enumerate(years):
                value = float(level[j] + trend[j] * t + rng.normal(0, 0.2 if unit != "人" else 10))
                if unit == "%":
                    value = min(value, 99.9)
                cells = [("total", value)]
                if ind.pk in by_sex:
                    cells += [("female", value * 0.98), ("male", value * 1.02)]
                for sex, v in cells:
                    obs = Observation(indicator_id=ind.pk, region_id=county.pk, year=year, sex=sex, value=round(v, 2),
                                      status=Observation.Status.APPROVED, source="import")  # fmt: skip
                    if unit in ("%", "‰"):
                        obs.denominator = 10000.0 if unit == "%" else 1000.0 * 10
                        obs.numerator = round(v / (100 if unit == "%" else 1000) * obs.denominator, 1)
                        obs.value = round(obs.numerator / obs.denominator * (100 if unit == "%" else 1000), 4)
                    rows.append(obs)
    Observation.objects.bulk_create(rows, batch_size=5000)
    run, _ = run_assessment(plan=plan, region=province)

    users = {}
    for role, name in ((Role.LEADER, "bench_leader"), (Role.MONITOR, "bench_monitor")):
        u = User.objects.create_user(name, password=PASSWORD, first_name=name)
        Profile.objects.create(user=u, role=role, region=province)
        users[role] = name
    round_year = years[-1] + 1
    round_ = services.open_round(plan, province, round_year, dt.date(2099, 3, 31),
                                 User.objects.get(username="bench_monitor"))  # fmt: skip
    task = round_.tasks.filter(department=depts[0]).first()
    _fill(task, User.objects.create_user("bench_reporter", password=PASSWORD), depts[0])
    return BenchWorld(
        province_id=province.pk, plan_id=plan.pk, indicator_ids=[i.pk for i in indicators], task_id=task.pk,
        round_year=round_year, users=users, observations=len(rows), results=run.rows,
    )  # fmt: skip


def _fill(task, reporter, department) -> None:
    """The department's province-level values of the new year, submitted."""
    from planwatch.apps.accounts.models import Profile, Role
    from planwatch.apps.reporting import services
    from planwatch.domain.cells import FEMALE, MALE, TOTAL
    from planwatch.reporting_rules import RawCell, RowInput

    Profile.objects.create(user=reporter, role=Role.REPORTER, region=department.region, department=department)
    rows = {}
    for a in services.task_assignments(task):
        unit = a.indicator.unit
        value = {"%": 96.5, "‰": 4.5}.get(unit, 300000.0)
        cells = {TOTAL: RawCell(str(value))}
        if a.by_sex:
            cells[FEMALE], cells[MALE] = RawCell(str(value)), RawCell(str(value))
        row = RowInput(cells=cells)
        if a.with_fraction:
            den = 1_000_000.0 if unit == "%" else 100_000.0
            row.numerator = RawCell(str(value / (100 if unit == "%" else 1000) * den))
            row.denominator = RawCell(str(den))
        rows[a.indicator_id] = row
    services.save_task_data(task, rows, reporter, source="form", submit=True)


def session_keys(username: str, count: int) -> list[str]:
    """Logged-in sessions for the load clients, made directly (a login per client would measure the
    password hash, not the pages)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.get(username=username)
    keys = []
    for _ in range(count):
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        keys.append(s.session_key)
    return keys


def existing() -> BenchWorld | None:
    """The world of an earlier run in the same directory, its task submitted again for this run's approval
    (reopened first if that run approved it); None when the database is empty."""
    from django.contrib.auth.models import User

    from planwatch.apps.accounts.models import Role
    from planwatch.apps.evaluation.models import AssessmentRun
    from planwatch.apps.plans.models import Plan
    from planwatch.apps.reporting import services
    from planwatch.apps.reporting.models import Observation, Task

    plan = Plan.objects.filter(title="基准省妇女发展规划（2021—2030年）").first()
    if plan is None:
        return None
    task = (
        Task.objects.filter(round__plan=plan, department__name=DEPARTMENTS[0])
        .select_related("round")
        .order_by("round__year")
        .first()  # the world's own round (bench load opens later ones)
    )
    monitor = User.objects.get(username="bench_monitor")
    if task.status == Task.Status.APPROVED:
        services.reopen(task, monitor, "基准测试：重新审核")
    if task.status != Task.Status.SUBMITTED:
        services.submit_task(task, User.objects.get(username="bench_reporter"))
    run = AssessmentRun.objects.filter(plan=plan).order_by("-created_at").first()
    return BenchWorld(
        province_id=plan.region_id, plan_id=plan.pk, indicator_ids=list(plan.indicators.values_list("pk", flat=True)),
        task_id=task.pk, round_year=task.round.year, users={Role.LEADER: "bench_leader", Role.MONITOR: "bench_monitor"},
        observations=Observation.objects.count(), results=run.rows if run else 0,
    )  # fmt: skip
