"""Plans and indicators: the full plan, typed targets, scope (the plan pages' rule) and Chinese 404s."""

from planwatch.apps.plans.models import Plan

from .conftest import login


def test_plan_list_is_scoped(client, api_world):
    w = api_world
    Plan.objects.create(status="active", title="大渡口区儿童发展规划", population="children", region=w.other_county,
                        period_start=2021, period_end=2030)  # fmt: skip
    login(client, w.users["admin"])
    rows = client.get("/api/plans").json()["items"]
    assert [(r["id"], r["region_code"], r["indicator_count"]) for r in rows] == [(w.plan.pk, "500116", 4)]
    client.logout()
    login(client, w.users["other_monitor"])
    assert [r["region_code"] for r in client.get("/api/plans").json()["items"]] == ["500104"]


def test_plan_detail_has_areas_goals_and_typed_indicators(client, api_world):
    w = api_world
    login(client, w.users["evaluator"])
    plan = client.get(f"/api/plans/{w.plan.pk}").json()
    assert plan["title"] == w.plan.title and plan["period_end"] == 2030 and plan["indicator_count"] == 4
    health, edu = plan["areas"]
    assert health["name"] == "儿童与健康" and health["indicator_ids"] == [w.mmr.pk, w.hosp.pk]
    assert health["goals"] == [{"seq": 1, "text": "孕产妇死亡率下降到12/10万以下。", "line": 40}]
    assert edu["goals"] == [] and edu["indicator_ids"] == [w.kids.pk, w.enrol.pk]
    mmr = plan["indicators"][0]
    assert mmr["name"] == "孕产妇死亡率" and mmr["unit"] == "1/10万" and mmr["attribute"] == "binding"
    assert mmr["target"] == {"text": "≤12/10万", "kind": "numeric_max", "kind_label": "不高于", "comparator": "<=",
                             "value": 12.0, "year": 2030, "detail": {}}  # fmt: skip
    assert mmr["milestones"][0]["year"] == 2025 and mmr["milestones"][0]["value"] == 13
    assert mmr["baseline"] == {"year": 2020, "value": 13.1}
    assert mmr["departments"] == ["区卫生健康委"]
    assert mmr["dictionary"] == {"code": "TST-MMR", "name": "孕产妇死亡率", "confidence": 0.97, "method": "auto",
                                 "accepted": True}  # fmt: skip
    kids = plan["indicators"][2]
    assert (kids["target"]["text"], kids["target"]["value"], kids["target"]["comparator"]) == (
        "提高",
        None,
        None,
    )
    assert kids["baseline"] is None and kids["dictionary"] is None
    assert sorted(kids["departments"]) == sorted(["区教委", "区卫生健康委"])
    # a target without its own year is due at the end of the plan period
    assert plan["indicators"][3]["target"]["year"] == 2030


def test_plan_indicators_endpoint(client, api_world):
    w = api_world
    login(client, w.users["health"])  # a department reporter reads its own region's plan, as on the plan page
    rows = client.get(f"/api/plans/{w.plan.pk}/indicators").json()["items"]
    assert [r["id"] for r in rows] == [w.mmr.pk, w.hosp.pk, w.kids.pk, w.enrol.pk]
    assert rows[1]["target"]["comparator"] == ">=" and rows[1]["target"]["value"] == 95
    assert (rows[1]["origin"], rows[1]["origin_label"], rows[1]["in_rate"]) == ("table", "专栏指标表", True)


def test_plan_indicators_show_measure_targets_and_their_promotion(client, api_world):
    """A 措施目标 says where it was read and that it is outside the 达标率 until promoted in review."""
    from planwatch.apps.plans.models import Indicator

    w = api_world
    Indicator.objects.filter(pk=w.hosp.pk).update(origin="project")
    login(client, w.users["evaluator"])
    row = next(
        r for r in client.get(f"/api/plans/{w.plan.pk}/indicators").json()["items"] if r["id"] == w.hosp.pk
    )
    assert (row["origin"], row["origin_label"], row["promoted"], row["in_rate"]) == (
        "project", "重点项目（措施目标）", False, False
    )  # fmt: skip
    Indicator.objects.filter(pk=w.hosp.pk).update(promoted=True)
    row = next(
        r for r in client.get(f"/api/plans/{w.plan.pk}/indicators").json()["items"] if r["id"] == w.hosp.pk
    )
    assert (row["promoted"], row["in_rate"]) == (True, True)


def test_unknown_and_foreign_plans_are_404_in_chinese(client, api_world):
    w = api_world
    login(client, w.users["admin"])
    response = client.get("/api/plans/999999")
    assert (
        response.status_code == 404
        and "999999" in response.json()["detail"]
        and "规划" in response.json()["detail"]
    )
    client.logout()
    for who in ("other_monitor", "other"):  # another region's monitor or reporter: never the plan
        login(client, w.users[who])
        for path in ("", "/indicators"):
            response = client.get(f"/api/plans/{w.plan.pk}{path}")
            assert response.status_code == 404, (who, path)
            assert "规划" in response.json()["detail"]
        client.logout()


def test_bad_plan_id_names_the_parameter(client, api_world):
    login(client, api_world.users["admin"])
    response = client.get("/api/plans/abc")
    assert response.status_code in (404, 422)
    if response.status_code == 422:
        assert "plan_id" in response.json()["detail"]
