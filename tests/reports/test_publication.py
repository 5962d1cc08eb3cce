"""Publication by the committee office: only finished reports, a copy that outlives the job, one version in
force per report, withdrawal; published() and published_reports() show nothing else."""

import pytest
from django.urls import reverse

from planwatch.apps.reports import services
from planwatch.apps.reports.models import Publication, ReportJob

from .helpers import finished_job, text


def test_publish_copies_the_file_and_supersedes_the_earlier_version(world):
    admin = world.users["admin"]
    first = finished_job(world, b"version 1")
    pub1 = services.publish(admin, first)
    assert pub1.title == "2024年年度统计监测报告" and pub1.filename == "江津区2024年年度统计监测报告.docx"
    # the copy does not depend on the job's file
    services.job_path(first).unlink()
    assert services.job_path(pub1).read_bytes() == b"version 1"
    second = finished_job(world, b"version 2")
    pub2 = services.publish(admin, second)
    pub1.refresh_from_db()
    assert pub1.withdrawn and pub1.withdrawn_reason == "已由新发布的版本替代"
    assert list(Publication.objects.published()) == [pub2]
    # another format or year is another report: both stay in force
    pdf = services.publish(admin, finished_job(world, b"%PDF", fmt="pdf"))
    tables = services.publish(admin, finished_job(world, b"xlsx", kind="tables", fmt="xlsx", year=2023))
    assert set(services.published_reports(plan=world.plan)) == {pub2, pdf, tables}
    assert list(services.published_reports(year=2023)) == [tables]
    assert list(services.published_reports(region=world.town)) == []


def test_only_finished_reports_are_published(world):
    job = ReportJob.objects.create(
        kind="annual", plan=world.plan, region=world.county, year=2024, format="docx"
    )
    with pytest.raises(services.PublishError, match="只能发布已生成完成的报告"):
        services.publish(world.users["admin"], job)
    done = finished_job(world)
    services.job_path(done).unlink()  # the file went missing from the data directory
    with pytest.raises(services.PublishError):
        services.publish(world.users["admin"], done)
    assert not Publication.objects.exists()


def test_withdrawn_reports_are_not_published(world):
    pub = services.publish(world.users["admin"], finished_job(world))
    services.withdraw(world.users["admin"], pub, "数据更正")
    assert not Publication.objects.published().exists() and not services.published_reports().exists()
    pub.refresh_from_db()
    assert pub.withdrawn_reason == "数据更正" and pub.withdrawn_by == world.users["admin"]
    with pytest.raises(services.PublishError, match="该报告已撤回"):
        services.withdraw(world.users["admin"], pub)


def test_publish_and_withdraw_through_the_pages(client, world):
    job = finished_job(world, b"the report")
    client.force_login(world.users["admin"])
    page = reverse("reports:page", args=[world.plan.pk, world.county.pk])
    assert 'class="secondary small publish"' in client.get(page).content.decode()
    r = client.post(reverse("reports:publish", args=[job.pk]), follow=True)
    assert "已发布：江津区2024年年度统计监测报告（Word（.docx））" in text(r)
    pub = Publication.objects.get()
    r = client.get(reverse("reports:publication_download", args=[pub.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"the report"
    assert "filename*=utf-8''" in r["Content-Disposition"]
    r = client.post(reverse("reports:withdraw", args=[pub.pk]), {"reason": "重新核对数据"}, follow=True)
    assert "已撤回：2024年年度统计监测报告" in text(r) and "尚未发布报告" in text(r)
    r = client.post(reverse("reports:withdraw", args=[pub.pk]), follow=True)
    assert "该报告已撤回" in text(r)
    # the monitoring group and the leaders see the list but cannot publish
    for role in ("monitor", "evaluator", "leader"):
        client.force_login(world.users[role])
        assert 'class="secondary small publish"' not in client.get(page).content.decode()
        assert client.post(reverse("reports:publish", args=[job.pk])).status_code == 403
        assert client.post(reverse("reports:withdraw", args=[pub.pk])).status_code == 403
