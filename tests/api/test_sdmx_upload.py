"""SDMX-CSV upload: the web page (/data/import-sdmx/) and the API (POST /api/imports/sdmx) for 妇儿工委办 and
统计局监测组; bad files are refused whole with the line and column named, a file imported twice changes
nothing, every import is in the audit log."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from planwatch.apps.accounts.tokens import issue
from planwatch.apps.audit.models import Action, AuditEvent
from planwatch.apps.reporting.models import Observation, ObservationHistory
from planwatch.uploads import UploadLimits

from .conftest import login
from .test_sdmx_import import HEADER, line

PAGE = "/data/import-sdmx/"
API = "/api/imports/sdmx"


def csv_file(w, *lines, name="in.csv", encoding="utf-8", header=HEADER):
    return SimpleUploadedFile(name, "\r\n".join([header, *lines]).encode(encoding), content_type="text/csv")


def good(w):
    return [line(w, year="2026", value="11.8"), line(w, indicator=f"PW-{w.kids.pk}", sex="F", age="3岁", urb="R",
                                                        year="2026", value="1040", unit="PS")]  # fmt: skip


def state():
    return Observation.objects.count(), ObservationHistory.objects.count()


@pytest.fixture
def token(api_world):
    return issue(api_world.users["monitor"], "交换", by=api_world.users["monitor"])[1]


def post_api(client, token, upload):
    return client.post(API, {"file": upload}, headers={"Authorization": f"Bearer {token}"})


def test_page_imports_a_file_once_and_a_second_upload_changes_nothing(client, api_world):
    w = api_world
    login(client, w.users["admin"])
    assert "SDMX-CSV 数据导入" in client.get(PAGE).content.decode()
    assert f'href="{PAGE}"' in client.get("/data/import/").content.decode()  # found from the history import
    response = client.post(PAGE, {"file": csv_file(w, *good(w))})
    html = response.content.decode()
    assert response.status_code == 200 and "新增 2 个单元格" in html, html
    assert "导入后重新评估" in html  # queued in the background, shown as on the history import
    kids = Observation.objects.get(indicator=w.kids, region=w.county, year=2026)
    assert (kids.sex, kids.age_group, kids.area_type, kids.value, kids.status) == ("female", "3岁", "rural", 1040,
                                                                                  "approved")  # fmt: skip
    assert kids.source == "sdmx" and kids.updated_by == w.users["admin"]
    event = AuditEvent.objects.get(action=Action.DATA, target="SDMX-CSV 导入")
    assert event.username == "admin1" and "in.csv" in event.summary and "新增 2 个单元格" in event.summary
    before = state()
    again = client.post(PAGE, {"file": csv_file(w, *good(w))}).content.decode()
    assert "新增 0 个单元格，更新 0 个，未变 2 个" in again
    assert "没有数据变化，无需重新评估" in again
    assert state() == before  # no second copy, no history rows


def test_a_gb18030_file_is_read(client, api_world):
    w = api_world
    login(client, w.users["monitor"])
    response = client.post(PAGE, {"file": csv_file(w, *good(w), encoding="gb18030")})
    assert "新增 2 个单元格" in response.content.decode()
    assert Observation.objects.filter(age_group="3岁", year=2026).exists()


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda w: csv_file(w, line(w, value="十二点一")), "第2行 OBS_VALUE（合计）：「十二点一」不是数字"),
        (
            lambda w: csv_file(w, line(w, year="2026"), line(w, area="500104", year="2026")),
            "第3行：无权导入大渡口区的数据",
        ),
        (lambda w: csv_file(w, line(w), line(w, value="13")), "与第2行重复"),
        (lambda w: csv_file(w, line(w, sex="W")), "第2行 SEX列：性别代码「W」无效"),
        (
            lambda w: SimpleUploadedFile("in.csv", "\r\n".join([HEADER, line(w)]).encode("utf-16")),
            "无法识别文件编码",
        ),
        (
            lambda w: SimpleUploadedFile(
                "in.csv", (HEADER + '\r\ndataflow,"PLANWATCH:WCDP(1.0.0),M\r\n' + "x" * 200_000).encode()
            ),
            "不是有效的 CSV",
        ),
        (lambda w: SimpleUploadedFile("in.csv", b""), "文件为空"),
        (lambda w: csv_file(w, line(w), header=HEADER.replace("OBS_VALUE", "WERT")), "缺少列：OBS_VALUE"),
    ],
)
def test_bad_files_are_refused_whole_on_the_page_and_the_api(client, api_world, token, make, expected):
    w = api_world
    before = state()
    login(client, w.users["admin"])
    html = client.post(PAGE, {"file": make(w)}).content.decode()
    assert "未导入任何数据" in html and expected in html, html[-3000:]
    client.logout()
    response = post_api(client, token, make(w))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"].endswith("未保存任何数据") and any(
        expected in p["text"] for p in body["problems"]
    ), body
    assert state() == before
    assert not AuditEvent.objects.filter(target="SDMX-CSV 导入").exists()


def test_an_oversized_file_is_refused(client, api_world, token, settings):
    w = api_world
    settings.PLANWATCH_UPLOAD_LIMITS = UploadLimits(max_bytes=2048)
    big = [line(w, year=str(y), value="12") for y in range(1950, 2080)]
    before = state()
    login(client, w.users["admin"])
    html = client.post(PAGE, {"file": csv_file(w, *big)}).content.decode()
    assert "超过上传上限 2 KB" in html and "未导入任何数据" in html
    client.logout()
    response = post_api(client, token, csv_file(w, *big))
    assert response.status_code == 413 and "超过上传上限 2 KB" in response.json()["detail"]
    assert state() == before


def test_the_api_imports_with_a_token(client, api_world, token):
    w = api_world
    response = post_api(client, token, csv_file(w, *good(w)))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reassessment_id"] is not None  # the changed plan is re-assessed in the background
    assert {k: v for k, v in body.items() if k != "reassessment_id"} == {
        "file": "in.csv", "rows": 2, "created": 2, "updated": 0, "unchanged": 0,
    }  # fmt: skip
    assert Observation.objects.get(indicator=w.mmr, region=w.county, year=2026).source == "sdmx-api"
    again = post_api(client, token, csv_file(w, *good(w))).json()
    assert (again["created"], again["updated"], again["unchanged"], again["reassessment_id"]) == (
        0,
        0,
        2,
        None,
    )
    assert AuditEvent.objects.filter(target="SDMX-CSV 导入", username="monitor1").count() == 2
    missing = client.post(API, {}, headers={"Authorization": f"Bearer {token}"})
    assert missing.status_code == 422 and "file" in missing.json()["detail"]


@pytest.mark.parametrize("who", ["evaluator", "leader", "health", "town"])
def test_other_roles_may_not_import(client, api_world, who):
    w = api_world
    login(client, w.users[who])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"file": csv_file(w, *good(w))}).status_code == 403
    client.logout()
    key = issue(w.users[who], "x", by=w.users[who])[1]
    response = post_api(client, key, csv_file(w, *good(w)))
    assert response.status_code == 403 and "统计局监测组" in response.json()["detail"]
    assert not Observation.objects.filter(year=2026).exists()


def test_another_regions_monitor_cannot_import_this_regions_rows(client, api_world):
    w = api_world
    login(client, w.users["other_monitor"])
    html = client.post(PAGE, {"file": csv_file(w, *good(w))}).content.decode()
    assert "无权导入" in html and "未导入任何数据" in html
    assert not Observation.objects.filter(year=2026).exists()


def test_anonymous_visitors(client, api_world):
    w = api_world
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(API, {"file": csv_file(w, *good(w))})
    assert response.status_code == 401
    assert not Observation.objects.filter(year=2026).exists()
