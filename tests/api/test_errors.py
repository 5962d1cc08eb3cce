"""Every answer under /api/ is Chinese JSON, also the ones no endpoint produces: a wrong method (405), an
unknown path (404), a body that is not JSON (400), of another type (415) or over the size limit (413)."""

import json

import pytest

from .conftest import login


def detail(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    text = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    return text


@pytest.fixture
def signed_in(client, api_world):
    client.raise_request_exception = False
    return login(client, api_world.users["health"])


def test_a_wrong_method_is_405_naming_the_allowed_ones(signed_in, api_world):
    response = signed_in.delete(f"/api/plans/{api_world.plan.pk}")
    assert detail(response, 405) == "该接口不支持 DELETE 方法（允许：GET）"
    assert response["Allow"] == "GET"
    text = detail(signed_in.put(f"/api/plans/{api_world.plan.pk}/assessment"), 405)
    assert "PUT" in text and "GET、POST" in text


def test_an_unknown_api_path_is_404_json(signed_in, client):
    assert (
        detail(signed_in.get("/api/nothing/here"), 404)
        == "接口不存在：GET /api/nothing/here（全部接口见 /api/docs）"
    )
    assert "/api/plans/1/nothing" in detail(signed_in.get("/api/plans/1/nothing"), 404)
    client.logout()
    assert "接口不存在" in detail(client.get("/api/nothing"), 404)  # anonymous too: nothing to hide here
    assert client.get("/nothing-here/").status_code == 404  # web pages keep their Chinese HTML page
    assert client.get("/nothing-here/")["Content-Type"].startswith("text/html")


def task_url(world):
    from planwatch.apps.reporting.models import Task

    return f"/api/reporting/tasks/{Task.objects.first().pk if Task.objects.exists() else 1}/observations"


def test_malformed_json_is_400(signed_in, api_world):
    url = task_url(api_world)
    text = detail(signed_in.post(url, '{"rows": [', content_type="application/json"), 400)
    assert text.startswith("请求体无法解析：应为 JSON")


def test_another_content_type_is_415(signed_in, api_world):
    url = task_url(api_world)
    text = detail(signed_in.post(url, "rows=1", content_type="text/plain"), 415)
    assert text == "不支持的请求体类型「text/plain」：应为 application/json"
    assert "multipart/form-data" in detail(signed_in.post(url, {"rows": "1"}), 415)


def test_an_oversized_body_is_413(signed_in, api_world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    url = task_url(api_world)
    body = json.dumps({"rows": [{"indicator_id": 1, "cells": {"total": "1" * (3 * 1024 * 1024)}}]})
    assert (
        detail(signed_in.post(url, body, content_type="application/json"), 413)
        == "请求体过大：超过 2 MB 的上限"
    )
    form = {"rows": "x" * (3 * 1024 * 1024)}
    assert "请求体过大" in detail(signed_in.post(url, form), 413)


def test_errors_of_the_endpoints_pass_unchanged(signed_in, api_world):
    text = detail(signed_in.get("/api/reporting/rounds/424242/tasks"), 404)
    assert text == "没有编号为 424242 的报送轮次"
