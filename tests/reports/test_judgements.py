"""The evaluation group's judgements of qualitative targets and 措施目标: every save kept, the newest is the
current one, bad input refused with Chinese messages, the page's access, and the reports' 定性目标 table."""

import io

import docx
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from evaluation.conftest import observe
from reporting.factories import user

from planwatch.apps.accounts.models import Role
from planwatch.apps.plans.models import Indicator, Strategy
from planwatch.apps.reports import collect, services
from planwatch.apps.reports.models import QualitativeJudgement
from planwatch.reports import build_annual_report, build_evaluation_report

from .helpers import text


def url(world, year=2024, region=None):
    return reverse("reports:judgements", args=[world.plan.pk, (region or world.county).pk, year])


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_save_is_kept_and_the_newest_is_current(world):
    evaluator, w = world.users["evaluator"], world
    first = services.save_judgement(evaluator, w.enrol, w.county, 2024, "partly", "农村幼儿园覆盖不足\r\n")
    assert first.evidence == "农村幼儿园覆盖不足" and first.author == evaluator
    assert services.save_judgement(evaluator, w.enrol, w.county, 2024, "partly", "农村幼儿园覆盖不足") is None
    services.save_judgement(evaluator, w.enrol, w.county, 2024, "mostly", "新建公办园12所")
    assert services.current_judgements(w.plan, w.county, 2024) == {w.enrol.pk: ("基本实现", "新建公办园12所")}
    assert services.current_judgements(w.plan, w.county, 2025) == {}
    assert services.current_judgements(w.plan, w.town, 2024) == {}
    history = services.judgement_history(w.plan, w.county, 2024).values_list("judgement", flat=True)
    assert list(history) == ["mostly", "partly"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"judgement": "great"},
            "没有“great”这种评价，请选择已实现、基本实现、部分实现、未实现、无法判断之一",
        ),
        ({"evidence": "据" * 4001}, "的依据共 4001 字，超过 4000 字的上限"),
        ({"year": 2035}, "2035年不在规划期内（2020—2030年）"),
        ({"year": "abc"}, "年份“abc”不是数字"),
        ({"indicator": "mmr"}, "“孕产妇死亡率”是数值目标，由监测数据评估，不需评估组评价"),
    ],
)
def test_bad_judgements_are_refused_in_chinese(world, args, message):
    w = world
    kw = {"judgement": "achieved", "evidence": "依据", "year": 2024, **args}
    indicator = getattr(w, kw.pop("indicator", "enrol"))
    with pytest.raises(services.JudgementError, match=message):
        services.save_judgement(w.users["evaluator"], indicator, w.county, kw["year"], kw["judgement"],
                                kw["evidence"])  # fmt: skip
    assert not QualitativeJudgement.objects.exists()


def test_another_region_and_other_roles_are_refused(world):
    w = world
    outsider = user("othereval", Role.EVALUATOR, w.other_county)
    with pytest.raises(services.JudgementError, match="不覆盖"):
        services.save_judgement(outsider, w.enrol, w.other_county, 2024, "achieved", "")
    with pytest.raises(services.JudgementError, match="只有本地区的评估组可以评价"):
        services.save_judgement(outsider, w.enrol, w.county, 2024, "achieved", "")
    with pytest.raises(services.JudgementError, match="只有本地区的评估组可以评价"):
        services.save_judgement(w.users["monitor"], w.enrol, w.county, 2024, "achieved", "")
    assert not QualitativeJudgement.objects.exists()


def test_page_lists_qualitative_and_measure_targets_for_the_evaluator(client, world):
    w = world
    Indicator.objects.filter(pk=w.kids.pk).update(origin="strategy")
    client.force_login(w.users["evaluator"])
    r = client.get(url(w))
    body = r.content.decode()
    assert r.status_code == 200 and f'name="judgement-{w.enrol.pk}"' in body
    assert f'name="judgement-{w.kids.pk}"' in body and f'name="judgement-{w.mmr.pk}"' not in body
    r = client.post(url(w), {f"judgement-{w.enrol.pk}": "achieved", f"evidence-{w.enrol.pk}": "全区普及"},
                    follow=True)  # fmt: skip
    assert "已保存1项评价" in text(r) and "全区普及" in text(r)
    # one refused row saves none of the form, and what was typed stays on the page
    r = client.post(url(w), {f"judgement-{w.enrol.pk}": "partly", f"evidence-{w.enrol.pk}": "改了",
                             f"judgement-{w.kids.pk}": "bogus"})  # fmt: skip
    assert r.status_code == 400 and "没有“bogus”这种评价" in text(r) and "改了" in r.content.decode()
    assert services.current_judgements(w.plan, w.county, 2024) == {w.enrol.pk: ("已实现", "全区普及")}


def test_page_access(client, world):
    w = world
    services.save_judgement(w.users["evaluator"], w.enrol, w.county, 2024, "achieved", "全区普及")
    client.force_login(w.users["leader"])
    r = client.get(url(w))
    assert r.status_code == 200 and "全区普及" in text(r) and "只有评估组可以评价" in text(r)
    assert 'name="judgement-' not in r.content.decode()
    assert client.post(url(w), {f"judgement-{w.enrol.pk}": "partly"}).status_code == 403
    client.force_login(w.users["health"])
    assert client.get(url(w)).status_code == 403
    client.force_login(w.users["other_monitor"])
    assert client.get(url(w)).status_code == 404
    client.force_login(w.users["evaluator"])
    assert client.get(url(w, region=w.other_county)).status_code == 404
    assert client.get(url(w, year=2035)).status_code == 404
    assert services.current_judgements(w.plan, w.county, 2024) == {w.enrol.pk: ("已实现", "全区普及")}


def test_reports_print_the_judgement_and_evidence(data):
    w = data
    before = docx_text(build_annual_report(collect.annual_data(w.plan, w.county, 2024)))
    assert "尚未评价" in before and "评估组尚未评价" in before
    services.save_judgement(w.users["evaluator"], w.enrol, w.county, 2024, "mostly", "新建公办幼儿园12所")
    services.save_judgement(w.users["evaluator"], w.enrol, w.county, 2025, "achieved", "毛入园率达到目标")
    annual = docx_text(build_annual_report(collect.annual_data(w.plan, w.county, 2024)))
    assert "基本实现" in annual and "新建公办幼儿园12所" in annual
    observe(w.hosp, w.county, 2025, 97.0)  # the mid-term evaluation needs data of 2025
    evaluation = docx_text(build_evaluation_report(collect.evaluation_data(w.plan, w.county, 2025)))
    assert (
        "已实现" in evaluation and "毛入园率达到目标" in evaluation and "新建公办幼儿园12所" not in evaluation
    )


# ---- the plan's own 策略措施 -------------------------------------------------------------------------------


@pytest.fixture
def strategies(world):
    w = world
    edu = w.enrol.area
    w.strategy1 = Strategy.objects.create(
        area=edu, seq=1, text="扩大普惠性学前教育资源，新建改扩建公办幼儿园。"
    )
    w.strategy2 = Strategy.objects.create(area=edu, seq=2, text="健全学前教育经费投入机制。")
    return w


def docx_rows(content: bytes, caption_header: str) -> list[list[str]]:
    """The rows of the table whose header row starts with ``caption_header``."""
    document = docx.Document(io.BytesIO(content))
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and rows[0][:2] == ["领域", caption_header]:
            return rows[1:]
    raise AssertionError(f"no table headed {caption_header}")


def test_strategy_judgements_keep_their_history(strategies):
    w, evaluator = strategies, strategies.users["evaluator"]
    first = services.save_strategy_judgement(evaluator, w.strategy1, w.county, 2024, "partly", "新建3所\r\n")
    assert first.strategy == w.strategy1 and first.indicator is None and first.evidence == "新建3所"
    assert (
        services.save_strategy_judgement(evaluator, w.strategy1, w.county, 2024, "partly", "新建3所") is None
    )
    services.save_strategy_judgement(evaluator, w.strategy1, w.county, 2024, "achieved", "新建12所")
    services.save_judgement(evaluator, w.enrol, w.county, 2024, "mostly", "")
    assert services.current_strategy_judgements(w.plan, w.county, 2024) == {
        w.strategy1.pk: ("已实现", "新建12所")
    }
    # an indicator's judgement and a strategy's never mix
    assert services.current_judgements(w.plan, w.county, 2024) == {w.enrol.pk: ("基本实现", "")}
    assert services.current_strategy_judgements(w.plan, w.town, 2024) == {}
    history = list(services.judgement_history(w.plan, w.county, 2024))
    assert [h.judgement for h in history] == ["mostly", "achieved", "partly"]
    assert history[1].subject_name.startswith("策略措施1：扩大普惠性学前教育资源")


def test_bad_strategy_judgements_are_refused(strategies):
    w = strategies
    outsider = user("othereval", Role.EVALUATOR, w.other_county)
    cases = [
        (w.users["evaluator"], w.county, 2024, "great", "", "儿童与教育策略措施第1条：没有“great”这种评价"),
        (w.users["evaluator"], w.county, 2031, "achieved", "", "2031年不在规划期内"),
        (w.users["evaluator"], w.county, 2024, "achieved", "据" * 4001, "依据共 4001 字"),
        (w.users["monitor"], w.county, 2024, "achieved", "", "只有本地区的评估组可以评价"),
        (outsider, w.county, 2024, "achieved", "", "只有本地区的评估组可以评价"),
        (outsider, w.other_county, 2024, "achieved", "", "不覆盖大渡口区"),
    ]
    for who, where, year, choice, evidence, message in cases:
        with pytest.raises(services.JudgementError, match=message):
            services.save_strategy_judgement(who, w.strategy1, where, year, choice, evidence)
    assert not QualitativeJudgement.objects.exists()


def test_a_judgement_is_of_exactly_one_subject(strategies):
    w = strategies
    for kw in ({}, {"indicator": w.enrol, "strategy": w.strategy1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            QualitativeJudgement.objects.create(region=w.county, year=2024, judgement="achieved", **kw)


def test_page_judges_strategies_with_the_same_rules(client, strategies):
    w = strategies
    client.force_login(w.users["evaluator"])
    body = client.get(url(w)).content.decode()
    assert f'name="strategy-judgement-{w.strategy1.pk}"' in body and "健全学前教育经费投入机制" in body
    r = client.post(url(w), {f"strategy-judgement-{w.strategy1.pk}": "mostly",
                             f"strategy-evidence-{w.strategy1.pk}": "新建公办园12所",
                             f"judgement-{w.enrol.pk}": "achieved"}, follow=True)  # fmt: skip
    assert "已保存2项评价" in text(r) and "策略措施1：扩大普惠性学前教育资源" in text(r)
    # one refused strategy row saves nothing of the form
    r = client.post(url(w), {f"strategy-judgement-{w.strategy1.pk}": "partly",
                             f"strategy-judgement-{w.strategy2.pk}": "bogus",
                             f"strategy-evidence-{w.strategy2.pk}": "照写"})  # fmt: skip
    assert r.status_code == 400 and "第2条：没有“bogus”这种评价" in text(r) and "照写" in r.content.decode()
    assert services.current_strategy_judgements(w.plan, w.county, 2024) == {
        w.strategy1.pk: ("基本实现", "新建公办园12所")
    }
    client.force_login(w.users["leader"])  # reads, may not judge
    r = client.get(url(w))
    assert r.status_code == 200 and "新建公办园12所" in text(r) and "尚未评价" in text(r)
    assert 'name="strategy-judgement-' not in r.content.decode()
    assert client.post(url(w), {f"strategy-judgement-{w.strategy2.pk}": "partly"}).status_code == 403
    client.force_login(w.users["monitor"])
    assert client.post(url(w), {f"strategy-judgement-{w.strategy2.pk}": "partly"}).status_code == 403
    client.force_login(w.users["other_monitor"])
    assert client.get(url(w)).status_code == 404
    client.force_login(user("othereval", Role.EVALUATOR, w.other_county))
    assert client.get(url(w)).status_code == 404
    assert client.post(url(w), {f"strategy-judgement-{w.strategy2.pk}": "partly"}).status_code == 404
    assert list(services.current_strategy_judgements(w.plan, w.county, 2024)) == [w.strategy1.pk]


def test_evaluation_report_prints_strategy_judgements(data):
    w = data
    s1 = Strategy.objects.create(area=w.enrol.area, seq=1, text="扩大普惠性学前教育资源。")
    Strategy.objects.create(area=w.enrol.area, seq=2, text="健全学前教育经费投入机制。")
    observe(w.hosp, w.county, 2025, 97.0)  # the mid-term evaluation needs data of 2025
    services.save_strategy_judgement(w.users["evaluator"], s1, w.county, 2025, "partly", "旧的依据")
    services.save_strategy_judgement(w.users["evaluator"], s1, w.county, 2025, "mostly", "新建公办园12所")
    services.save_strategy_judgement(w.users["evaluator"], s1, w.county, 2024, "achieved", "别的年份")
    content = build_evaluation_report(collect.evaluation_data(w.plan, w.county, 2025))
    rows = docx_rows(content, "目标或策略措施")
    assert ["儿童与教育", "扩大普惠性学前教育资源。", "基本实现", "新建公办园12所"] in rows
    assert ["儿童与教育", "健全学前教育经费投入机制。", "尚未评价", "—"] in rows
    assert ["儿童与教育", "学前教育毛入园率：普及学前教育", "尚未评价", "—"] in rows
    whole = docx_text(content)
    assert "旧的依据" not in whole and "别的年份" not in whole
    assert "共3项，已评价1项，2项尚未评价。" in whole
