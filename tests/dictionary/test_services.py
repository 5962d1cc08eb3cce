"""Linking stored plans: import links automatically, decisions are kept, re-imports get them back."""

import pytest
from django.contrib.auth.models import User

from planwatch.apps.dictionary.models import ConfirmedLink, DictionaryEntry, IndicatorLink
from planwatch.apps.dictionary.services import (
    DictionaryServiceError,
    create_entry_for,
    decide_link,
    link_plan,
    series_key,
    sync_entries,
)
from planwatch.apps.plans.importing import import_document
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.dictionary.entries import Dictionary, load_dictionary
from planwatch.parsing import model as pm

from .seeds import document, expected_links

SEED = "jiangjin_women_children_2021-2030"


def _import(replace=False, extra=None):
    doc = document(SEED)
    if extra:
        doc.plans[0].indicators.append(extra)
    return import_document(doc, digest="d" if not replace else "d2", replace=replace)


def _odd_indicator():
    return pm.Indicator(
        name="妇女宫颈癌筛查人数比例（35至64岁）",
        unit="%",
        area="妇女与健康",
        target=pm.Target(text="逐年提高", kind="direction_up", year=2030),
    )


@pytest.mark.django_db
def test_sync_creates_entries_and_retires_removed_ones():
    d = load_dictionary()
    assert sync_entries(d) == len(d)
    assert sync_entries(d) == 0  # nothing changed
    smaller = Dictionary(e for e in d.entries if e.code != "W-HEA-04")
    sync_entries(smaller)
    assert DictionaryEntry.objects.get(code="W-HEA-04").retired
    assert DictionaryEntry.objects.filter(retired=False).count() == len(d) - 1


@pytest.mark.django_db
def test_import_links_every_seed_indicator_as_hand_checked():
    result = _import()
    links = expected_links()
    total = right = 0
    for plan in result.plans:
        for link in IndicatorLink.objects.filter(indicator__plan=plan).select_related("indicator", "entry"):
            total += 1
            key = (SEED, plan.population, link.indicator.name, link.indicator.unit)
            right += link.accepted and link.entry.code == links[key]
    assert total == Indicator.objects.count() > 90
    assert right / total >= 0.95


@pytest.mark.django_db
def test_low_confidence_link_waits_for_a_person_and_the_decision_survives_reimport():
    result = _import(extra=_odd_indicator())
    women = next(p for p in result.plans if p.population == "women")
    odd = Indicator.objects.get(plan=women, name=_odd_indicator().name)
    link = odd.dictionary_link
    assert link.entry.code == "W-HEA-05" and not link.accepted and link.method == "auto"

    reviewer = User.objects.create_user("monitor")
    decide_link(odd, link.entry, reviewer, method=IndicatorLink.Method.CONFIRMED)
    odd.dictionary_link.refresh_from_db()
    assert odd.dictionary_link.accepted and odd.dictionary_link.confirmed_by == reviewer
    assert ConfirmedLink.objects.count() == 1

    # Re-running the matcher keeps the decision.
    summary = link_plan(women)
    assert summary.kept == 1
    # Re-importing the plan (new indicator rows) restores it from memory.
    again = _import(replace=True, extra=_odd_indicator())
    women2 = next(p for p in again.plans if p.population == "women")
    new_odd = Indicator.objects.get(plan=women2, name=_odd_indicator().name)
    assert new_odd.pk != odd.pk
    assert new_odd.dictionary_link.method == "confirmed" and new_odd.dictionary_link.accepted
    assert new_odd.dictionary_link.confirmed_by == reviewer


@pytest.mark.django_db
def test_manual_choice_and_new_entry():
    result = _import(extra=_odd_indicator())
    women = next(p for p in result.plans if p.population == "women")
    odd = Indicator.objects.get(plan=women, name=_odd_indicator().name)
    other = DictionaryEntry.objects.get(code="W-HEA-06")
    decide_link(odd, other, None, method=IndicatorLink.Method.MANUAL)
    assert IndicatorLink.objects.get(indicator=odd).entry == other

    entry = create_entry_for(
        odd, None, name="35—64岁妇女宫颈癌筛查人数比例", unit="%", direction="higher_is_better"
    )
    assert entry.code == "U-W-001" and entry.source == "user" and entry.unit_family == "rate"
    assert entry.synonyms == [odd.name]
    assert IndicatorLink.objects.get(indicator=odd).entry == entry
    second = Indicator.objects.filter(plan=women).exclude(pk=odd.pk).first()
    assert create_entry_for(second, None, name="另一个新指标", unit="", direction="neutral").code == "U-W-002"
    # A user entry is a synonym source for later matching of other plans.
    assert link_plan(women).kept >= 2


@pytest.mark.django_db
def test_decisions_refuse_bad_input_in_chinese():
    result = _import()
    women = next(p for p in result.plans if p.population == "women")
    ind = women.indicators.first()
    with pytest.raises(DictionaryServiceError, match="不能关联到儿童条目 C-HEA-01"):
        decide_link(ind, DictionaryEntry.objects.get(code="C-HEA-01"), None, method="manual")
    with pytest.raises(DictionaryServiceError, match="未知单位「公斤」"):
        create_entry_for(ind, None, name="体重", unit="公斤", direction="neutral")
    with pytest.raises(DictionaryServiceError, match="标准名称不能为空"):
        create_entry_for(ind, None, name=" ", unit="%", direction="neutral")
    with pytest.raises(DictionaryServiceError, match="未知的确认方式"):
        decide_link(ind, DictionaryEntry.objects.get(code="W-HEA-01"), None, method="guess")


@pytest.mark.django_db
def test_series_key_is_the_code_of_an_accepted_link():
    result = _import(extra=_odd_indicator())
    women = next(p for p in result.plans if p.population == "women")
    mmr = Indicator.objects.filter(plan=women, name="孕产妇死亡率").first()
    assert series_key(mmr) == "W-HEA-03"
    odd = Indicator.objects.get(plan=women, name=_odd_indicator().name)
    assert series_key(odd) == f"ind-{odd.pk}"  # unconfirmed: its own series until a person decides


@pytest.mark.django_db
def test_failed_import_leaves_no_links():
    doc = document(SEED)
    doc.plans[1].indicators[0].target.kind = None  # NOT NULL column: the second plan fails
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is the rollback
        import_document(doc, digest="x")
    assert not Plan.objects.exists() and not IndicatorLink.objects.exists()


@pytest.mark.django_db
def test_relinking_a_plan_costs_a_bounded_number_of_queries(django_assert_max_num_queries):
    result = _import()
    women = next(p for p in result.plans if p.population == "women")
    assert women.indicators.count() > 50
    with django_assert_max_num_queries(15):
        summary = link_plan(women)
    assert summary.auto_accepted == summary.total


@pytest.mark.django_db
def test_a_broken_dictionary_file_does_not_block_linking(monkeypatch):
    from planwatch.apps.dictionary import services
    from planwatch.dictionary.errors import DictionaryError

    _import()  # entries are stored by the first import
    plan = Plan.objects.filter(population="women").get()

    def broken(*_a, **_k):
        raise DictionaryError("指标字典有 1 处错误：\nindicators_women.yaml：第 3 行：YAML 格式错误")

    monkeypatch.setattr(services, "sync_entries", broken)
    summary = link_plan(plan)
    assert "指标字典文件有错误" in summary.warning
    assert summary.auto_accepted == summary.total
