"""The OpenAPI document lists every endpoint with a Chinese summary; anonymous callers get 401 everywhere."""

import re

import pytest

ENDPOINTS = [
    ("get", "/api/plans"),
    ("get", "/api/plans/{plan_id}"),
    ("get", "/api/plans/{plan_id}/indicators"),
    ("get", "/api/plans/{plan_id}/alignment"),
    ("get", "/api/plans/{plan_id}/assessment"),
    ("post", "/api/plans/{plan_id}/assessment"),
    ("get", "/api/plans/{plan_id}/warnings"),
    ("get", "/api/dictionary/entries"),
    ("get", "/api/dictionary/entries/{code}"),
    ("get", "/api/observations.csv"),
    ("get", "/api/reporting/rounds"),
    ("get", "/api/reporting/rounds/{round_id}/tasks"),
    ("get", "/api/reporting/observations"),
]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.django_db
def test_openapi_lists_every_endpoint_with_chinese_summary(client):
    doc = client.get("/api/openapi.json").json()
    listed = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert listed == set(ENDPOINTS)
    for method, path in ENDPOINTS:
        op = doc["paths"][path][method]
        assert CJK.search(op["summary"]), (method, path)
        assert op["security"], f"{method} {path} must require the session"
        assert op["tags"], (method, path)


@pytest.mark.django_db
def test_openapi_documents_typed_parameters(client):
    doc = client.get("/api/openapi.json").json()
    params = {p["name"]: p for p in doc["paths"]["/api/plans/{plan_id}/warnings"]["get"]["parameters"]}
    kinds = params["kind"]["schema"]
    enum = kinds.get("enum") or next(s["enum"] for s in kinds["anyOf"] if "enum" in s)
    assert "at_risk" in enum and "binding_missed" in enum
    csv = doc["paths"]["/api/observations.csv"]["get"]["responses"]["200"]["content"]
    assert "application/vnd.sdmx.data+csv; version=2.1.0" in csv


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_anonymous_callers_get_401(client, api_world, method, path):
    url = (
        path.replace("{plan_id}", str(api_world.plan.pk))
        .replace("{code}", "TST-MMR")
        .replace("{round_id}", "1")
    )
    response = getattr(client, method)(url)
    assert response.status_code == 401
    assert "登录" in response.json()["detail"]
