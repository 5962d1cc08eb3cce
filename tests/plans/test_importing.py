"""Storing a parsed document: all-or-nothing, duplicates refused, regions resolved, departments created."""

import pytest

from planwatch.apps.plans.importing import ImportRefused, file_digest, import_document
from planwatch.apps.plans.models import Indicator, Plan
from planwatch.apps.regions.models import Department, Region
from planwatch.parsing import model as pm


def _doc(region="重庆市江津区", *, indicators=None, population="women", bad_area=False) -> pm.Document:
    inds = indicators or [
        pm.Indicator(
            name="孕产妇死亡率",
            unit="1/10万",
            area="妇女与健康",
            attribute="binding",
            direction="lower_is_better",
            target=pm.Target(
                text="<8", kind="numeric_max", comparator="<", value=8.0, year=2030, unit="1/10万"
            ),
            milestones=[pm.Target(text="2025年<9", kind="numeric_max", comparator="<", value=9.0, year=2025)],
            baseline=pm.Baseline(year=2020, value=9.5),
            departments=["区卫生健康委、区妇联"],
            line=99,
            seq=3,
        ),
        pm.Indicator(
            name="婚前医学检查率",
            unit="%",
            area="妇女与健康",
            target=pm.Target(text="逐年提高", kind="direction_up"),
            departments=["区卫生健康委"],
            line=92,
            seq=1,
        ),
    ]
    plan = pm.Plan(
        title="江津区妇女发展规划（2021—2030年）",
        population=population,
        period=(2021, 2030),
        areas=[
            pm.Area(
                name="妇女与健康", order=1, goals=[pm.Item(seq=1, text="妇女人均预期寿命持续增长。", line=60)]
            )
        ],
        indicators=inds,
    )
    return pm.Document(
        region=region, issuer="重庆市江津区人民政府", issued_date="2022-12-29", source="t.txt", plans=[plan]
    )


@pytest.mark.django_db
def test_import_stores_plan_areas_goals_indicators_and_departments():
    result = import_document(_doc(), digest="abc")
    (plan,) = result.plans
    assert plan.region.code == "500116"
    assert plan.issued_date.isoformat() == "2022-12-29"
    assert list(plan.areas.values_list("name", flat=True)) == ["妇女与健康"]
    mmr = Indicator.objects.get(plan=plan, name="孕产妇死亡率")
    assert (mmr.target_kind, mmr.target_comparator, mmr.target_value, mmr.target_year) == (
        "numeric_max",
        "<",
        8.0,
        2030,
    )
    assert mmr.milestones[0]["year"] == 2025 and mmr.baseline_value == 9.5 and mmr.source_line == 99
    assert sorted(mmr.departments.values_list("name", flat=True)) == ["区卫生健康委", "区妇联"]
    # one department row per name and region, shared by the indicators that name it
    assert Department.objects.filter(name="区卫生健康委").count() == 1


@pytest.mark.django_db
def test_same_file_twice_is_skipped_not_duplicated():
    import_document(_doc(), digest="same")
    again = import_document(_doc(), digest="same")
    assert "已导入过" in again.skipped
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_same_plan_from_another_file_is_refused_unless_replace():
    import_document(_doc(), digest="one")
    with pytest.raises(ImportRefused, match="已有同期妇女规划"):
        import_document(_doc(), digest="two")
    import_document(_doc(), digest="two", replace=True)
    assert Plan.objects.get().source_sha256 == "two"


@pytest.mark.django_db
def test_unknown_region_is_refused_with_its_name():
    with pytest.raises(ImportRefused, match="火星县"):
        import_document(_doc(region="火星县"))
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_failure_in_second_plan_leaves_nothing_stored():
    doc = _doc()
    broken = pm.Plan(
        title="坏规划", population="children", period=(2021, 2030), indicators=[_doc().plans[0].indicators[0]]
    )
    broken.indicators[0].target.kind = None  # a NOT NULL column: the database refuses the row
    doc.plans.append(broken)
    with pytest.raises(Exception):  # noqa: B017 - any database error; what matters is the rollback
        import_document(doc, digest="x")
    assert not Plan.objects.exists()
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_document_without_plans_is_refused():
    with pytest.raises(ImportRefused, match="未识别出任何规划"):
        import_document(pm.Document(region="江津区", source="empty.txt"))


def test_file_digest_is_sha256():
    assert file_digest(b"abc").startswith("ba7816bf")


@pytest.mark.django_db
def test_region_found_by_suffix_of_printed_name():
    from planwatch.apps.regions.gazetteer import ensure_regions, find_region

    ensure_regions()
    assert find_region("云南省腾冲市").code == "530581"
    assert find_region("天津市宝坻区").code == "120115"
    assert Region.objects.get(code="530581").parent.code == "530500"
