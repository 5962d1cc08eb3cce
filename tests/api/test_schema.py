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
    ("post", "/api/imports/sdmx"),
    ("get", "/api/reporting/rounds"),
    ("get", "/api/reporting/rounds/{round_id}/tasks"),
    ("get", "/api/reporting/observations"),
    ("post", "/api/reporting/tasks/{task_id}/observations"),
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


@pytest.mark.django_db
def test_docs_page_loads_nothing_from_a_cdn(client):
    html = client.get("/api/docs").content.decode()
    assert "cdn" not in html and "http://" not in html and "https://" not in html
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"):
        assert f"/api/docs/assets/{name}" in html
        response = client.get(f"/api/docs/assets/{name}")
        assert response.status_code == 200 and b"".join(response.streaming_content)
    assert client.get("/api/docs/assets/..%2Fsettings.py").status_code == 404


def test_out_of_range_values_name_the_parameter(client, api_world):
    from .conftest import login

    login(client, api_world.users["admin"])
    response = client.get("/api/plans/99999999999")
    assert response.status_code == 422 and "plan_id" in response.json()["detail"]
    response = client.get(f"/api/plans/{api_world.plan.pk}/assessment?year=20230")
    assert response.status_code == 422
    assert response.json()["detail"] == "参数「year」无效：应不大于 2100，收到「20230」"
    response = client.get("/api/reporting/rounds/424242/tasks")
    assert response.status_code == 404 and response.json()["detail"] == "没有编号为 424242 的报送轮次"


# Lists inside these answers are bounded by one plan's indicator system or one dictionary entry (see
# planwatch/apps/api/pages.py).
BOUNDED = {"/api/plans/{plan_id}", "/api/plans/{plan_id}/alignment", "/api/dictionary/entries/{code}"}


@pytest.mark.django_db
def test_every_list_endpoint_is_paged(client):
    doc = client.get("/api/openapi.json").json()
    schemas = doc["components"]["schemas"]
    paged = set()
    for path, ops in doc["paths"].items():
        op = ops.get("get")
        content = (op or {}).get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if not content:
            continue
        ref = content["schema"].get("$ref", "")
        schema = schemas[ref.rsplit("/", 1)[-1]] if ref else content["schema"]
        assert schema.get("type") != "array", f"{path} answers a bare list"
        props = schema.get("properties", {})
        if "items" in props:
            names = {p["name"] for p in op["parameters"]}
            assert {"page", "page_size"} <= names and {"count", "pages", "next"} <= set(props), path
            paged.add(path)
        elif path not in BOUNDED:
            lists = [k for k, v in props.items() if v.get("type") == "array"]
            assert not lists, f"{path} has unpaged lists {lists}: page them or add the path to BOUNDED"
    assert {"/api/plans/{plan_id}/assessment", "/api/plans/{plan_id}/warnings", "/api/plans",
            "/api/reporting/observations"} <= paged  # fmt: skip
