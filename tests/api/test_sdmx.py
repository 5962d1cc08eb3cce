"""SDMX-CSV export of approved observations: columns, codes, scope and bad input."""

import csv
import io

from planwatch.apps.api import sdmx
from planwatch.apps.plans.models import Plan

from .conftest import login, observe

HEADER = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "REF_AREA", "INDICATOR", "SEX", "AGE", "URBANISATION",
          "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]  # fmt: skip


def read(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/vnd.sdmx.data+csv; version=2.1.0"
    text = response.content.decode("utf-8")
    assert text.splitlines()[0].split(",") == HEADER
    return list(csv.DictReader(io.StringIO(text)))


def test_export_of_a_plan_year(client, api_world):
    w = api_world
    login(client, w.users["evaluator"])
    rows = read(client.get(f"/api/observations.csv?plan={w.plan.pk}&year=2023"))
    assert {r["STRUCTURE"] for r in rows} == {"dataflow"}
    assert {r["STRUCTURE_ID"] for r in rows} == {"PLANWATCH:WCDP(1.0.0)"}
    assert {r["ACTION"] for r in rows} == {"M"} and {r["TIME_PERIOD"] for r in rows} == {"2023"}
    cells = {(r["INDICATOR"], r["SEX"], r["AGE"], r["URBANISATION"]): r for r in rows}
    # the accepted dictionary link gives the code; other indicators are PW-<id>
    mmr = cells[("TST-MMR", "_T", "_T", "_T")]
    assert (mmr["REF_AREA"], mmr["OBS_VALUE"], mmr["UNIT_MEASURE"], mmr["OBS_STATUS"]) == (
        "500116", "12.6", "PER_100000", "A",
    )  # fmt: skip
    assert cells[(f"PW-{w.hosp.pk}", "_T", "_T", "_T")]["UNIT_MEASURE"] == "PT"
    girls = cells[(f"PW-{w.kids.pk}", "F", "3岁", "R")]
    boys = cells[(f"PW-{w.kids.pk}", "M", "4-5岁", "U")]
    assert (girls["OBS_VALUE"], boys["OBS_VALUE"], girls["UNIT_MEASURE"]) == ("1030", "1100", "PS")
    empty = cells[(f"PW-{w.enrol.pk}", "_T", "_T", "_T")]
    assert (empty["OBS_VALUE"], empty["OBS_STATUS"]) == ("NaN", "M")
    assert len(rows) == 5  # the other county's 2023 value is not in scope


def test_export_is_approved_data_in_scope_only(client, api_world):
    w = api_world
    login(client, w.users["admin"])
    rows = read(client.get("/api/observations.csv"))
    assert "2025" not in {r["TIME_PERIOD"] for r in rows}  # submitted, not reviewed
    assert {r["REF_AREA"] for r in rows} == {"500116"}
    client.logout()
    login(client, w.users["other_monitor"])
    rows = read(client.get("/api/observations.csv"))
    assert [(r["REF_AREA"], r["OBS_VALUE"]) for r in rows] == [("500104", "91")]
    assert client.get(f"/api/observations.csv?plan={w.plan.pk}").status_code == 404


def test_reporters_get_their_own_region_only(client, api_world):
    w = api_world
    observe(w.hosp, w.town, 2023, 93.5)
    login(client, w.users["town"])
    rows = read(client.get("/api/observations.csv"))
    assert [(r["REF_AREA"], r["OBS_VALUE"]) for r in rows] == [("500116101", "93.5")]
    client.logout()
    login(client, w.users["health"])
    assert "500116101" not in {r["REF_AREA"] for r in read(client.get("/api/observations.csv"))}


def test_export_bad_input(client, api_world):
    w = api_world
    login(client, w.users["admin"])
    response = client.get("/api/observations.csv?year=abc")
    assert response.status_code == 422 and "year" in response.json()["detail"]
    response = client.get("/api/observations.csv?plan=x1")
    assert response.status_code == 422 and "plan" in response.json()["detail"]
    response = client.get("/api/observations.csv?plan=999999")
    assert response.status_code == 404 and "999999" in response.json()["detail"]
    empty = Plan.objects.create(status="active", title="江津区妇女发展规划", population="women", region=w.county,
                                period_start=2021, period_end=2030)  # fmt: skip
    assert read(client.get(f"/api/observations.csv?plan={empty.pk}")) == []


def test_number_text_and_codes():
    assert [sdmx.number(v) for v in (None, 12.0, 12.5, 0.1 + 0.2, -3.0)] == [
        "NaN", "12", "12.5", "0.30000000000000004", "-3",
    ]  # fmt: skip
    o = sdmx.SdmxObservation("500116", sdmx.indicator_code(None, 7), "male", "", "rural", 2024, 1.5, "万人")
    assert sdmx.row(o)[3:] == ["500116", "PW-7", "M", "_T", "R", "2024", "1.5", "PS_10000", "A"]
    text = sdmx.sdmx_csv([o])
    assert text.endswith("\r\n") and text.count("\r\n") == 2
    unknown = sdmx.SdmxObservation("500116", "X", "total", "", "total", 2024, 2.0, "张")
    assert sdmx.row(unknown)[10] == "张"  # no SDMX code: the unit as the plan writes it
