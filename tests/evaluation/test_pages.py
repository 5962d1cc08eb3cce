"""The 监测评估 pages through the Django test client: content, empty states and who may see what."""

import json
import re

import pytest
from django.urls import reverse

from planwatch.apps.evaluation.models import AssessmentResult, AssessmentRun
from planwatch.apps.evaluation.services import run_assessment
from planwatch.apps.plans.models import Plan
from planwatch.apps.reporting.models import Observation


def page(client, user, name, *args, **query):
    client.force_login(user)
    return client.get(reverse(f"evaluation:{name}", args=args), query)


def text(response) -> str:
    """Visible text without tags and whitespace runs (so sentences split by markup can be asserted)."""
    body = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", body))


def chart_option(html: str, script_id: str) -> dict:
    found = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, f"no chart data {script_id}"
    return json.loads(found.group(1))


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """Cell texts of every body row of the table with this id."""
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", cell))
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_overview_without_a_run_offers_the_button_to_monitors_only(client, world):
    r = page(client, world.users["monitor"], "overview", world.plan.pk)
    assert r.status_code == 200
    assert "本规划尚未开展监测评估" in text(r) and 'id="run-form"' in r.content.decode()
    r = page(client, world.users["leader"], "overview", world.plan.pk)
    assert r.status_code == 200 and 'id="run-form"' not in r.content.decode()
    assert "请等待妇儿工委办或统计局监测组开展评估" in text(r)


def test_run_button_runs_and_reports_progress(client, data):
    client.force_login(data.users["monitor"])
    r = client.post(reverse("evaluation:run", args=[data.plan.pk]), follow=True)
    assert r.status_code == 200
    run = AssessmentRun.objects.get()
    assert run.plan == data.plan and run.region == data.county and run.rows > 0
    body = text(r)
    assert f"已完成监测评估：4项指标，{run.rows}行结果" in body
    # 2024 at the county: hosp 达标, mmr 未达标, kids 达标 (rising), enrol 不可评估 (qualitative, no data → 无数据)
    assert "在可监测的3项指标中，有2项达标，达标率66.7%" in body
    assert "2024年达标情况" in body


def test_overview_table_shows_badges_values_targets_progress_change_and_warnings(client, data):
    run_assessment(plan=data.plan, region=data.county)
    r = page(client, data.users["leader"], "overview", data.plan.pk)
    html = r.content.decode()
    row = re.search(rf'<tr id="ind-{data.mmr.pk}">(.*?)</tr>', html, re.S).group(1)
    row_text = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", row))
    assert "ev-notmet" in row and "未达标" in row_text and "14.2/10万" in row_text and "≤12/10万" in row_text
    assert "+12.7%" in row_text  # 12.6 → 14.2 per 10万: relative change, as the NBS report words it
    assert "约束性指标未达标" in row_text and "逆向变化" in row_text
    hosp = re.search(rf'<tr id="ind-{data.hosp.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "ev-met" in hosp and "+0.5个百分点" in re.sub(r"\s+", "", hosp) and 'style="width:100%"' in hosp
    enrol = re.search(rf'<tr id="ind-{data.enrol.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "普及学前教育" in enrol
    # the area chart data: one bar per area × attribute, one stacked series per status
    chart = json.loads(
        re.search(r'<script id="area-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert chart["yAxis"]["data"] == ["儿童与健康·约束性", "儿童与教育·预期性"]
    assert {s["name"]: s["data"] for s in chart["series"]} == {  # an empty segment is null: no "0" label
        "达标": [1, 1], "接近": [None, None], "未达标": [1, None], "无数据": [None, 1], "不可评估": [None, None],
    }  # fmt: skip
    assert "vendor/echarts.min.js" in html and "cdn" not in html.lower()


def test_area_table_splits_binding_and_expected(client, data):
    run_assessment(plan=data.plan, region=data.county)
    r = page(client, data.users["evaluator"], "overview", data.plan.pk)
    body = text(r)
    # 儿童与健康: both binding (mmr 未达标, hosp 达标) → 50 %; 儿童与教育: expected (kids 达标, enrol 无数据)
    assert table_rows(r.content.decode(), "area-table") == [
        ["儿童与健康", "约束性", "2", "1", "0", "1", "0", "0", "50.0%"],
        ["儿童与教育", "预期性", "2", "1", "0", "0", "1", "0", "100.0%"],
    ]
    assert "约束性指标2项：可监测2项，达标1项，达标率50.0%" in body


def test_year_choice_and_unknown_year_falls_back_to_latest(client, data):
    run_assessment(plan=data.plan, region=data.county)
    body = text(page(client, data.users["leader"], "overview", data.plan.pk, year=2022))
    assert "2022年达标情况" in body and "11.5/10万" in body
    body = text(page(client, data.users["leader"], "overview", data.plan.pk, year="二〇二二"))
    assert "2024年达标情况" in body


def test_overview_without_data_says_so(client, world):
    run_assessment(plan=world.plan, region=world.county)  # nothing reported at all
    body = text(page(client, world.users["admin"], "overview", world.plan.pk))
    assert "本级尚无已审核的监测数据" in body
    assert "4项指标中暂无可监测的指标" in body


def test_qualitative_only_plan(client, world):
    Plan.objects.filter(pk=world.plan.pk)
    world.plan.indicators.update(target_kind="qualitative", target_value=None)
    run_assessment(plan=world.plan, region=world.county)
    body = text(page(client, world.users["admin"], "overview", world.plan.pk))
    assert "本规划的指标均为定性目标，不作数值评估" in body


def test_warnings_list_filter_by_kind(client, data):
    run_assessment(plan=data.plan, region=data.county)
    r = page(client, data.users["leader"], "warnings", data.plan.pk)
    body = text(r)
    assert "约束性指标未达标（" in body and "孕产妇死亡率2024年为14.2/10万" in body
    binding = AssessmentResult.objects.filter(
        indicator=data.mmr, warnings__icontains="binding_missed"
    ).count()
    r = page(client, data.users["leader"], "warnings", data.plan.pk, kind="gap_widening")
    html = r.content.decode()
    kinds = set(re.findall(r'<span class="badge ev-warn" data-kind="(\w+)"', html))
    rows = re.findall(r"<tr><td>\d{4}</td>", html)
    assert rows and "gap_widening" in kinds
    assert all("gap_widening" in row for row in re.findall(r"<tr><td>\d{4}</td>.*?</tr>", html, re.S))
    assert "在园幼儿数" in text(r) and "女性与男性之差由" in text(r) and "孕产妇死亡率" not in text(r)
    assert binding >= 1
    r = page(client, data.users["leader"], "warnings", data.plan.pk, kind="binding_missed", year=2024)
    # 2024: the county's 孕产妇死亡率 (未达标) and one town's 住院分娩率 at 93 % (接近 ≥95 %: binding, so warned)
    rows = re.findall(r"<tr><td>2024</td>.*?</tr>", r.content.decode(), re.S)
    assert len(rows) == 2 and sum("接近" in row for row in rows) == 1


def test_warnings_unknown_kind_and_empty_states(client, world, data):
    r = page(client, world.users["leader"], "warnings", world.plan.pk)
    assert "本规划尚未开展监测评估，没有预警" in text(r)
    run_assessment(plan=world.plan, region=world.county)
    r = page(client, world.users["leader"], "warnings", world.plan.pk, kind="nonsense")
    assert "没有「nonsense」这种预警，已显示全部预警" in text(r)
    Observation.objects.all().delete()
    run_assessment(plan=world.plan, region=world.county)
    r = page(client, world.users["leader"], "warnings", world.plan.pk, kind="volatile")
    assert "没有「波动较大」预警" in text(r)


def test_indicator_page_chart_explanations_and_ranking(client, data):
    run_assessment(plan=data.plan, region=data.county)
    r = page(client, data.users["leader"], "indicator", data.plan.pk, data.hosp.pk)
    html, body = r.content.decode(), text(r)
    assert 'id="series-chart"' in html and "vendor/echarts.min.js" in html
    option = chart_option(html, "trend-option")  # the shared chart module's ECharts option
    head = option["series"][0]
    assert head["name"] == "合计" and head["data"][-1] is None  # the axis runs on to the target year 2030
    assert option["xAxis"]["data"][0] == "2021" and option["xAxis"]["data"][-1] == "2030"
    assert head["data"][:4] == [96.0, 97.0, 97.5, 98.0]
    assert head["markLine"]["data"][0]["yAxis"] == 95.0
    assert "住院分娩率2024年为98%，比2023年提高0.5个百分点" in body
    assert re.search(r'id="status-badge">达标</span>', html) and "98%" in body
    # towns ranked on the 2024 value, higher is better: 德感街道 97 before 几江街道 93
    assert [row[:4] for row in table_rows(html, "ranking")] == [
        ["1", "德感街道", "97%", "达标"],
        ["2", "几江街道", "93%", "接近"],
    ]
    assert "2024年·数值越高排名越前" in body


def test_indicator_ranking_lower_is_better_and_sex_lines(client, data):
    from tests.evaluation.conftest import observe

    for year, (a, b) in zip((2023, 2024), ((9.0, 15.0), (8.0, 16.0)), strict=True):
        observe(data.mmr, data.town, year, a)
        observe(data.mmr, data.town2, year, b)
    run_assessment(plan=data.plan, region=data.county)
    r = page(client, data.users["leader"], "indicator", data.plan.pk, data.mmr.pk)
    assert [row[:3] for row in table_rows(r.content.decode(), "ranking")] == [
        ["1", "几江街道", "8/10万"],
        ["2", "德感街道", "16/10万"],
    ]
    r = page(client, data.users["leader"], "indicator", data.plan.pk, data.kids.pk)
    option = chart_option(r.content.decode(), "trend-option")
    assert [s["name"] for s in option["series"]][:3] == ["合计", "女性", "男性"]
    # the female/male breakdown: both series and the gap per year
    breakdown = chart_option(r.content.decode(), "bd-sex")
    assert [s["name"] for s in breakdown["series"]] == ["女性", "男性"]
    assert breakdown["series"][0]["data"] == [1000.0, 1020.0, 1030.0, 1040.0]
    assert table_rows(r.content.decode(), "bd-sex-table")[-1] == ["2024", "1040", "1160", "-120"]


def test_indicator_page_empty_states(client, world):
    r = page(client, world.users["leader"], "indicator", world.plan.pk, world.enrol.pk)
    assert "该指标为定性目标（普及学前教育），不作数值评估" in text(r) and "本规划尚未开展监测评估" in text(r)
    run_assessment(plan=world.plan, region=world.county)
    r = page(client, world.users["leader"], "indicator", world.plan.pk, world.mmr.pk)
    body = text(r)
    assert (
        "江津区及下级地区尚无该指标已审核的监测数据" in body and "下级地区尚无该指标的数据，无法排名" in body
    )
    # an indicator of another plan is not reachable through this plan
    other = Plan.objects.create(status="active", title="另一规划", population="women", region=world.county, period_start=2021,
                                period_end=2030)  # fmt: skip
    assert page(client, world.users["leader"], "indicator", other.pk, world.mmr.pk).status_code == 404


@pytest.mark.parametrize("role", ["admin", "monitor", "evaluator", "leader"])
def test_readers_of_the_region_see_its_plan(client, data, role):
    for name in ("overview", "warnings"):
        assert page(client, data.users[role], name, data.plan.pk).status_code == 200
    assert page(client, data.users[role], "indicator", data.plan.pk, data.mmr.pk).status_code == 200


@pytest.mark.parametrize("role", ["health", "education", "town", "other"])
def test_reporters_see_nothing_here(client, data, role):
    for name in ("overview", "warnings"):
        assert page(client, data.users[role], name, data.plan.pk).status_code == 403
    assert page(client, data.users[role], "indicator", data.plan.pk, data.mmr.pk).status_code == 403
    client.force_login(data.users[role])
    assert client.post(reverse("evaluation:run", args=[data.plan.pk])).status_code == 403
    assert not AssessmentRun.objects.exists()


def test_another_regions_monitor_gets_404_and_cannot_run(client, data):
    other = data.users["other_monitor"]
    for name in ("overview", "warnings"):
        assert page(client, other, name, data.plan.pk).status_code == 404
    assert page(client, other, "indicator", data.plan.pk, data.mmr.pk).status_code == 404
    client.force_login(other)
    assert client.post(reverse("evaluation:run", args=[data.plan.pk])).status_code == 404
    assert not AssessmentRun.objects.exists()


def test_readers_above_see_a_county_plan_but_only_runners_may_run(client, data):
    from reporting.factories import user

    city_leader = user("cq_leader", "leader", data.province)
    assert page(client, city_leader, "overview", data.plan.pk).status_code == 200
    client.force_login(data.users["leader"])
    assert client.post(reverse("evaluation:run", args=[data.plan.pk])).status_code == 403
    client.force_login(data.users["evaluator"])
    assert client.post(reverse("evaluation:run", args=[data.plan.pk])).status_code == 403
    client.force_login(data.users["admin"])
    assert client.post(reverse("evaluation:run", args=[data.plan.pk])).status_code == 302
    assert AssessmentRun.objects.count() == 1


def test_anonymous_is_sent_to_login_and_get_on_run_is_refused(client, data):
    r = client.get(reverse("evaluation:overview", args=[data.plan.pk]))
    assert r.status_code == 302 and "login" in r["Location"]
    client.force_login(data.users["monitor"])
    assert client.get(reverse("evaluation:run", args=[data.plan.pk])).status_code == 405
    assert client.get(reverse("evaluation:overview", args=[99999])).status_code == 404


def test_run_on_a_plan_without_indicators_explains(client, world):
    empty = Plan.objects.create(status="active", title="空规划", population="women", region=world.county, period_start=2021,
                                period_end=2030)  # fmt: skip
    client.force_login(world.users["monitor"])
    r = client.post(reverse("evaluation:run", args=[empty.pk]), follow=True)
    assert "「空规划」还没有监测指标，无法评估" in text(r) and not AssessmentRun.objects.exists()


def test_index_lists_plans_in_scope_with_their_sentence(client, data):
    run_assessment(plan=data.plan, region=data.county)
    other = Plan.objects.create(status="active", title="大渡口区儿童发展规划", population="children", region=data.other_county,
                                period_start=2021, period_end=2030)  # fmt: skip
    client.force_login(data.users["leader"])
    r = client.get(reverse("evaluation:index"))
    body = text(r)
    assert r.status_code == 200 and "江津区妇女儿童发展规划" in body and other.title not in body
    assert "2024年：在可监测的3项指标中，有2项达标，达标率66.7%" in body
    client.force_login(data.users["other_monitor"])
    body = text(client.get(reverse("evaluation:index")))
    assert other.title in body and "尚未评估" in body and "江津区妇女儿童发展规划" not in body
    client.force_login(data.users["health"])
    assert client.get(reverse("evaluation:index")).status_code == 403


def test_run_without_rows_for_the_plan_region(client, world):
    AssessmentRun.objects.create(plan=world.plan, region=None, rows=0)  # e.g. a CLI run of an empty database
    body = text(page(client, world.users["leader"], "overview", world.plan.pk))
    assert "None" not in body and "本级尚无已审核的监测数据" in body
    assert "4项指标中暂无可监测的指标（无数据4项，不可评估0项）" in body


def test_a_goal_sentence_restating_a_table_indicator_counts_once(client, data):
    """江津: 「孕产妇死亡率 持续降低」 in the goal text restates the table's 孕产妇死亡率 <8: one quantity, one count."""
    from planwatch.apps.dictionary.models import DictionaryEntry, IndicatorLink
    from planwatch.apps.plans.models import Indicator

    entry = DictionaryEntry.objects.create(code="W-TST-01", name="孕产妇死亡率", unit="1/10万",
                                           direction="lower_is_better", population="women", area="健康")  # fmt: skip
    twin = Indicator.objects.create(plan=data.plan, area=data.mmr.area, name="孕产妇死亡率", origin="goal",
                                    target_text="持续降低", target_kind="direction_down",
                                    direction="lower_is_better")  # fmt: skip
    Indicator.objects.filter(pk=data.mmr.pk).update(origin="table")
    for ind in (data.mmr, twin):
        IndicatorLink.objects.create(indicator=ind, entry=entry, confidence=1.0, accepted=True)
    run_assessment(plan=data.plan, region=data.county)
    r = page(client, data.users["leader"], "overview", data.plan.pk)
    html = r.content.decode()
    # both rows are shown, the restatement marked …
    row = re.search(rf'<tr id="ind-{twin.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "目标条文重述专栏指标「孕产妇死亡率」" in row
    # … but 达标率 and the chart count the quantity once (as before the twin existed)
    chart = json.loads(
        re.search(r'<script id="area-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert {s["name"]: s["data"] for s in chart["series"]}["未达标"] == [1, None]
    assert "在可监测的3项指标中" in text(r)


def test_progress_column_shows_a_share_only_between_0_and_100(client, data):
    """住院分娩率 ≥95 %: the county's base (2021: 96 %) already met it; 94 % in 2024 is 退步, not "已完成…200%"."""
    from planwatch.apps.evaluation.presenting import progress_cell
    from planwatch.apps.reporting.models import Observation

    Observation.objects.filter(indicator=data.hosp, region=data.county, year=2024, sex="total").update(
        value=94.0
    )
    run_assessment(plan=data.plan, region=data.county)
    html = page(client, data.users["leader"], "overview", data.plan.pk).content.decode()
    cells = re.search(rf'<tr id="ind-{data.hosp.pk}">(.*?)</tr>', html, re.S).group(1)
    progress = re.search(r'<td class="ev-progress">(.*?)</td>', cells, re.S).group(1)
    assert "退步" in progress and "%" not in re.sub(r"width:\d+%", "", progress)
    assert progress_cell(40.0, "进展有限")["progress_text"] == "40%"
    assert progress_cell(99.96, "进展显著")["progress_text"] == "99.9%"  # not met: never "100%"
    assert progress_cell(100.0, "已实现目标")["progress_text"] == "100%"
    assert progress_cell(-12.5, "退步") == {"progress_bar": 0.0, "progress_text": "退步"}
    assert progress_cell(None, "无法评估") == {"progress_bar": None, "progress_text": ""}


def test_a_restating_goal_sentence_inherits_the_table_unit(client, data):
    """A unit-less goal-sentence copy used to switch off the unit's bounds and words: it takes the table's."""
    from planwatch.apps.dictionary.models import DictionaryEntry, IndicatorLink
    from planwatch.apps.evaluation.services import indicator_specs
    from planwatch.apps.plans.models import Indicator

    entry = DictionaryEntry.objects.create(code="W-TST-02", name="孕产妇死亡率", unit="1/10万",
                                           direction="lower_is_better", population="women", area="健康")  # fmt: skip
    twin = Indicator.objects.create(plan=data.plan, area=data.mmr.area, name="孕产妇死亡率", origin="goal", unit="",
                                    target_text="持续降低", target_kind="direction_down",
                                    direction="lower_is_better")  # fmt: skip
    Indicator.objects.filter(pk=data.mmr.pk).update(origin="table")
    for ind in (data.mmr, twin):
        IndicatorLink.objects.create(indicator=ind, entry=entry, confidence=1.0, accepted=True)
    indicators = list(Indicator.objects.filter(plan=data.plan).select_related("plan", "plan__region", "area"))
    specs = {s.key: s for s in indicator_specs(indicators)}
    assert (specs[str(twin.pk)].unit, specs[str(twin.pk)].restates) == ("1/10万", str(data.mmr.pk))
    assert specs[str(data.mmr.pk)].restates is None
    run_assessment(plan=data.plan, region=data.county)
    stored = AssessmentResult.objects.get(indicator=twin, region=data.county, year=2024, sex="total")
    assert stored.explanation.startswith("孕产妇死亡率2024年为14.2/10万")


def test_a_measure_target_is_shown_but_counts_only_once_promoted(client, data):
    """A 措施目标 (策略措施 "孕产妇系统管理率达到90%以上") is assessed and listed, but the 达标率 leaves it out until
    review promotes it to a main indicator."""
    from planwatch.apps.plans.models import Indicator

    measure = Indicator.objects.create(plan=data.plan, area=data.mmr.area, name="孕产妇系统管理率", origin="strategy",
                                       unit="%", target_text="达到90%以上", target_kind="numeric_min",
                                       target_comparator=">=", target_value=90)  # fmt: skip
    run_assessment(plan=data.plan, region=data.county)
    r = page(client, data.users["leader"], "overview", data.plan.pk)
    row = re.search(rf'<tr id="ind-{measure.pk}">(.*?)</tr>', r.content.decode(), re.S).group(1)
    assert "措施目标（策略措施（措施目标））" in row and "不计入达标率" in row
    before = re.search(r"在可监测的\d项指标中[^。]*。另有(\d)项无数据", text(r))
    assert before and before.group(0).startswith("在可监测的3项指标中")  # as without the measure
    measure.promoted = True
    measure.save()
    r = page(client, data.users["leader"], "overview", data.plan.pk)
    assert "不计入达标率" not in r.content.decode()
    after = re.search(r"在可监测的3项指标中[^。]*。另有(\d)项无数据", text(r))
    assert int(after.group(1)) == int(before.group(1)) + 1  # it has no data: now counted, as 无数据


def test_change_column_names_the_year_compared_across_a_gap(client, data):
    from planwatch.apps.evaluation.presenting import change_text

    Observation.objects.filter(indicator=data.mmr, region=data.county, year=2023, sex="total").delete()
    run_assessment(plan=data.plan, region=data.county)
    html = page(client, data.users["leader"], "overview", data.plan.pk).content.decode()
    text_of = lambda cells: re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", cells))  # noqa: E731
    mmr = text_of(re.search(rf'<tr id="ind-{data.mmr.pk}">(.*?)</tr>', html, re.S).group(1))
    assert "比2022年+23.5%" in mmr  # 11.5 (2022) → 14.2 (2024) per 10万, 2023 unreported: not "比上年"
    hosp = text_of(re.search(rf'<tr id="ind-{data.hosp.pk}">(.*?)</tr>', html, re.S).group(1))
    assert "+0.5个百分点" in hosp and "比20" not in hosp  # consecutive years: the column's 比上年 holds
    assert change_text(1.8, 2.3, "岁") == "+1.8岁" and change_text(-0.2, -2.0, "年", 2020) == "比2020年−0.2年"
    assert change_text(0.0, 0.0, "%", 2021) == "与2021年持平"
