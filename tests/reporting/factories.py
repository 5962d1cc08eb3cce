"""Small builders for reporting tests: a county with two departments, a plan with four indicators and one
user per role. Independent of the plan parser on purpose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from planwatch.apps.accounts.models import Profile, Role
from planwatch.apps.plans.models import Area, Indicator, Plan
from planwatch.apps.regions.models import Department, Region
from planwatch.apps.reporting.models import Assignment

PASSWORD = "test-pass-123"


def region(code: str, name: str, level: str = "county", parent: Region | None = None) -> Region:
    return Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})[
        0
    ]


def user(username: str, role: str, where: Region, department: Department | None = None) -> User:
    u = User.objects.create_user(username, password=PASSWORD, first_name=username)
    Profile.objects.create(user=u, role=role, region=where, department=department)
    return u


def indicator(
    plan: Plan, area: Area, seq: int, name: str, unit: str, departments: list[Department], **kw
) -> Indicator:
    ind = Indicator.objects.create(
        plan=plan,
        area=area,
        seq=seq,
        name=name,
        unit=unit,
        target_text=kw.pop("target_text", "≥95%"),
        target_kind=kw.pop("target_kind", "numeric_min"),
        departments_text="、".join(d.name for d in departments),
        **kw,
    )
    ind.departments.set(departments)
    return ind


@dataclass
class World:
    province: Region
    county: Region
    town: Region
    other_county: Region
    health: Department
    education: Department
    other_dept: Department
    plan: Plan
    mmr: Indicator  # 孕产妇死亡率, 1/10万, health
    hosp: Indicator  # 住院分娩率, %, health, numerator/denominator
    kids: Indicator  # 在园幼儿数, 人, education, by sex and area, age groups
    enrol: Indicator  # 学前教育毛入园率, %, education
    users: dict[str, User] = field(default_factory=dict)


def build_world() -> World:
    province = region("500000", "重庆市", "province")
    county = region("500116", "江津区", "county", province)
    town = region("500116101", "几江街道", "town", county)
    other_county = region("500104", "大渡口区", "county", province)
    health = Department.objects.create(region=county, name="区卫生健康委", kind="卫健委")
    education = Department.objects.create(region=county, name="区教委", kind="教委")
    other_dept = Department.objects.create(region=other_county, name="大渡口区卫生健康委", kind="卫健委")
    plan = Plan.objects.create(
        title="江津区妇女儿童发展规划（2021—2030年）", population="children", region=county,
        period_start=2021, period_end=2030, status="active",
    )  # fmt: skip
    health_area = Area.objects.create(plan=plan, name="儿童与健康", order=1)
    edu_area = Area.objects.create(plan=plan, name="儿童与教育", order=2)
    w = World(
        province, county, town, other_county, health, education, other_dept, plan,
        mmr=indicator(plan, health_area, 1, "孕产妇死亡率", "1/10万", [health], target_text="≤12/10万"),
        hosp=indicator(plan, health_area, 2, "住院分娩率", "%", [health]),
        kids=indicator(plan, edu_area, 3, "在园幼儿数", "人", [education, health], target_text="提高"),
        enrol=indicator(plan, edu_area, 4, "学前教育毛入园率", "%", [education]),
    )  # fmt: skip
    w.users = {
        "admin": user("admin1", Role.ADMIN, county),
        "monitor": user("monitor1", Role.MONITOR, county),
        "evaluator": user("eval1", Role.EVALUATOR, county),
        "leader": user("leader1", Role.LEADER, county),
        "health": user("health1", Role.REPORTER, county, health),
        "education": user("edu1", Role.REPORTER, county, education),
        "town": user("town1", Role.SUBREGION, town),
        "other": user("other1", Role.REPORTER, other_county, other_dept),
        "other_monitor": user("othermon", Role.MONITOR, other_county),
    }
    return w


def configure_assignments(w: World) -> None:
    """Assignments as the admin would set them: disaggregations and a numerator/denominator."""
    from planwatch.apps.reporting.services import ensure_assignments

    ensure_assignments(w.plan)
    Assignment.objects.filter(indicator=w.hosp).update(with_fraction=True, data_source="妇幼年报")
    Assignment.objects.filter(indicator=w.kids).update(by_sex=True, by_area=True, age_groups="3岁、4-5岁")


def open_round(w: World, year: int = 2023, deadline: dt.date | None = None):
    from planwatch.apps.reporting.services import open_round as _open

    configure_assignments(w)
    return _open(w.plan, w.county, year, deadline or dt.date(2099, 3, 31), w.users["monitor"])


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
