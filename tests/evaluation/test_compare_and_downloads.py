"""地区比较, 性别差距 and the indicator page's downloads (CSV, XLSX, PNG): content, bad input, access."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from planwatch.apps.evaluation.services import run_assessment

from .test_pages import chart_option, page, table_rows, text


def test_region_comparison_ranks_the_towns_on_the_chosen_indicators(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    r = page(
        client, w.users["leader"], "compare", w.plan.pk, level="town", indicator=[str(w.hosp.pk)], year="2024"
    )
    html = r.content.decode()
    assert table_rows(html, "compare-table") == [["几江街道", "93%接近"], ["德感街道", "97%达标"]]
    option = chart_option(html, f"cmp-{w.hosp.pk}")
    assert option["xAxis"]["data"] == ["德感街道", "几江街道"]  # best first
    assert [d["value"] for d in option["series"][0]["data"]] == [97.0, 93.0]
    assert option["series"][0]["markLine"]["data"][0]["yAxis"] == 95.0


def test_region_comparison_bad_input_is_named(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    many = [str(w.hosp.pk)] * 2 + ["abc", "999999"]
    r = page(client, w.users["leader"], "compare", w.plan.pk, level="village", indicator=many)
    body = text(r)
    assert "没有「village」这一地区层级" in body
    assert "本规划没有编号为「abc」的指标" in body and "本规划没有编号为「999999」的指标" in body
    assert "一次最多比较" not in body  # the repeated id counts once


def test_gender_gap_lists_female_and_male_with_the_gap(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    r = page(client, w.users["evaluator"], "gender_gap", w.plan.pk, year="2024")
    rows = table_rows(r.content.decode(), "sex-gap")
    assert rows[0][:4] == ["在园幼儿数", "1040人", "1160人", "-120"]
    assert rows[0][5] == "-70（2023年）"
    assert "2024年没有分城乡（农村、城镇）的指标数据" in text(r)
    # a region outside the plan's tree is refused with a notice, not shown
    r = page(client, w.users["evaluator"], "gender_gap", w.plan.pk, region=str(w.other_county.pk))
    assert "该地区不在本规划的范围内" in text(r)


def test_downloads_csv_xlsx_png(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    client.force_login(w.users["leader"])

    def url(fmt):
        return reverse("evaluation:indicator_download", args=(w.plan.pk, w.hosp.pk, fmt))

    r = client.get(url("csv"))
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["地区代码", "地区", "年份"]
    county_2024 = [x for x in rows if x[0] == w.county.code and x[2] == "2024" and x[3] == "合计"]
    assert county_2024[0][6] == "98.0" and county_2024[0][8] == "达标"
    assert {x[1] for x in rows[1:]} == {"江津区", "几江街道", "德感街道"}
    wb = load_workbook(io.BytesIO(client.get(url("xlsx")).content))
    ws = wb["监测数据"]
    assert "住院分娩率" in ws["A1"].value and ws["A2"].value == "地区代码" and ws.max_row == len(rows) + 1
    png = client.get(url("png"), {"year": "2023"})
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    # an unknown format is not found; a chart without data says so
    assert client.get(url("pdf")).status_code == 404
    r = client.get(reverse("evaluation:indicator_download", args=(w.plan.pk, w.enrol.pk, "png")), follow=True)
    assert "没有该指标的监测数据，无法生成图表" in text(r)


def test_downloads_follow_the_access_rules(client, data):
    w = data
    run_assessment(plan=w.plan, region=w.county)
    for who, code in (("health", 403), ("other_monitor", 404)):
        client.force_login(w.users[who])
        r = client.get(reverse("evaluation:indicator_download", args=(w.plan.pk, w.hosp.pk, "csv")))
        assert r.status_code == code
    r = page(client, w.users["health"], "compare", w.plan.pk)
    assert r.status_code == 403


def test_at_most_eight_indicators_are_compared(data):
    from planwatch.apps.evaluation.comparing import chosen_indicators
    from planwatch.apps.plans.models import Indicator

    extra = [Indicator.objects.create(plan=data.plan, name=f"指标{i}", unit="%", target_text="≥90",
                                      target_kind="numeric_min", target_value=90) for i in range(6)]  # fmt: skip
    indicators = list(data.plan.indicators.all())
    asked = [str(i.pk) for i in indicators]
    chosen, notes = chosen_indicators(asked, indicators, 8)
    assert chosen == [int(a) for a in asked[:8]] and notes == ["一次最多比较8项指标，只显示前8项。"]
    # nothing asked: the first numeric ones
    chosen, notes = chosen_indicators([], indicators, 8)
    assert len(chosen) == 3 and notes == [] and extra
