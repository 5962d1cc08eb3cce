"""Who reaches which report page: anonymous users are sent to the login, reporters get 403, another region's
users 404 (nothing is confirmed to exist), read-only roles cannot generate."""

import pytest
from django.urls import reverse

from planwatch.apps.reports import services
from planwatch.apps.reports.models import ReportJob

from .helpers import finished_job


@pytest.fixture
def objects(world):
    job = finished_job(world)
    failed = ReportJob.objects.create(kind="annual", plan=world.plan, region=world.county, year=2023,
                                      format="docx", state=ReportJob.State.FAILED, error="生成失败：测试")  # fmt: skip
    pub = services.publish(world.users["admin"], finished_job(world))
    return {"job": job, "failed": failed, "pub": pub}


def views(world, o):
    p, c = world.plan.pk, world.county.pk
    return [
        ("get", reverse("reports:index")),
        ("get", reverse("reports:plan", args=[p])),
        ("get", reverse("reports:page", args=[p, c])),
        ("post", reverse("reports:request", args=[p, c])),
        ("get", reverse("reports:drafts", args=[p, c, 2025])),
        ("post", reverse("reports:drafts", args=[p, c, 2025])),
        ("get", reverse("reports:draft_history", args=[p, c, 2025])),
        ("get", reverse("reports:job", args=[o["job"].pk])),
        ("post", reverse("reports:retry", args=[o["failed"].pk])),
        ("get", reverse("reports:download", args=[o["job"].pk])),
        ("post", reverse("reports:publish", args=[o["job"].pk])),
        ("get", reverse("reports:publication_download", args=[o["pub"].pk])),
        ("post", reverse("reports:withdraw", args=[o["pub"].pk])),
    ]


def test_anonymous_users_are_sent_to_the_login(client, world, objects):
    for method, url in views(world, objects):
        r = getattr(client, method)(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url


def test_reporters_get_403_everywhere(client, world, objects):
    for role in ("health", "town"):
        client.force_login(world.users[role])
        for method, url in views(world, objects):
            assert getattr(client, method)(url).status_code == 403, (role, url)


def test_another_regions_monitor_gets_404(client, world, objects):
    client.force_login(world.users["other_monitor"])
    for method, url in views(world, objects)[1:]:  # the index lists only their own plans
        assert getattr(client, method)(url).status_code == 404, url
    r = client.get(reverse("reports:index"))
    assert r.status_code == 200 and world.plan.title not in r.content.decode()


def test_a_region_the_plan_does_not_cover_is_404(client, world):
    client.force_login(world.users["monitor"])
    assert client.get(reverse("reports:page", args=[world.plan.pk, world.other_county.pk])).status_code == 404
    assert client.get(reverse("reports:page", args=[world.plan.pk, world.province.pk])).status_code == 404
    assert client.get(reverse("reports:page", args=[world.plan.pk, world.town.pk])).status_code == 200
    assert client.get(reverse("reports:page", args=[999999, world.county.pk])).status_code == 404
    assert client.get(reverse("reports:plan", args=[999999])).status_code == 404
    for url in (f"/reports/plans/{2**40}/", f"/reports/jobs/{2**40}/", f"/reports/plans/{world.plan.pk}/regions/"
                f"{world.county.pk}/drafts/{2**40}/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_leaders_read_and_download_but_do_not_generate(client, world, objects):
    client.force_login(world.users["leader"])
    page = client.get(reverse("reports:page", args=[world.plan.pk, world.county.pk]))
    assert page.status_code == 200 and 'id="form-annual"' not in page.content.decode()
    assert "生成报告由妇儿工委办、统计局监测组和评估组进行" in page.content.decode()
    r = client.get(reverse("reports:download", args=[objects["job"].pk]))
    assert r.status_code == 200
    r = client.post(reverse("reports:request", args=[world.plan.pk, world.county.pk]),
                    {"kind": "annual", "format": "docx", "year": "2024"})  # fmt: skip
    assert r.status_code == 403
    assert client.post(reverse("reports:retry", args=[objects["failed"].pk])).status_code == 403
    assert ReportJob.objects.count() == 3


def test_a_province_user_reaches_the_county(client, world, objects):
    from reporting.factories import user

    province_monitor = user("provmon", "monitor", world.province)
    client.force_login(province_monitor)
    assert client.get(reverse("reports:page", args=[world.plan.pk, world.county.pk])).status_code == 200
    assert client.get(reverse("reports:download", args=[objects["job"].pk])).status_code == 200


def test_unfinished_or_missing_files_are_404(client, world, objects):
    client.force_login(world.users["monitor"])
    assert client.get(reverse("reports:download", args=[objects["failed"].pk])).status_code == 404
    services.job_path(objects["job"]).unlink()
    r = client.get(reverse("reports:download", args=[objects["job"].pk]))
    assert r.status_code == 404


def test_the_forms_preselect_the_latest_year_with_data(client, data):
    client.force_login(data.users["monitor"])
    body = client.get(reverse("reports:page", args=[data.plan.pk, data.county.pk])).content.decode()
    assert body.count('<option value="2024" selected>2024年</option>') == 3  # annual, tables, comparison
    assert 'id="no-data"' not in body
    # the region picker offers the county and both towns
    assert "几江街道</option>" in body and "德感街道</option>" in body


def test_without_data_the_page_says_so(client, world):
    import datetime as dt

    client.force_login(world.users["monitor"])
    body = client.get(reverse("reports:page", args=[world.plan.pk, world.county.pk])).content.decode()
    assert "江津区还没有本规划已审核的监测数据：报告需要数据才能生成" in body
    last_year = min(dt.date.today().year - 1, world.plan.period_end)
    assert f'<option value="{last_year}" selected>' in body
