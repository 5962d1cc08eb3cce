"""The narrative generator: every status, target kind, unit family and direction of change."""

import pytest

from planwatch.reports import narrative as nv
from planwatch.reports.model import CellSeries, IndicatorResult


def ind(**kw) -> IndicatorResult:
    kw.setdefault("key", "k")
    kw.setdefault("name", "指标")
    return IndicatorResult(**kw)


def test_the_issue_example_sentence():
    mmr = ind(name="孕产妇死亡率", unit="1/10万", kind="numeric_max", comparator="<=", target_value=8, target="≤8/10万",
              status="met", value=7.2, prev_year=2023, change=-0.6, change_pct=-7.6923)  # fmt: skip
    assert (
        nv.indicator_sentence(mmr, 2024)
        == "2024年，孕产妇死亡率为7.2/10万，比上年降低7.7%，低于规划目标8/10万，已达标。"
    )


@pytest.mark.parametrize(
    ("unit", "change", "pct", "expected"),
    [
        ("%", 3.9, 4.5, "比上年提高3.9个百分点"),
        ("%", -0.25, -0.3, "比上年下降0.25个百分点"),
        ("‰", -0.3, -8.8, "比上年下降0.3个千分点"),
        ("‱", 0.1, 2.0, "比上年提高0.1个万分点"),
        ("1/10万", -0.9, -5.3, "比上年降低5.3%"),
        ("1/10万", 0.9, 6.0, "比上年提高6%"),
        ("人", 120, 3.0, "比上年增加120人"),
        ("万人", -1.5, -2.0, "比上年减少1.5万人"),
        ("岁", 0.5, 0.6, "比上年提高0.5岁"),
        ("", 2, 10.0, "比上年提高2"),
        ("%", 0.0, 0.0, "与上年持平"),
        ("1/10万", 0.0, 0.0, "与上年持平"),
        ("%", None, None, ""),
    ],
)
def test_change_words_by_unit_family_and_direction(unit, change, pct, expected):
    assert nv.change_phrase(change, pct, unit, "上年") == expected


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        # numeric_min: met above, met exactly, near, not met
        ({"kind": "numeric_min", "comparator": ">=", "target_value": 95, "unit": "%", "value": 97.5, "status": "met"},
         "高于规划目标95%，已达标"),
        ({"kind": "numeric_min", "comparator": ">=", "target_value": 95, "unit": "%", "value": 95, "status": "met"},
         "达到规划目标95%，已达标"),
        ({"kind": "numeric_min", "comparator": ">=", "target_value": 95, "unit": "%", "value": 93.5, "status": "near"},
         "低于规划目标95%，距目标还差1.5个百分点，接近目标"),
        ({"kind": "numeric_min", "comparator": ">=", "target_value": 30, "unit": "%", "value": 22, "status": "not_met"},
         "低于规划目标30%，距目标还差8个百分点，未达标"),
        # numeric_max: met below, not met above
        ({"kind": "numeric_max", "comparator": "<=", "target_value": 8, "unit": "1/10万", "value": 7.2, "status": "met"},
         "低于规划目标8/10万，已达标"),
        ({"kind": "numeric_max", "comparator": "<=", "target_value": 6, "unit": "‰", "value": 6.8, "status": "not_met"},
         "高于规划目标6‰，距目标还差0.8个千分点，未达标"),
        ({"kind": "numeric_exact", "comparator": "=", "target_value": 100, "unit": "%", "value": 98, "status": "not_met"},
         "低于规划目标100%，距目标还差2个百分点，未达标"),
        ({"kind": "approx", "comparator": "~", "target_value": 45, "unit": "%", "value": 46, "status": "met"},
         "处于规划目标45%左右的范围内，已达标"),
        ({"kind": "approx", "comparator": "~", "target_value": 45, "unit": "%", "value": 52, "status": "not_met"},
         "高于规划目标45%左右，未达标"),
        ({"kind": "ratio", "target_text": "1：1", "value": 1.02, "status": "met"}, "规划目标为「1：1」，已达标"),
        ({"kind": "direction_up", "target_text": "逐年提高", "value": 80.6, "status": "near"}, "规划目标为「逐年提高」，接近目标"),
        ({"kind": "direction_down", "target_text": "明显降低", "value": 5, "status": "not_met"}, "规划目标为「明显降低」，未达标"),
        ({"kind": "maintain", "target_text": "保持在90%以上", "target_value": 90, "value": 92, "status": "met"},
         "规划目标为「保持在90%以上」，已达标"),
        ({"kind": "relative", "target_text": "不低于本地区党员总数中女性比例", "value": 28, "status": "met"},
         "规划目标为「不低于本地区党员总数中女性比例」，已达标"),
        ({"kind": "qualitative", "target_text": "实现基本普及", "value": 80, "status": "not_assessable"},
         "规划目标为定性目标「实现基本普及」，由评估组结合实施情况评价"),
        ({"kind": "numeric_min", "target_text": "达到", "value": 80, "status": "not_assessable", "reason": "目标「达到」缺少目标值，无法评估"},
         "规划目标为「达到」，暂不可评估（目标「达到」缺少目标值，无法评估）"),
    ],
)  # fmt: skip
def test_target_phrase_for_every_kind_and_status(kw, expected):
    assert nv.target_phrase(ind(**kw)) == expected


def test_no_data_sentence_names_the_year_and_claims_nothing():
    text = nv.indicator_sentence(ind(name="婚前医学检查率", unit="%", kind="numeric_min", target_value=70,
                                     status="no_data"), 2024)  # fmt: skip
    assert text.startswith("2024年，婚前医学检查率无数据")
    assert "达标" not in text


def test_change_against_an_earlier_year_when_last_year_is_missing_and_on_the_base_year():
    life = ind(name="妇女平均预期寿命", unit="岁", kind="direction_up", target_text="持续增长", status="near", value=80.6,
               prev_year=2021, change=0.5, base_year=2020, base_value=79.9)  # fmt: skip
    text = nv.indicator_sentence(life, 2023)
    assert "比2021年提高0.5岁" in text and "比上年" not in text
    assert "比2020年提高0.7岁" in text


def test_milestone_and_projection_clauses():
    i = ind(name="村委会成员中女性比例", unit="%", kind="numeric_min", target_value=30, target_year=2030, status="not_met",
            value=22, milestone_year=2025, milestone_target="≥25%", milestone_status="not_met",
            projected_final=16.22, anticipated="需扭转趋势")  # fmt: skip
    text = nv.indicator_sentence(i, 2025)
    assert "未达到2025年阶段目标（≥25%）" in text
    # the projection is worded as precisely as the data (22%), to at least one decimal: not 16.22%
    assert "按近年趋势预计2030年为16.2%，需扭转趋势" in text
    i.cells = [CellSeries(values={2024: 21.57, 2025: 22.01})]
    assert "按近年趋势预计2030年为16.22%" in nv.indicator_sentence(i, 2025)
    met = ind(
        kind="numeric_min", target_value=30, status="met", value=31, projected_final=35, target_year=2030
    )
    assert nv.projection_phrase(met) == ""  # a met target needs no forecast


def cells(**series) -> list[CellSeries]:
    out = []
    for label, values in series.items():
        sex, _, area = label.partition("_")
        out.append(CellSeries(sex=sex, area_type=area or "total", values=values))
    return out


def test_gender_and_urban_rural_gaps_with_widening():
    i = ind(unit="%", value=50, status="met", kind="numeric_min", target_value=40,
            cells=cells(total={2023: 50}, female={2022: 45, 2023: 44}, male={2022: 50, 2023: 52},
                        total_urban={2023: 60}, total_rural={2023: 40}))  # fmt: skip
    text = nv.gap_phrase(i, 2023)
    assert "女性为44%、男性为52%，女性比男性低8个百分点，差距比上年扩大3个百分点" in text
    assert "农村为40%、城镇为60%，农村比城镇低20个百分点" in text


def test_no_gender_gap_is_said_so():
    i = ind(unit="%", cells=cells(total={2023: 99.9}, female={2023: 99.9}, male={2023: 99.9}))
    assert nv.gap_phrase(i, 2023) == "其中，女性为99.9%、男性为99.9%，基本无性别差距"


def test_achievement_sentence_counts_once_and_lists_the_rest():
    inds = [ind(status=s) for s in ("met", "met", "met", "near", "not_met", "no_data", "not_assessable")]
    inds.append(
        ind(status="not_met", restates=True)
    )  # a restating goal sentence counts once (not at all here)
    assert nv.achievement_sentence(inds) == (
        "在可监测的5项指标中，有3项达标，达标率60%；1项接近目标，1项未达标。另有1项不可评估、1项无数据。"
    )
    assert nv.achievement_sentence([ind(status="no_data")]) == "1项指标中暂无可监测的指标（1项无数据）。"


def test_measure_targets_are_not_counted_until_promoted():
    """A 措施目标 (strategy / project target, ``in_rate`` False) is reported but not in the 达标率."""
    inds = [ind(status="met"), ind(status="not_met", in_rate=False)]
    assert nv.achievement_sentence(inds).startswith("在可监测的1项指标中，有1项达标，达标率100%")
    inds[1].in_rate = True  # promoted in review
    assert nv.achievement_sentence(inds).startswith("在可监测的2项指标中，有1项达标，达标率50%")


def test_movers_use_the_direction_of_each_indicator():
    up = ind(name="甲", direction="higher_is_better", value=90, change=2, change_pct=2.3)
    down_good = ind(name="乙", direction="lower_is_better", value=7, change=-1, change_pct=-12.5)
    down_bad = ind(name="丙", direction="higher_is_better", value=50, change=-3, change_pct=-5.7)
    neutral = ind(name="丁", direction="neutral", value=107, change=5, change_pct=4.9)
    better, worse = nv.movers([up, down_good, down_bad, neutral])
    assert [i.name for i in better] == ["乙", "甲"]
    assert [i.name for i in worse] == ["丙"]


def test_attribute_sentence():
    inds = [ind(attribute="binding", status="met"), ind(attribute="binding", status="not_met"),
            ind(attribute="expected", status="met")]  # fmt: skip
    assert (
        nv.attribute_sentence(inds)
        == "约束性指标2项，达标1项（达标率50%），未达标1项；预期性指标1项，达标1项（达标率100%）。"
    )


def test_compared_year_names_a_year_that_is_not_the_previous_one():
    # a change measured against 2015 (2016—2022 unreported) is "比2015年…", never "比上年…"
    gap = ind(name="孕产妇死亡率", unit="1/10万", kind="numeric_max", value=7.2, prev_year=2015, change=-1.8,
              change_pct=-20.0, status="met", target="≤8/10万", target_value=8, comparator="<=")  # fmt: skip
    assert "比2015年降低20%" in nv.indicator_sentence(gap, 2023)
    assert "上年" not in nv.indicator_sentence(gap, 2023)
    assert nv.mover_phrase(gap, 2023) == "孕产妇死亡率7.2/10万（比2015年降低20%）"
    assert nv.change_cell(gap, 2023) == "比2015年降低20%"
    consecutive = ind(unit="%", value=80, prev_year=2022, change=1.5, change_pct=1.9)
    assert nv.change_cell(consecutive, 2023) == "提高1.5个百分点"
    assert nv.mover_phrase(consecutive, 2023) == "指标80%（比上年提高1.5个百分点）"
    assert nv.change_cell(ind(unit="%", value=80), 2023) == ""


def test_compared_year_is_the_assessments_one_rule():
    from planwatch.assessment.explain import compared_year

    assert compared_year(2022, 2023) == "上年"
    assert compared_year(2015, 2023) == "2015年"
    assert compared_year(None, 2023) == "上年"
