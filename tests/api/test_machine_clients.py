"""Machine clients: API tokens (hashed at rest, revocable, Bearer), pages on every list endpoint, and writing a
task's observations through the form's validation and review path."""

import datetime as dt

import pytest
from reporting.factories import PASSWORD, user

from planwatch.apps.accounts.models import Role
from planwatch.apps.accounts.tokens import ApiToken, digest, issue, revoke
from planwatch.apps.audit.models import Action, AuditEvent
from planwatch.apps.reporting.models import Observation, ObservationHistory, Task


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# ---- tokens ---------------------------------------------------------------------------------------------


def test_a_token_acts_as_its_user_and_is_stored_only_as_a_digest(client, world, tasks):
    row, token = issue(world.users["monitor"], "统计局数据交换", by=world.users["admin"])
    assert token.startswith("pw_") and len(token) > 40
    assert ApiToken.objects.get().key_digest == digest(token) and token not in str(row.__dict__)
    answer = client.get("/api/reporting/rounds", **bearer(token))
    assert answer.status_code == 200 and answer.json()["count"] == 1
    row.refresh_from_db()
    assert row.last_used_at is not None
    # the other county's token sees nothing of this county
    _, other = issue(world.users["other_monitor"], "x", by=world.users["other_monitor"])
    assert client.get("/api/reporting/rounds", **bearer(other)).json()["count"] == 0


@pytest.mark.parametrize("header", ["Bearer pw_not-a-token", "Bearer ", "Bearer " + "pw_" + "x" * 200])
def test_a_bad_token_is_401_in_chinese(client, world, header):
    answer = client.get("/api/plans", HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401 and "接口令牌无效、已过期或已撤销" in answer.json()["detail"]


def test_revoked_expired_and_deactivated_tokens_are_refused(client, world):
    admin = world.users["admin"]
    row, token = issue(admin, "a", by=admin)
    revoke(row, by=admin)
    assert client.get("/api/plans", **bearer(token)).status_code == 401
    row, token = issue(admin, "b", by=admin, expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert client.get("/api/plans", **bearer(token)).status_code == 401
    row, token = issue(world.users["leader"], "c", by=admin)
    assert client.get("/api/plans", **bearer(token)).status_code == 200
    world.users["leader"].is_active = False
    world.users["leader"].save()
    assert client.get("/api/plans", **bearer(token)).status_code == 401


def test_a_bad_token_is_refused_even_with_a_session(client, world):
    assert client.login(username=world.users["admin"].username, password=PASSWORD)
    assert client.get("/api/plans").status_code == 200
    assert client.get("/api/plans", **bearer("pw_wrong")).status_code == 401


def test_tokens_page_creates_shows_once_and_revokes(client, world):
    health = world.users["health"]
    assert client.login(username=health.username, password=PASSWORD)
    page = client.post("/accounts/tokens/", {"name": "卫健委直报", "days": "30"}).content.decode()
    row = ApiToken.objects.get(user=health)
    token = page.split("Authorization: Bearer ")[1].split("<")[0].strip()
    assert digest(token) == row.key_digest and row.expires_at is not None
    assert token not in client.get("/accounts/tokens/").content.decode()  # shown once only
    assert client.get("/api/plans", **bearer(token)).status_code == 200
    client.post("/accounts/tokens/", {"revoke": row.pk})
    assert client.get("/api/plans", **bearer(token)).status_code == 401
    events = list(AuditEvent.objects.filter(action=Action.TOKEN).values_list("summary", flat=True))
    assert any("创建接口令牌" in e for e in events) and any("撤销接口令牌" in e for e in events)


def test_tokens_page_refuses_bad_input_and_other_peoples_tokens(client, world):
    health, education = world.users["health"], world.users["education"]
    theirs, _ = issue(education, "教委", by=education)
    assert client.login(username=health.username, password=PASSWORD)
    for days in ("0", "abc", "99999"):
        answer = client.post("/accounts/tokens/", {"name": "x", "days": days}, follow=True)
        assert f"有效天数「{days}」无效" in answer.content.decode()
    assert "请填写令牌用途" in client.post("/accounts/tokens/", {"name": " "}, follow=True).content.decode()
    assert client.post("/accounts/tokens/", {"revoke": theirs.pk}).status_code == 404
    assert client.post("/accounts/tokens/", {"name": "x", "user": education.pk}).status_code == 404
    assert not ApiToken.objects.filter(user=health).exists()
    theirs.refresh_from_db()
    assert theirs.active


def test_the_office_manages_tokens_of_its_regions_users_only(client, world):
    admin = world.users["admin"]
    other_admin = user("otheradmin", Role.ADMIN, world.other_county)
    assert client.login(username=admin.username, password=PASSWORD)
    client.post("/accounts/tokens/", {"name": "监测组接口", "user": world.users["monitor"].pk})
    row = ApiToken.objects.get(user=world.users["monitor"])
    assert row.created_by == admin
    assert client.post("/accounts/tokens/", {"name": "x", "user": world.users["other"].pk}).status_code == 404
    assert client.login(username=other_admin.username, password=PASSWORD)
    assert client.post("/accounts/tokens/", {"revoke": row.pk}).status_code == 404
    assert client.get("/accounts/tokens/").content.decode().count("监测组接口") == 0


# ---- pages ----------------------------------------------------------------------------------------------


def test_observations_come_in_pages_instead_of_a_cap(client, world):
    Observation.objects.bulk_create(
        Observation(
            indicator=world.mmr, region=world.county, year=2000 + i, value=float(i), status="approved"
        )
        for i in range(25)
    )
    assert client.login(username=world.users["evaluator"].username, password=PASSWORD)
    first = client.get("/api/reporting/observations?page_size=10").json()
    assert (first["count"], first["pages"], first["page"], first["next"]) == (25, 3, 1, 2)
    assert [r["year"] for r in first["items"]] == list(range(2000, 2010))
    last = client.get("/api/reporting/observations?page_size=10&page=3").json()
    assert [r["year"] for r in last["items"]] == list(range(2020, 2025)) and last["next"] is None


def test_a_page_beyond_the_end_is_404_naming_the_last_page(client, world):
    assert client.login(username=world.users["evaluator"].username, password=PASSWORD)
    empty = client.get("/api/reporting/observations").json()
    assert (empty["count"], empty["pages"], empty["items"]) == (0, 1, [])
    answer = client.get("/api/reporting/observations?page=2")
    assert answer.status_code == 404 and "第 2 页不存在" in answer.json()["detail"]
    assert "最后一页是第 1 页" in answer.json()["detail"]


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page_size=0", "page_size=1001", "page=99999999999"])
def test_bad_page_parameters_are_422_in_chinese(client, world, query):
    assert client.login(username=world.users["admin"].username, password=PASSWORD)
    answer = client.get(f"/api/plans?{query}")
    assert answer.status_code == 422 and "参数「page" in answer.json()["detail"]


# ---- writing observations -------------------------------------------------------------------------------


def write(client, task, token, rows, **extra):
    return client.post(
        f"/api/reporting/tasks/{task.pk}/observations", {"rows": rows, **extra},
        content_type="application/json", **bearer(token),
    )  # fmt: skip


def test_a_reporter_writes_and_submits_through_the_forms_rules(client, world, tasks):
    task, health = tasks["区卫生健康委"], world.users["health"]
    _, token = issue(health, "直报", by=health)
    draft = write(client, task, token, [{"indicator_id": world.mmr.pk, "cells": {"total": "10.5"}}])
    assert draft.status_code == 200, draft.json()
    assert (draft.json()["task_id"], draft.json()["changed"], draft.json()["submitted"]) == (
        task.pk,
        1,
        False,
    )
    obs = Observation.objects.get(indicator=world.mmr, region=world.county, year=2023)
    assert (obs.value, obs.status, obs.source, obs.updated_by) == (10.5, "draft", "api", health)
    rows = [
        {"indicator_id": world.mmr.pk, "cells": {"total": 11}},
        {"indicator_id": world.hosp.pk, "cells": {"total": "99"}, "numerator": 99, "denominator": 100},
    ]
    done = write(client, task, token, rows, submit=True, reason="核实后更正")
    assert done.status_code == 200 and done.json()["submitted"] is True
    assert Task.objects.get(pk=task.pk).status == Task.Status.SUBMITTED
    change = ObservationHistory.objects.filter(indicator=world.mmr, field="value").latest("id")
    assert (change.old, change.new, change.reason, change.source) == ("10.5", "11", "核实后更正", "api")
    assert AuditEvent.objects.filter(action=Action.SUBMIT, user=health).exists()
    # submitted: the form would refuse a change now, and so does the API
    again = write(client, task, token, [{"indicator_id": world.mmr.pk, "cells": {"total": 12}}])
    assert again.status_code == 409 and "不能修改" in again.json()["detail"]


def test_invalid_observations_are_refused_whole_with_chinese_problems(client, world, tasks):
    task, health = tasks["区卫生健康委"], world.users["health"]
    _, token = issue(health, "直报", by=health)
    rows = [
        {"indicator_id": world.mmr.pk, "cells": {"total": "十二点五"}},
        {"indicator_id": world.hosp.pk, "cells": {"total": "180"}},
        {"indicator_id": world.enrol.pk, "cells": {"total": "90"}},  # the education bureau's indicator
    ]
    answer = write(client, task, token, rows)
    body = answer.json()
    assert answer.status_code == 422 and "未保存任何数据" in body["detail"]
    problems = {(p["indicator"], p["rule"]) for p in body["problems"]}
    assert ("学前教育毛入园率", "无权填报") in problems
    assert any(p["indicator"] == "孕产妇死亡率" for p in body["problems"])
    assert any(p["indicator"] == "住院分娩率" for p in body["problems"])
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([{"indicator_id": 1, "cells": {"widows": "1"}}], "单元格「widows」无效"),
        ([{"indicator_id": 1, "cells": {}}, {"indicator_id": 1, "cells": {}}], "出现了两次"),
        ([], "rows"),
        ([{"indicator_id": 0, "cells": {}}], "indicator_id"),
    ],
)
def test_malformed_bodies_are_422(client, world, tasks, rows, expected):
    task, health = tasks["区卫生健康委"], world.users["health"]
    _, token = issue(health, "直报", by=health)
    answer = write(client, task, token, rows)
    assert answer.status_code == 422 and expected in answer.json()["detail"]


def test_only_the_tasks_own_reporter_writes(client, world, tasks):
    task = tasks["区卫生健康委"]
    rows = [{"indicator_id": world.mmr.pk, "cells": {"total": "10"}}]
    for who, status in (("education", 403), ("monitor", 403), ("admin", 403), ("other", 404)):
        _, token = issue(world.users[who], who, by=world.users[who])
        assert write(client, task, token, rows).status_code == status, who
    _, token = issue(world.users["health"], "h", by=world.users["health"])
    missing = client.post("/api/reporting/tasks/999999/observations", {"rows": rows},
                          content_type="application/json", **bearer(token))  # fmt: skip
    assert missing.status_code == 404
    assert not Observation.objects.exists()


def test_session_writes_need_the_csrf_token(world, tasks):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.login(username=world.users["health"].username, password=PASSWORD)
    answer = client.post(f"/api/reporting/tasks/{tasks['区卫生健康委'].pk}/observations",
                         {"rows": [{"indicator_id": world.mmr.pk, "cells": {"total": "1"}}]},
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 403 and not Observation.objects.exists()


def test_a_body_that_is_not_json_is_400_in_chinese(client, world, tasks):
    _, token = issue(world.users["health"], "h", by=world.users["health"])
    answer = client.post(f"/api/reporting/tasks/{tasks['区卫生健康委'].pk}/observations", "{rows: [",
                         content_type="application/json", **bearer(token))  # fmt: skip
    assert answer.status_code == 400 and "请求体无法解析" in answer.json()["detail"]
