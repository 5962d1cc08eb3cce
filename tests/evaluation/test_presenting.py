"""Formatting rules of the evaluation pages (no database)."""

from planwatch.apps.evaluation.presenting import Summary, cell_label, change_text, fmt_number, value_text


def test_change_in_points_for_rates_relative_for_per_100k_units_for_counts_and_levels():
    assert change_text(0.5, 0.51, "%") == "+0.5个百分点"
    assert change_text(-1.25, -40.0, "‰") == "−1.25个千分点"
    assert change_text(1.6, 12.698, "1/10万") == "+12.7%"
    assert change_text(0.3, 3.0, "1/万") == "+0.3个万分点"
    assert change_text(1.8, 2.3, "岁") == "+1.8岁"  # a level changes in its unit
    assert change_text(0.4, 3.5, "年") == "+0.4年"
    assert change_text(50, 5.3, "万元") == "+5.3%"  # money: relative change
    assert change_text(-30, -1.4, "人") == "−30人"
    assert change_text(0.0, 0.0, "%") == "持平"
    assert change_text(None, None, "%") == ""
    assert change_text(2.0, None, "岁") == "+2岁"  # no previous level to compare with: in the unit


def test_numbers_and_values_as_printed():
    assert fmt_number(66.6666, 1) == "66.7" and fmt_number(98.0) == "98" and fmt_number(-0.0001) == "0"
    assert value_text(7.2, "1/10万") == "7.2/10万" and value_text(None, "%") == ""
    assert cell_label("江津区", "female", "rural", "3岁") == "江津区·女·农村·3岁"
    assert cell_label("江津区", "total", "total", "") == "江津区"


def test_summary_sentence_like_the_nbs_report():
    s = Summary(indicators=60, met=44, near=3, not_met=7, no_data=4, not_assessable=2)
    assert s.sentence == (
        "在可监测的54项指标中，有44项达标，达标率81.5%；3项接近目标，7项未达标。另有2项不可评估、4项无数据。"
    )
    assert Summary(indicators=3, met=1, near=0, not_met=1, no_data=1).sentence.endswith("另有1项无数据。")
    assert (
        Summary(indicators=2, met=2).sentence
        == "在可监测的2项指标中，有2项达标，达标率100%；0项接近目标，0项未达标。"
    )
    empty = Summary(indicators=5, no_data=4, not_assessable=1)
    assert empty.met_share is None
    assert empty.sentence == "5项指标中暂无可监测的指标（无数据4项，不可评估1项）。"
