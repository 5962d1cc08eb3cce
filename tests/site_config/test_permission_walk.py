"""Who may do what, for EVERY URL pattern and API endpoint: each is requested (GET and POST, the POST with an
empty body, each in a transaction rolled back afterwards) as anonymous and as every role, and the answer's
class is compared with the table below. A URL or endpoint without a line in the table fails the test, so a
new page cannot be added without saying who may open it.

API POSTs carry a valid body (one value of the task's indicator), so the answer is the permission's.

Answer classes: ``L`` login needed (302 to the login page, or 401), ``F`` 403, ``N`` 404 (unknown, or
another region's object), ``M`` 405, ``A`` allowed (any other answer below 500: the page, a redirect, or the
Chinese complaint about the empty form/body). A 500 fails whatever the table says.

Roles, in the order of each string: anonymous, 妇儿工委办 admin, 统计局监测组 monitor, 评估组 evaluator,
领导 leader, 部门填报员 health (the task's own department), 下级地区填报员 town, another county's reporter,
another county's monitor. The objects are the county's: its plan, the health department's task, the round,
a generated and a published report, an implementation report.
"""

import json
import os

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from reporting.factories import PASSWORD

ROLES = ["anonymous", "admin", "monitor", "evaluator", "leader", "health", "town", "other", "other_monitor"]

# page name: "GET POST" (one letter per role); API endpoint "METHOD /path": one string
EXPECTED = {
    "GET /api/dictionary/entries": "LAAAAAAAA",
    "GET /api/dictionary/entries/{code}": "LAAAAAAAA",
    "GET /api/observations.csv": "LAAAAAAAA",
    "GET /api/plans": "LAAAAAAAA",
    "GET /api/plans/{plan_id}": "LAAAAANNN",
    "GET /api/plans/{plan_id}/alignment": "LAAAAFFFN",
    "GET /api/plans/{plan_id}/assessment": "LNNNNFFFN",  # no stored run yet: 404 for the readers
    "GET /api/plans/{plan_id}/indicators": "LAAAAANNN",
    "GET /api/plans/{plan_id}/warnings": "LNNNNFFFN",
    "GET /api/reporting/observations": "LAAAAAAAA",
    "POST /api/imports/sdmx": "LAAFFFFFA",  # another county's monitor may import (its own rows: checked per row)
    "GET /api/reporting/rounds": "LAAAAAAAA",
    "GET /api/reporting/rounds/{round_id}/tasks": "LAAAAANNN",
    "POST /api/plans/{plan_id}/assessment": "LAAFFFFFN",
    "POST /api/reporting/tasks/{task_id}/observations": "LFFFFANNN",
    "accounts:tokens": "LAAAAAAAA LAAAAAAAA",
    "administration:account_edit": "LAFFFFFFF LAFFFFFFF",
    "administration:account_new": "LAFFFFFFF LAFFFFFFF",
    "administration:account_password": "LMMMMMMMM LAFFFFFFF",
    "administration:accounts": "LAFFFFFFF LAFFFFFFF",
    "administration:department_active": "LMMMMMMMM LAFFFFFFF",
    "administration:department_edit": "LMMMMMMMM LAFFFFFFF",
    "administration:departments": "LAFFFFFFF LAFFFFFFF",
    "administration:export": "LAFFFFFFF LMMMMMMMM",
    "administration:export_job": "LAFFFFFFF LMMMMMMMM",
    "administration:export_job_download": "LAFFFFFFF LMMMMMMMM",
    "administration:export_request": "LMMMMMMMM LNFFFFFFF",  # the empty form names no region: 404 (another region's too)
    "administration:index": "LAFFFFFFF LAFFFFFFF",
    "administration:password_change": "LAAAAAAAA LAAAAAAAA",
    "audit:events": "LAFFFFFFF LAFFFFFFF",
    "dashboard:index": "LAAAAFFFA LAAAAFFFA",
    "dictionary:alignment": "LAAAAFFFN LAAAAFFFN",
    "dictionary:decide": "LMMMMMMMM LAAFFFFFN",
    "dictionary:registry": "LAAAAAAAA LAAAAAAAA",
    "dictionary:review": "LAAAAFFFN LAAAAFFFN",
    "evaluation:compare": "LAAAAFFFN LAAAAFFFN",
    "evaluation:gender_gap": "LAAAAFFFN LAAAAFFFN",
    "evaluation:import_reassessment": "LAAFFFFFN LAAFFFFFN",  # the importer's office and monitoring group
    "evaluation:index": "LAAAAFFFA LAAAAFFFA",
    "evaluation:indicator": "LAAAAFFFN LAAAAFFFN",
    "evaluation:indicator_download": "LAAAAFFFN LAAAAFFFN",
    "evaluation:overview": "LAAAAFFFN LAAAAFFFN",
    "evaluation:run": "LMMMMMMMM LAAFFFFFN",
    "evaluation:warnings": "LAAAAFFFN LAAAAFFFN",
    "portal:feedback": "AAAAAAAAA AAAAAAAAA",  # the public portal: anonymous visitors read and write feedback
    "portal:home": "AAAAAAAAA AAAAAAAAA",
    "portal:inbox": "LAFFFFFFF LAFFFFFFF",
    "portal:inbox_close": "LMMMMMMMM LAFFFFFFF",
    "portal:inbox_item": "LAFFFFFFF LAFFFFFFF",
    "portal:indicator": "AAAAAAAAA AAAAAAAAA",
    "portal:plan": "AAAAAAAAA AAAAAAAAA",
    "portal:region": "AAAAAAAAA AAAAAAAAA",
    "portal:report": "AAAAAAAAA AAAAAAAAA",
    "reports:download": "LAAAAFFFN LAAAAFFFN",
    "reports:draft_history": "LNNNNFFFN LNNNNFFFN",  # idem
    "reports:drafts": "LNNNNFFFN LNNNNFFFN",  # 2023 is no evaluation year: 404 for the readers
    "reports:index": "LAAAAFFFA LAAAAFFFA",
    "reports:job": "LAAAAFFFN LAAAAFFFN",
    "reports:judgements": "LAAAAFFFN LFFAFFFFN",  # POST: only the evaluation group writes
    "reports:page": "LAAAAFFFN LAAAAFFFN",
    "reports:plan": "LAAAAFFFN LAAAAFFFN",
    "reports:publication_download": "LAAAAFFFN LAAAAFFFN",
    "reports:publish": "LMMMMMMMM LAFFFFFFN",
    "reports:request": "LMMMMMMMM LAAAFFFFN",
    "reports:retry": "LMMMMMMMM LAAAFFFFN",
    "reports:withdraw": "LMMMMMMMM LAFFFFFFN",
    "review:indicator": "LAFFFFFFF LAFFFFFFF",
    "review:plan": "LAFFFFFFF LAFFFFFFF",
    "review:plan_status": "LMMMMMMMM LAFFFFFFF",
    "review:plans": "LAFFFFFFF LAFFFFFFF",
    "web:assignments": "LAFFFFNNN LAFFFFNNN",
    "web:history_import": "LAAFFFFFA LAAFFFFFA",
    "web:sdmx_import": "LAAFFFFFA LAAFFFFFA",  # as the history import: each row is then checked for scope
    "web:home": "LAAAAAAAA LAAAAAAAA",
    "web:login": "AAAAAAAAA AAAAAAAAA",  # POST: the empty form is shown again with its error
    "web:plan_detail": "LAAAAANNN LAAAAANNN",
    "web:report_download": "LAAAAANNN LAAAAANNN",
    "web:report_upload": "LMMMMMMMM LFFFFANNN",
    "web:round_add_tasks": "LMMMMMMMM LFAFFFNNN",
    "web:round_board": "LAAAAANNN LAAAAANNN",
    "web:rounds": "LAAAAAAAA LNNNNNNNN",  # POST: the empty form names no plan (404)
    "web:task": "LAAAAANNN LFFFFANNN",
    "web:task_history": "LAAAAANNN LAAAAANNN",
    "web:task_review": "LMMMMMMMM LFAFFFNNN",
    "web:task_submit": "LMMMMMMMM LFFFFANNN",
    "web:task_template": "LAAAAANNN LAAAAANNN",
    "web:task_upload": "LMMMMMMMM LFFFFANNN",
}


def web_patterns(patterns=None, prefix="", namespace=""):
    """(route, name) of every page (the API is walked through its OpenAPI document; Django's admin is its
    own, staff-only site and is checked below as a whole)."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route.startswith(("admin/", "api/")):
                continue
            ns = ":".join(x for x in (namespace, p.namespace or "") if x)
            yield from web_patterns(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            yield route, ":".join(x for x in (namespace, p.name or "") if x)


def api_operations(client):
    doc = client.get("/api/openapi.json").json()
    for path, operations in doc["paths"].items():
        for method in operations:
            yield path, method.upper()


@pytest.fixture
def objects(world, tasks, settings, tmp_path):
    from django.core.files.base import ContentFile

    from planwatch.apps.administration.models import ExportJob
    from planwatch.apps.dictionary.models import DictionaryEntry
    from planwatch.apps.dictionary.services import sync_entries
    from planwatch.apps.evaluation.models import ImportReassessment
    from planwatch.apps.portal.models import Feedback
    from planwatch.apps.reporting.models import ImplementationReport
    from planwatch.apps.reports.models import Publication, ReportJob

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "annual.docx").write_bytes(b"PK docx")
    admin, task = world.users["admin"], tasks["区卫生健康委"]
    job = ReportJob.objects.create(kind="annual", plan=world.plan, region=world.county, year=2023, format="docx",
                                   state="done", file="reports/annual.docx", filename="annual.docx", size=7,
                                   requested_by=admin)  # fmt: skip
    pub = Publication.objects.create(job=job, kind="annual", plan=world.plan, region=world.county, year=2023,
                                     format="docx", title="2023年年度统计监测报告", file="reports/annual.docx",
                                     filename="annual.docx", size=7, published_by=admin)  # fmt: skip
    report = ImplementationReport(task=task, title="实施情况报告", original_name="实施情况.pdf", size=4,
                                  uploaded_by=world.users["health"])  # fmt: skip
    report.file.save("实施情况.pdf", ContentFile(b"%PDF"), save=True)
    feedback = Feedback.objects.create(region=world.county, message="幼儿园入园难", sender_digest="x" * 64)
    sync_entries()  # the dictionary as shipped (a partial one would break the alignment page)
    reassessment = ImportReassessment.objects.create(filename="历史数据.csv", region=world.county,
                                                     indicators=[world.mmr.pk], regions=[world.county.pk],
                                                     requested_by=world.users["monitor"])  # fmt: skip
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "1-500116.xlsx").write_bytes(b"PK xlsx")
    export = ExportJob.objects.create(region=world.county, requested_by=admin, state="done",
                                      file="exports/1-500116.xlsx", filename="江津区.xlsx", size=7)  # fmt: skip
    return {
        "plan_id": world.plan.pk, "indicator_id": world.mmr.pk, "task_id": task.pk, "round_id": task.round_id,
        "region_id": world.county.pk, "year": 2023, "job_id": job.pk, "pub_id": pub.pk, "report_id": report.pk,
        "dept_id": world.health.pk, "user_id": world.users["health"].pk, "fmt": "csv",
        "name": "swagger-ui-init.js", "feedback_id": feedback.pk,
        "code": world.county.code, "item_id": reassessment.pk, "export_id": export.pk,
        "api:code": DictionaryEntry.objects.order_by("code").first().code,
    }  # fmt: skip


def fill(route: str, values: dict) -> str:
    """The route with the fixture's objects; an API ``{code}`` is a dictionary code, a page's a region code."""
    import re

    def value(m):
        name = m.group(1).split(":")[-1]
        if route.startswith("/api/") and f"api:{name}" in values:
            return str(values[f"api:{name}"])
        assert name in values, f"no value for <{m.group(1)}> in {route}: add one to the objects fixture"
        return str(values[name])

    return "/" + re.sub(r"[<{]([^>}]+)[>}]", value, route).lstrip("/")


def answer_class(response) -> str:
    code = response.status_code
    assert code < 500, f"server error {code}"
    if code == 401 or (code == 302 and response["Location"].startswith("/accounts/login/")):
        return "L"
    return {403: "F", 404: "N", 405: "M"}.get(code, "A")


def ask(client, method: str, url: str, api: bool, values: dict) -> str:
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif api:
            body = json.dumps({"rows": [{"indicator_id": values["indicator_id"], "cells": {"total": "10"}}]})
            response = getattr(client, method.lower())(url, body, content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    try:
        return answer_class(response)
    except AssertionError as exc:
        raise AssertionError(f"{method} {url}: {exc}") from None


def walk(client, values) -> dict[str, str]:
    seen = {}
    for route, name in web_patterns():
        if name == "web:logout":
            continue  # logging out ends the walk's session; checked on its own below
        url = fill(route, values)
        seen[name] = ask(client, "GET", url, False, values) + ask(client, "POST", url, False, values)
    for path, method in api_operations(client):
        if path == "/api/docs/assets/{name}":
            continue
        seen[f"{method} {path}"] = ask(client, method, fill(path, values), True, values)
    return seen


def login_as(client, world, role):
    if role != "anonymous":
        assert client.login(username=world.users[role].username, password=PASSWORD)


def test_every_page_and_endpoint_answers_each_role_as_the_table_says(client, world, objects):
    by_role = {}
    for role in ROLES:
        client.logout()
        login_as(client, world, role)
        by_role[role] = walk(client, objects)
    names = sorted(by_role["anonymous"])
    actual = {n: " ".join("".join(by_role[r][n][i] for r in ROLES) for i in range(len(by_role["anonymous"][n])))
              for n in names}  # fmt: skip
    if os.environ.get("PLANWATCH_PRINT_WALK"):
        print("\n".join(f'    "{n}": "{actual[n]}",' for n in names))
    missing = sorted(set(actual) - set(EXPECTED))
    assert not missing, f"no expectation for {missing}: add a line to EXPECTED saying who may do what"
    stale = sorted(set(EXPECTED) - set(actual))
    assert not stale, f"expectations for URLs that no longer exist: {stale}"
    wrong = {n: (EXPECTED[n], actual[n]) for n in names if EXPECTED[n] != actual[n]}
    assert not wrong, (
        "answers differ from the table (expected, actual), roles " + " ".join(ROLES) + f": {wrong}"
    )


def test_the_admin_site_is_for_superusers_only(client, world):
    from django.contrib.auth.models import User

    for role in ROLES:
        client.logout()
        login_as(client, world, role)
        answer = client.get("/admin/")
        assert answer.status_code == 302 and "/admin/login/" in answer["Location"], role
    User.objects.create_superuser("root", password=PASSWORD)
    assert client.login(username="root", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_logout_ends_the_session(client, world):
    login_as(client, world, "admin")
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get("/").status_code == 302
