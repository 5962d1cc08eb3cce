"""Assessment: running (admin/monitor only), the latest stored run's rows, warnings and their bad inputs."""

import pytest

from planwatch.apps.evaluation.models import AssessmentRun
from planwatch.domain import statuses

from .conftest import login, observe


def test_no_stored_run_is_404_in_chinese(client, api_world):
    login(client, api_world.users["evaluator"])
    for path in ("assessment", "warnings"):
        response = client.get(f"/api/plans/{api_world.plan.pk}/{path}")
        assert response.status_code == 404
        assert "还没有监测评估结果" in response.json()["detail"]


@pytest.mark.parametrize("who", ["admin", "monitor"])
def test_runners_store_a_run_and_read_it(client, api_world, who):
    w = api_world
    login(client, w.users[who])
    response = client.post(f"/api/plans/{w.plan.pk}/assessment")
    assert response.status_code == 201, response.content
    run = response.json()
    stored = AssessmentRun.objects.get()
    assert run["id"] == stored.pk and run["rows"] == stored.rows > 0 and run["region_code"] == "500116"
    body = client.get(f"/api/plans/{w.plan.pk}/assessment").json()
    assert body["run"]["id"] == stored.pk and 2024 in body["years"]
    assert len(body["items"]) == stored.results.count()
    mmr_2024 = [r for r in body["items"] if r["indicator_id"] == w.mmr.pk and r["year"] == 2024
                and r["sex"] == "total"]  # fmt: skip
    assert mmr_2024[0]["value"] == 14.2 and mmr_2024[0]["status"] == "not_met"  # target ≤12/10万
    assert mmr_2024[0]["status_label"] == "未达标"  # the code is the value; the label rides along for display
    assert all(r["status_label"] == statuses.label(r["status"]) for r in body["items"])
    assert set(body["run"]["summary"]) <= set(statuses.CODES)
    only_2023 = client.get(f"/api/plans/{w.plan.pk}/assessment?year=2023").json()["items"]
    assert only_2023 and {r["year"] for r in only_2023} == {2023}
    # results never include another region's rows
    assert {r["region_code"] for r in body["items"]} <= {"500116", "500116101"}


@pytest.mark.parametrize("who,status", [("evaluator", 403), ("leader", 403), ("health", 403), ("town", 403),
                                        ("other_monitor", 404)])  # fmt: skip
def test_only_admin_and_monitor_of_the_region_may_run(client, api_world, who, status):
    login(client, api_world.users[who])
    response = client.post(f"/api/plans/{api_world.plan.pk}/assessment")
    assert response.status_code == status
    assert response.json()["detail"]
    assert not AssessmentRun.objects.exists()


def test_reporters_and_other_regions_cannot_read_results(client, api_world):
    w = api_world
    login(client, w.users["monitor"])
    assert client.post(f"/api/plans/{w.plan.pk}/assessment").status_code == 201
    client.logout()
    for who, status in (("health", 403), ("town", 403), ("other", 403), ("other_monitor", 404)):
        login(client, w.users[who])
        for path in ("assessment", "warnings"):
            assert client.get(f"/api/plans/{w.plan.pk}/{path}").status_code == status, (who, path)
        client.logout()


def test_assessment_bad_year(client, api_world):
    w = api_world
    login(client, w.users["monitor"])
    client.post(f"/api/plans/{w.plan.pk}/assessment")
    response = client.get(f"/api/plans/{w.plan.pk}/assessment?year=abc")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "year" in detail and "整数" in detail and "abc" in detail
    response = client.get(f"/api/plans/{w.plan.pk}/assessment?year=1999")
    assert response.status_code == 404 and "1999" in response.json()["detail"]
    assert client.post(f"/api/plans/{w.plan.pk}/assessment?year=abc").status_code == 422
    assert client.get("/api/plans/999999/assessment").status_code == 404


def test_warnings_by_kind(client, api_world):
    w = api_world
    login(client, w.users["monitor"])
    client.post(f"/api/plans/{w.plan.pk}/assessment")
    body = client.get(f"/api/plans/{w.plan.pk}/warnings").json()
    assert set(body["counts"]) >= {"at_risk", "binding_missed", "regressing"}
    assert body["items"] and all(r["warnings"] for r in body["items"])
    # 孕产妇死亡率 rose from 11 to 14.2 against a ceiling of 12: the binding target is missed
    assert body["counts"]["binding_missed"] > 0
    missed = client.get(f"/api/plans/{w.plan.pk}/warnings?kind=binding_missed").json()
    assert missed["kind"] == "binding_missed" and len(missed["items"]) == body["counts"]["binding_missed"]
    assert all("binding_missed" in r["warnings"] and "约束性指标未达标" in r["warning_labels"]
               for r in missed["items"])  # fmt: skip
    assert {r["indicator_id"] for r in missed["items"]} == {w.mmr.pk}


def test_warnings_unknown_kind_names_the_parameter(client, api_world):
    w = api_world
    login(client, w.users["monitor"])
    client.post(f"/api/plans/{w.plan.pk}/assessment")
    response = client.get(f"/api/plans/{w.plan.pk}/warnings?kind=flood")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("参数「kind」无效：应为 'at_risk', 'volatile'") and detail.endswith(
        "收到「flood」"
    )
    assert " or " not in detail


def test_post_without_csrf_token_is_refused_in_chinese(api_world):
    from django.test import Client

    browser = login(Client(enforce_csrf_checks=True), api_world.users["admin"])
    url = f"/api/plans/{api_world.plan.pk}/assessment"
    response = browser.post(url)
    assert response.status_code == 403 and "X-CSRFToken" in response.json()["detail"]
    browser.get("/api/docs")  # any page that hands out the csrftoken cookie
    response = browser.post(url, headers={"X-CSRFToken": browser.cookies["csrftoken"].value})
    assert response.status_code == 201


def test_results_carry_the_milestone_status_and_every_projection(client, api_world):
    w = api_world
    observe(w.mmr, w.county, 2025, 12.8)  # mid-term: ≤13/10万 (2025 milestone) met, ≤12/10万 (2030) not yet
    login(client, w.users["monitor"])
    assert client.post(f"/api/plans/{w.plan.pk}/assessment").status_code == 201
    results = client.get(f"/api/plans/{w.plan.pk}/assessment").json()["items"]
    mmr = {r["year"]: r for r in results if r["indicator_id"] == w.mmr.pk and r["region_code"] == "500116"
           and r["sex"] == "total"}  # fmt: skip
    mid = mmr[2025]
    assert mid["status"] == "not_met"
    assert (mid["milestone_year"], mid["milestone_target"], mid["milestone_status"]) == (
        2025,
        "≤13/10万",
        "met",
    )
    assert "2025年阶段目标≤13/10万，已达到" in mid["explanation"]
    assert set(mmr[2024]["projections"]) == {"2025", "2030"} and mmr[2024]["milestone_status"] == ""
    assert set(mid["projections"]) == {"2030"}
    # worsening 2021–2024 (11 → 14.2): projected to miss the 2025 milestone first, and the sentence names it
    assert mmr[2024]["at_risk_year"] == 2025 and mmr[2024]["projections"]["2025"] > 13
    assert "达不到2025年阶段目标≤13/10万" in mmr[2024]["explanation"]


def test_assessment_and_warnings_come_in_pages_with_their_summaries(client, api_world):
    w = api_world
    login(client, w.users["monitor"])
    assert client.post(f"/api/plans/{w.plan.pk}/assessment").status_code == 201
    whole = client.get(f"/api/plans/{w.plan.pk}/assessment?page_size=1000").json()
    n = whole["count"]
    assert n == len(whole["items"]) > 3 and whole["pages"] == 1 and whole["next"] is None
    first = client.get(f"/api/plans/{w.plan.pk}/assessment?page_size=2").json()
    assert (first["count"], first["page"], first["pages"], first["page_size"], first["next"]) == (
        n, 1, -(-n // 2), 2, 2,
    )  # fmt: skip
    assert first["years"] == whole["years"] and first["run"] == whole["run"]  # summaries cover every page
    pages = [client.get(f"/api/plans/{w.plan.pk}/assessment?page_size=2&page={p}").json()
             for p in range(1, first["pages"] + 1)]  # fmt: skip
    assert [r for p in pages for r in p["items"]] == whole["items"]  # the pages, in order, are the whole list
    beyond = client.get(f"/api/plans/{w.plan.pk}/assessment?page_size=2&page={first['pages'] + 1}")
    assert beyond.status_code == 404 and f"最后一页是第 {first['pages']} 页" in beyond.json()["detail"]

    warned = client.get(f"/api/plans/{w.plan.pk}/warnings?page_size=1").json()
    total = sum(1 for r in whole["items"] if r["warnings"])
    assert warned["count"] == total > 1 and len(warned["items"]) == 1 and warned["next"] == 2
    last = client.get(f"/api/plans/{w.plan.pk}/warnings?page_size=1&page={total}").json()
    assert last["next"] is None and last["counts"] == warned["counts"]  # counts are over all pages
    bad = client.get(f"/api/plans/{w.plan.pk}/warnings?page_size=0")
    assert bad.status_code == 422 and "page_size" in bad.json()["detail"]
