"""The region dashboard (the reading roles' home page): achievement by area, grouped warnings, round progress,
biggest changes, filters — and the figures follow an approval at once."""

import json
import re

from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Plan
from planwatch.apps.reporting import services


def text(response) -> str:
    body = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", body))


def get(client, user, url="/", **query):
    client.force_login(user)
    return client.get(url, query)


def kpi(html: str, plan_id: int, name: str) -> int:
    block = html.split(f'id="plan-{plan_id}"', 1)[1].split("</section>", 1)[0]
    return int(re.search(rf'class="kpi-{name}">(\d+)<', block).group(1))


def test_home_of_the_office_is_the_dashboard(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    r = get(client, w.users["admin"])
    assert r.status_code == 200
    html, body = r.content.decode(), text(r)
    assert "江津区监测评估看板" in body and 'id="dash-filters"' in html
    # 2024: 孕产妇死亡率 未达标, 住院分娩率 达标, 在园幼儿数 (提高) 达标, 学前教育毛入园率 qualitative
    assert "2024年：在可监测的3项指标中，有2项达标" in body
    assert kpi(html, w.plan.pk, "met") == 2 and kpi(html, w.plan.pk, "notmet") == 1
    option = json.loads(re.search(r'<script id="area-chart-\d+" type="application/json">(.*?)</script>', html,
                                  re.S).group(1))  # fmt: skip
    assert option["yAxis"]["data"] == ["儿童与健康·约束性", "儿童与教育·预期性"]
    series = {s["name"]: s["data"] for s in option["series"]}
    assert series["达标"] == [1, 1] and series["未达标"] == [1, None] and all(s["stack"] == "all"
                                                                          for s in option["series"])  # fmt: skip
    assert "vendor/echarts.min.js" in html and "cdn" not in html.lower()
    # the binding miss is the first warning group, under its lead department, and links to the indicator
    kinds = re.findall(r'class="dash-kind" data-kind="(\w+)"', html)
    assert kinds[0] == "binding_missed"
    group = html.split('data-kind="binding_missed"', 1)[1].split("</details>\n  </details>", 1)[0]
    assert "区卫生健康委" in group and f"/indicators/{w.mmr.pk}/" in group
    # 孕产妇死亡率 14.2 after 12.6: the largest relative move of 2024, and a worsening
    worse = html.split("<h3>退步最多</h3>", 1)[1].split("</div>", 1)[0]
    assert "孕产妇死亡率" in worse


def test_approving_a_value_changes_the_dashboard_figure(client, data, health_task):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    monitor = w.users["monitor"]
    before = get(client, monitor, year="2024")
    assert kpi(before.content.decode(), w.plan.pk, "notmet") == 1
    r = get(client, monitor)
    assert "报送轮次进度" in text(r) and "共2个任务：已审核0，待审核1" in text(r)

    services.approve(health_task, monitor, "")

    r = get(client, monitor)  # the new year is the default now
    html, body = r.content.decode(), text(r)
    assert '<option value="2025" selected>' in html
    # 孕产妇死亡率 11 ≤ 12 and 住院分娩率 98.5 %: both met in 2025 (the other two not reported for 2025)
    assert kpi(html, w.plan.pk, "met") == 2 and kpi(html, w.plan.pk, "notmet") == 0
    assert "共2个任务：已审核1，待审核0" in body
    better = html.split("<h3>改善最多</h3>", 1)[1].split("</div>", 1)[0]
    assert "孕产妇死亡率" in better and "−22.5%" in better  # 14.2 → 11


def test_filters_narrow_every_part_and_bad_values_are_named(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    r = get(client, w.users["leader"], area="儿童与教育")
    html = r.content.decode()
    assert kpi(html, w.plan.pk, "met") == 1 and kpi(html, w.plan.pk, "notmet") == 0
    assert 'data-kind="binding_missed"' not in html
    r = get(client, w.users["leader"], attribute="binding", department=str(w.health.pk))
    assert kpi(r.content.decode(), w.plan.pk, "notmet") == 1
    r = get(client, w.users["leader"], department=str(w.education.pk), attribute="expected")
    assert kpi(r.content.decode(), w.plan.pk, "met") == 1
    # values that are not among the choices: dropped, and the user is told
    r = get(client, w.users["leader"], plan="999999", year="1999", area="不存在", attribute="x",
            department=str(w.other_dept.pk))  # fmt: skip
    body = text(r)
    for said in ("规划「999999」不在可选范围内", "年份「1999」不在可选范围内", "领域「不存在」不在可选范围内",
                 "指标属性「x」不在可选范围内", f"部门「{w.other_dept.pk}」不在可选范围内"):  # fmt: skip
        assert said in body
    assert kpi(r.content.decode(), w.plan.pk, "met") == 2  # everything shown, latest year


def test_htmx_gets_the_body_only(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    client.force_login(w.users["admin"])
    r = client.get("/dashboard/", {"area": "儿童与健康"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "<html" not in html and f'id="plan-{w.plan.pk}"' in html


def test_who_sees_which_dashboard(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    # reporters keep their task home and may not open the dashboard
    r = get(client, w.users["health"])
    assert "我的填报任务" in text(r) and "监测评估看板" not in text(r)
    assert get(client, w.users["health"], "/dashboard/").status_code == 403
    assert get(client, w.users["town"], "/dashboard/").status_code == 403
    # a region outside one's tree is not found; a town inside it has its own (empty) dashboard
    assert get(client, w.users["admin"], "/dashboard/", region=str(w.other_county.pk)).status_code == 404
    assert get(client, w.users["admin"], "/dashboard/", region="abc").status_code == 404
    r = get(client, w.users["admin"], "/dashboard/", region=str(w.town.pk))
    assert r.status_code == 200 and "几江街道还没有生效的规划" in text(r)
    # a draft plan is listed but not monitored on the dashboard
    Plan.objects.filter(pk=w.plan.pk).update(status="draft")
    r = get(client, w.users["admin"])
    assert f'id="plan-{w.plan.pk}"' not in r.content.decode() and "江津区还没有生效的规划" in text(r)
    assert "草稿" in text(r)


def test_a_plan_without_a_run_says_so(client, world):
    r = get(client, world.users["leader"])
    assert "尚未开展监测评估" in text(r)
