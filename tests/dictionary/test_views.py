"""The review page (confirm / choose / create), the alignment page and the registry page."""

import pytest
from django.contrib.auth.models import User

from planwatch.apps.accounts.models import Profile, Role
from planwatch.apps.dictionary.models import ConfirmedLink, DictionaryEntry, IndicatorLink
from planwatch.apps.plans.importing import import_document
from planwatch.apps.plans.models import Indicator
from planwatch.parsing import model as pm

from .seeds import document

ODD = "妇女宫颈癌筛查人数比例（35至64岁）"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def women_plan(db):
    doc = document("jiangjin_women_children_2021-2030")
    doc.plans[0].indicators.append(
        pm.Indicator(
            name=ODD, unit="%", area="妇女与健康", target=pm.Target(text="逐年提高", kind="direction_up")
        )
    )
    result = import_document(doc, digest="v")
    return next(p for p in result.plans if p.population == "women")


def _login(client, plan, role):
    user = User.objects.create_user(role, password="pw")
    Profile.objects.create(user=user, role=role, region=plan.region)
    client.login(username=role, password="pw")
    return user


def test_review_lists_only_low_confidence_links(client, women_plan):
    _login(client, women_plan, Role.MONITOR)
    page = client.get(f"/dictionary/plans/{women_plan.pk}/review/").content.decode()
    assert ODD in page and "W-HEA-05" in page and "确认建议" in page
    row = "<td>婚前医学检查率<div"  # the indicator's row (the entry also appears in every choice list)
    assert row not in page  # exact links are not listed
    full = client.get(f"/dictionary/plans/{women_plan.pk}/review/?all=1").content.decode()
    assert row in full


def test_confirm_choose_and_create_from_the_page(client, women_plan):
    user = _login(client, women_plan, Role.MONITOR)
    odd = Indicator.objects.get(plan=women_plan, name=ODD)
    url = f"/dictionary/plans/{women_plan.pk}/indicators/{odd.pk}/decide/"
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302 and response["Location"].endswith(
        f"/dictionary/plans/{women_plan.pk}/review/"
    )
    link = IndicatorLink.objects.get(indicator=odd)
    assert link.accepted and link.method == "confirmed" and link.confirmed_by == user
    client.post(url, {"action": "choose", "code": "W-HEA-06"})
    assert IndicatorLink.objects.get(indicator=odd).entry.code == "W-HEA-06"
    client.post(
        url, {"action": "create", "name": "宫颈癌筛查人数比例", "unit": "%", "direction": "higher_is_better"}
    )
    entry = DictionaryEntry.objects.get(code="U-W-001")
    assert IndicatorLink.objects.get(indicator=odd).entry == entry
    assert ConfirmedLink.objects.get().entry == entry


def test_bad_choice_is_shown_as_a_chinese_message(client, women_plan):
    _login(client, women_plan, Role.MONITOR)
    odd = Indicator.objects.get(plan=women_plan, name=ODD)
    url = f"/dictionary/plans/{women_plan.pk}/indicators/{odd.pk}/decide/"
    page = client.post(url, {"action": "choose", "code": "W-NOPE-1"}, follow=True).content.decode()
    assert "字典中没有编码「W-NOPE-1」" in page
    page = client.post(
        url, {"action": "create", "name": "x", "unit": "公斤", "direction": "neutral"}, follow=True
    )
    assert "未知单位「公斤」" in page.content.decode()
    assert not IndicatorLink.objects.get(indicator=odd).accepted


def test_readers_see_but_cannot_decide(client, women_plan):
    _login(client, women_plan, Role.LEADER)
    odd = Indicator.objects.get(plan=women_plan, name=ODD)
    page = client.get(f"/dictionary/plans/{women_plan.pk}/review/").content.decode()
    assert ODD in page and "确认建议" not in page
    response = client.post(
        f"/dictionary/plans/{women_plan.pk}/indicators/{odd.pk}/decide/", {"action": "confirm"}
    )
    assert response.status_code == 403


def test_reporters_and_anonymous_users_are_kept_out(client, women_plan):
    assert client.get(f"/dictionary/plans/{women_plan.pk}/review/").status_code == 302
    _login(client, women_plan, Role.SUBREGION)
    assert client.get(f"/dictionary/plans/{women_plan.pk}/review/").status_code == 403


def test_alignment_page_against_the_national_outline(client, women_plan):
    _login(client, women_plan, Role.EVALUATOR)
    page = client.get(f"/dictionary/plans/{women_plan.pk}/alignment/").content.decode()
    assert "中国妇女发展纲要（2021—2030年）" in page
    assert "弱于上级" in page and "W-DEC-09" in page
    assert (
        "另有表述" in page and "孕产妇死亡率：降低（弱于上级" in page
    )  # the goal sentence beside the table row
    assert client.get(f"/dictionary/plans/{women_plan.pk}/alignment/?parent=nonsense").status_code == 404


def test_registry_page(client, women_plan):
    _login(client, women_plan, Role.ADMIN)
    page = client.get("/dictionary/registry/").content.decode()
    assert "规划备案情况" in page and women_plan.title in page
    assert client.get("/dictionary/registry/?region=999999").status_code == 404
    from planwatch.apps.regions.models import Region

    Region.objects.create(code="500116999", name="测试镇", level="town", parent=women_plan.region)
    page = client.get("/dictionary/registry/").content.decode()
    assert '<span class="badge late">未制定</span>' in page  # a sub-region without a plan stands out


def test_alignment_page_offers_only_parent_plans_the_user_may_open(client, women_plan):
    """Another region's plan is neither named in the selector nor reachable: 404, as on every page, so that its
    existence is not even confirmed."""
    doc = document("baodi_women_children_2021-2025")
    other = next(p for p in import_document(doc, digest="b").plans if p.population == "women")
    assert other.region_id != women_plan.region_id
    _login(client, women_plan, Role.LEADER)
    page = client.get(f"/dictionary/plans/{women_plan.pk}/alignment/").content.decode()
    assert other.title not in page
    assert client.get(f"/dictionary/plans/{women_plan.pk}/alignment/?parent={other.pk}").status_code == 404
    assert client.get(f"/dictionary/plans/{other.pk}/review/").status_code == 404


def test_alignment_page_with_a_partly_loaded_dictionary_names_the_missing_entries(client, women_plan):
    """Entries the national outline uses but the database lacks (a dictionary loaded in part): the page says
    which and what to do instead of answering 500; a stored plan as the parent still compares."""
    from planwatch.dictionary.alignment import load_outlines
    from planwatch.dictionary.entries import load_dictionary

    used = {t.code for t in load_outlines(dictionary=load_dictionary())["national-women"].targets}
    linked = set(IndicatorLink.objects.exclude(entry=None).values_list("entry__code", flat=True))
    gone = sorted(used - linked)[:3]
    assert len(gone) == 3
    DictionaryEntry.objects.filter(code__in=gone).delete()
    _login(client, women_plan, Role.EVALUATOR)
    response = client.get(f"/dictionary/plans/{women_plan.pk}/alignment/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "指标字典不完整" in page and all(code in page for code in gone)
    assert "planwatch dictionary match --all" in page
    assert "弱于上级" not in page  # no comparison against an outline it cannot read
    page = client.get(f"/dictionary/plans/{women_plan.pk}/alignment/?parent={women_plan.pk}").content.decode()
    assert "指标字典不完整" in page and "下级：" in page  # a stored plan as the parent needs no outline
