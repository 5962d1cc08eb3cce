from django.contrib.auth import authenticate

from planwatch.apps.accounts.demo import DEMO_PASSWORD, ensure_demo_users
from planwatch.apps.accounts.models import Profile, Role


def test_demo_users_cover_every_role_and_can_log_in(db):
    logins = ensure_demo_users()
    assert {Profile.objects.get(user__username=u).role for u, _, _ in logins} == set(Role.values)
    assert all(authenticate(username=u, password=p) for u, p, _ in logins)
    reporter = Profile.objects.get(user__username="jj_reporter")
    assert reporter.department.region.code == "500116"
    assert ensure_demo_users() == logins  # idempotent
    assert DEMO_PASSWORD in {p for _, p, _ in logins}
