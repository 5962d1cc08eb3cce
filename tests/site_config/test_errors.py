"""Production errors: DEBUG is off by default, a 500 is logged (stderr and the log file under the data
directory) and answered with the Chinese page; ids beyond any record answer 4xx in Chinese, never 500."""

import logging
import uuid

import pytest
from reporting.factories import PASSWORD

from planwatch.site.ids import MAX_ID, parse_id

HUGE = "99999999999999999999"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_debug_is_off_unless_asked_for(monkeypatch):
    import importlib

    import planwatch.site.settings as site_settings

    monkeypatch.delenv("PLANWATCH_DEBUG", raising=False)
    try:
        assert importlib.reload(site_settings).DEBUG is False
        monkeypatch.setenv("PLANWATCH_DEBUG", "1")
        assert importlib.reload(site_settings).DEBUG is True
    finally:
        monkeypatch.delenv("PLANWATCH_DEBUG", raising=False)
        importlib.reload(site_settings)


@pytest.mark.urls("site_config.failing_urls")
def test_a_500_is_logged_and_answered_in_chinese(client, db, caplog, settings):
    client.raise_request_exception = False
    marker = f"boom-{uuid.uuid4().hex}"
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(f"/broken/?marker={marker}")
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器内部错误" in page and "已记录在服务器日志中" in page
    assert marker not in page and "Traceback" not in page  # no details for the visitor
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.levelno == logging.ERROR and record.exc_info[1].args == (marker,)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert marker in (settings.LOG_DIR / "planwatch.log").read_text(encoding="utf-8")


def test_parse_id_bounds():
    assert parse_id("42") == 42 and parse_id(str(MAX_ID)) == MAX_ID
    for bad in (HUGE, str(MAX_ID + 1), "0", "-1", "4e3", "", None, "１２"):
        assert parse_id(bad) is None


def test_api_answers_huge_ids_with_a_chinese_4xx(client, world, round_):
    login(client, world.users["monitor"])
    for url, name in [
        (f"/api/reporting/observations?indicator_id={HUGE}", "indicator_id"),
        (f"/api/reporting/observations?plan_id={HUGE}", "plan_id"),
        (f"/api/reporting/rounds/{HUGE}/tasks", "round_id"),
        (f"/api/plans/{HUGE}", "plan_id"),
        (f"/api/plans/{HUGE}/assessment", "plan_id"),
        (f"/api/observations.csv?plan={HUGE}", "plan"),
    ]:
        response = client.get(url)
        assert response.status_code == 422, url
        assert f"「{name}」无效：应不大于 {MAX_ID}" in response.json()["detail"], url
    ok = client.get(f"/api/reporting/observations?indicator_id={world.mmr.pk}")
    assert ok.status_code == 200


def test_pages_answer_huge_ids_with_404_or_a_message(client, world, tasks):
    login(client, world.users["monitor"])
    for url in (f"/plans/{HUGE}/", "/plans/99999999999/", f"/tasks/{HUGE}/", f"/rounds/{MAX_ID + 1}/",
                f"/evaluation/plans/{HUGE}/", f"/dictionary/plans/{HUGE}/review/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert (
        client.post("/rounds/", {"plan": HUGE, "year": "2023", "deadline": "2099-01-01"}).status_code == 404
    )
    client.logout()
    login(client, world.users["health"])
    task = tasks["区卫生健康委"]
    response = client.post(f"/tasks/{task.pk}/", {f"v-{HUGE}-total": "1", "action": "draft"})
    assert response.status_code == 302  # the foreign field is no indicator: ignored, not a crash


def test_every_integer_parameter_of_every_endpoint_answers_4xx_for_hostile_values(client, world, round_):
    """Walk the OpenAPI document: any integer path or query parameter, given a huge, negative or non-numeric
    value, answers a Chinese 4xx (never 500), so endpoints added later are held to it too."""
    login(client, world.users["monitor"])
    doc = client.get("/api/openapi.json").json()
    checked = 0
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            params = op.get("parameters", [])
            defaults = {p["name"]: "1" for p in params if p["in"] == "path"}
            for p in params:
                if p.get("schema", {}).get("type") != "integer" and "integer" not in str(p.get("schema")):
                    continue
                for bad in (HUGE, "-1", "abc"):
                    values = {**defaults, p["name"]: bad}
                    url = path
                    for name, value in values.items():
                        url = url.replace("{" + name + "}", value)
                    query = {p["name"]: bad} if p["in"] == "query" else {}
                    response = (
                        getattr(client, method)(url, query)
                        if method == "get"
                        else client.post(url + (f"?{p['name']}={bad}" if query else ""))
                    )
                    assert 400 <= response.status_code < 500, (method, url, query, response.status_code)
                    detail = response.json()["detail"]
                    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail), detail
                    checked += 1
    assert checked >= 30


def test_no_url_pattern_takes_an_unbounded_int():
    """``<int:…>`` accepts any number of digits and the query then fails (500); ``<id:…>`` stops at MAX_ID."""
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.urls.converters import IntConverter

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            converters = getattr(p.pattern, "converters", {})
            yield route, converters
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, route)
            else:
                assert isinstance(p, URLPattern)

    unbounded = [route for route, converters in walk(get_resolver().url_patterns)
                 if any(isinstance(c, IntConverter) for c in converters.values())]  # fmt: skip
    assert unbounded == []
