"""Demo logins: one user per role for the seed region 江津区 (500116), so the workflow can be tried at once."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count

from planwatch.apps.regions.gazetteer import ensure_regions
from planwatch.apps.regions.models import Department, Region

from .models import Profile, Role

DEMO_REGION = "500116"
DEMO_TOWN = ("500116001", "几江街道")
DEMO_PASSWORD = "planwatch-demo"
FALLBACK_DEPARTMENTS = ["区卫生健康委", "区教委"]


def _reporting_departments(region: Region) -> list[Department]:
    """The two departments responsible for most indicators (the imported plans create them); two
    standard ones when no plan has been imported yet."""
    found = list(
        Department.objects.filter(region=region)
        .annotate(n=Count("indicators"))
        .filter(n__gt=0)
        .order_by("-n", "name")[:2]
    )
    for name in FALLBACK_DEPARTMENTS:
        if len(found) >= 2:
            break
        dept, _ = Department.objects.get_or_create(region=region, name=name)
        if dept not in found:
            found.append(dept)
    return found


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str, str]]:
    """Create (or reset) the demo users; returns (username, password, role label) for each."""
    ensure_regions()
    county = Region.objects.get(code=DEMO_REGION)
    town, _ = Region.objects.get_or_create(
        code=DEMO_TOWN[0], defaults={"name": DEMO_TOWN[1], "level": Region.Level.TOWN, "parent": county}
    )
    first, second = _reporting_departments(county)[:2]
    wanted = [
        ("jj_admin", Role.ADMIN, county, None),
        ("jj_monitor", Role.MONITOR, county, None),
        ("jj_eval", Role.EVALUATOR, county, None),
        ("jj_leader", Role.LEADER, county, None),
        ("jj_reporter", Role.REPORTER, county, first),
        ("jj_reporter2", Role.REPORTER, county, second),
        ("jj_town", Role.SUBREGION, town, None),
    ]
    logins = []
    for username, role, region, department in wanted:
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(DEMO_PASSWORD)
        unit = department.name if department else region.name
        user.first_name = f"{unit}{Role(role).label.split('（')[0]}"[:150]
        user.is_staff = False  # the office works in 后台管理 (/manage/), not in Django's admin
        user.save()
        Profile.objects.update_or_create(
            user=user, defaults={"role": role, "region": region, "department": department}
        )
        where = f"{region.name}{' · ' + department.name if department else ''}"
        logins.append((username, DEMO_PASSWORD, f"{Role(role).label}（{where}）"))
    return logins
