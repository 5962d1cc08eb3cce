"""The evaluation group's sections (突出问题, 对策建议, 有益经验): saved with every version kept, shown to the
reading roles, written by the evaluation group only, bounded in length."""

from django.urls import reverse

from planwatch.apps.reports import services
from planwatch.apps.reports.models import EvaluationDraft

from .helpers import text


def url(world, year=2025, name="drafts"):
    return reverse(f"reports:{name}", args=[world.plan.pk, world.county.pk, year])


def test_every_save_is_kept_and_the_latest_is_the_draft(world):
    evaluator, w = world.users["evaluator"], world
    assert services.save_drafts(
        evaluator, w.plan, w.county, 2025, {"problems": "城乡差距仍然较大", "experience": ""}
    ) == ["突出问题"]
    assert (
        services.save_drafts(evaluator, w.plan, w.county, 2025, {"problems": "城乡差距仍然较大"}) == []
    )  # unchanged
    assert services.save_drafts(evaluator, w.plan, w.county, 2025,
                                {"problems": "农村孕产妇死亡率上升", "recommendations": "加强基层妇幼保健\r\n"}) == ["突出问题", "对策建议"]  # fmt: skip
    assert services.current_drafts(w.plan, w.county, 2025) == {
        "problems": "农村孕产妇死亡率上升",
        "recommendations": "加强基层妇幼保健",
    }
    assert services.current_drafts(w.plan, w.county, 2030) == {}
    assert services.current_drafts(w.plan, w.town, 2025) == {}
    history = list(services.draft_history(w.plan, w.county, 2025).values_list("section", "text"))
    assert sorted(history) == sorted([("problems", "城乡差距仍然较大"), ("problems", "农村孕产妇死亡率上升"),
                                      ("recommendations", "加强基层妇幼保健")])  # fmt: skip
    # clearing a section is a save too, and the section then has no draft
    services.save_drafts(evaluator, w.plan, w.county, 2025, {"problems": "  "})
    assert "problems" not in services.current_drafts(w.plan, w.county, 2025)
    assert EvaluationDraft.objects.filter(section="problems").count() == 3


def test_evaluator_writes_through_the_page_and_history_shows_who_and_what(client, world):
    client.force_login(world.users["evaluator"])
    r = client.get(url(world))
    assert r.status_code == 200 and 'name="problems"' in r.content.decode()
    assert "2025年中期评估报告：评估组撰写部分" in text(r)
    r = client.post(
        url(world),
        {"problems": "学前教育资源不足", "recommendations": "", "experience": "部门协作机制"},
        follow=True,
    )
    assert "已保存：突出问题、有益经验" in text(r)
    r = client.post(
        url(world),
        {"problems": "学前教育资源不足", "recommendations": "", "experience": "部门协作机制"},
        follow=True,
    )
    assert "内容没有改动，未保存新版本" in text(r)
    r = client.get(url(world, name="draft_history"))
    body = text(r)
    assert r.status_code == 200 and "学前教育资源不足" in body and "部门协作机制" in body and "eval1" in body
    assert body.split("保存时间保存人部分内容")[1].count("eval1") == 2  # one row per saved section


def test_a_draft_too_long_is_refused_and_the_text_kept(client, world):
    client.force_login(world.users["evaluator"])
    long_text = "问" * (services.MAX_DRAFT_CHARS + 1)
    r = client.post(url(world), {"problems": long_text, "experience": "不会丢失的经验"})
    assert r.status_code == 400
    assert (
        f"“突出问题”共{services.MAX_DRAFT_CHARS + 1}字，超过每部分{services.MAX_DRAFT_CHARS}字的上限"
        in text(r)
    )
    assert "不会丢失的经验" in r.content.decode()  # what was typed is still in the form
    assert not EvaluationDraft.objects.exists()  # all or nothing


def test_other_roles_read_but_do_not_write(client, world):
    services.save_drafts(world.users["evaluator"], world.plan, world.county, 2025, {"problems": "现有问题"})
    for role in ("admin", "monitor", "leader"):
        client.force_login(world.users[role])
        r = client.get(url(world))
        assert r.status_code == 200 and "现有问题" in text(r) and "<textarea" not in r.content.decode()
        assert client.post(url(world), {"problems": "改写"}).status_code == 403
    assert services.current_drafts(world.plan, world.county, 2025) == {"problems": "现有问题"}


def test_not_an_evaluation_year(client, world):
    client.force_login(world.users["evaluator"])
    assert client.get(url(world, year=2024)).status_code == 404
    assert client.get(url(world, year=2024, name="draft_history")).status_code == 404
    assert client.post(url(world, year=2027), {"problems": "x"}).status_code == 404
