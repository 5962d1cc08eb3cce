"""Login throttling and lock-out (django-axes, Chinese page), the idle-session timeout, the client address
behind the proxy, and 404 (not 403) for another region's objects."""

import time

import pytest
from reporting.factories import PASSWORD

from planwatch.apps.accounts.security import LAST_SEEN_KEY, client_ip
from planwatch.apps.audit.models import Action, AuditEvent

LOGIN = "/accounts/login/"


def attempt(client, username, password, ip="10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_wrong_passwords_lock_the_account_from_that_address_with_a_chinese_page(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    name = world.users["health"].username
    for _ in range(2):
        answer = attempt(client, name, "wrong")
        assert answer.status_code == 200 and "用户名或密码不正确" in answer.content.decode()
    locked = attempt(client, name, "wrong")
    page = locked.content.decode()
    assert (
        locked.status_code == 429 and "账号已暂时锁定" in page and "连续 3 次" in page and "15 分钟" in page
    )
    # the right password does not help while locked
    again = attempt(client, name, PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # another address is not locked (a stranger cannot lock colleagues out)
    assert attempt(client, name, PASSWORD, ip="10.0.0.8").status_code == 302
    actions = list(AuditEvent.objects.filter(username=name).order_by("id").values_list("action", "ip"))
    assert actions[:3] == [(Action.LOGIN_FAILED, "10.0.0.7")] * 2 + [(Action.LOCKED_OUT, "10.0.0.7")]
    assert actions[-1] == (Action.LOGIN, "10.0.0.8")
    assert AuditEvent.objects.filter(username=name, action=Action.LOGIN_FAILED).first().region == world.county


def test_a_successful_login_resets_the_failure_count(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    name = world.users["monitor"].username
    attempt(client, name, "wrong")
    attempt(client, name, "wrong")
    assert attempt(client, name, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    attempt(client, name, "wrong")
    assert attempt(client, name, "wrong").status_code == 200  # counted afresh: 2 < 3


def test_failed_login_of_an_unknown_name_is_logged_without_a_region(client, world):
    attempt(client, "nobody", "x")
    event = AuditEvent.objects.get(username="nobody")
    assert event.action == Action.LOGIN_FAILED and event.region is None and event.user is None


def idle(client, seconds):
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - seconds
    session.save()


def test_an_idle_session_ends_with_a_chinese_message(client, world, settings):
    settings.SESSION_IDLE_SECONDS = 600
    assert client.login(username=world.users["admin"].username, password=PASSWORD)
    assert client.get("/rounds/").status_code == 200
    idle(client, 300)
    assert client.get("/rounds/").status_code == 200  # within the limit: still logged in
    idle(client, 601)
    answer = client.get("/rounds/", follow=True)
    assert answer.redirect_chain[0][0].startswith(f"{LOGIN}?next=/rounds/")
    assert "长时间未操作（超过 10 分钟），已自动退出" in answer.content.decode()
    assert client.get("/rounds/").status_code == 302  # the session is gone


def test_an_idle_session_answers_the_api_with_401(client, world, settings):
    settings.SESSION_IDLE_SECONDS = 60
    assert client.login(username=world.users["admin"].username, password=PASSWORD)
    assert client.get("/api/plans").status_code == 200
    idle(client, 61)
    answer = client.get("/api/plans")
    assert answer.status_code == 401 and "登录已超时" in answer.json()["detail"]


def test_the_client_address_behind_the_proxy_is_the_entry_the_proxy_added(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUST_FORWARDED_FOR = False
    assert client_ip(request) == "127.0.0.1"  # not behind a proxy: the header is the client's word
    settings.TRUST_FORWARDED_FOR = True
    assert client_ip(request) == "203.0.113.9"  # 6.6.6.6 was written by the client itself


@pytest.mark.parametrize(
    ("who", "status"),
    [("health", 200), ("education", 403), ("monitor", 200), ("other", 404), ("other_monitor", 404)],
)
def test_another_regions_task_is_not_found_a_colleagues_is_forbidden(client, world, tasks, who, status):
    task = tasks["区卫生健康委"]
    assert client.login(username=world.users[who].username, password=PASSWORD)
    answer = client.get(f"/tasks/{task.pk}/")
    assert answer.status_code == status
    if status == 404:
        assert "江津" not in answer.content.decode()  # nothing about the task leaks


def test_another_regions_round_is_not_found(client, world, round_):
    assert client.login(username=world.users["other_monitor"].username, password=PASSWORD)
    assert client.get(f"/rounds/{round_.pk}/").status_code == 404
    assert client.get(f"/api/reporting/rounds/{round_.pk}/tasks").status_code == 404
