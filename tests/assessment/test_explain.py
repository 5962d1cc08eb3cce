"""Explanations read like a monitoring report."""

from .helpers import row, run, series, spec


def test_nbs_style_sentence_for_mortality():
    s = spec(name="孕产妇死亡率", kind="numeric_max", comparator="<", target_value=8, unit="1/10万",
             direction="lower_is_better")  # fmt: skip
    r = row(run([s], series("k", {2023: 7.5, 2024: 7.2})), 2024)
    assert r["explanation"] == "孕产妇死亡率2024年为7.2/10万，比2023年降低4%；目标<8/10万（2030年），已达标。"


def test_percentages_change_in_points():
    s = spec(name="产前检查率", kind="numeric_min", comparator=">=", target_value=98, unit="%")
    r = row(run([s], series("k", {2023: 96.1, 2024: 96.8})), 2024)
    assert r["explanation"].startswith(
        "产前检查率2024年为96.8%，比2023年提高0.7个百分点；目标≥98%（2030年），接近目标"
    )
    assert "自2023年以来已完成目标差距的36.8%" in r["explanation"]


def test_permille_change_in_thousandth_points_and_flat():
    s = spec(name="婴儿死亡率", kind="numeric_max", comparator="<=", target_value=5, unit="‰",
             direction="lower_is_better")  # fmt: skip
    r = row(run([s], series("k", {2023: 4.5, 2024: 4.0})), 2024)
    assert "比2023年降低0.5个千分点" in r["explanation"]
    r = row(run([s], series("k", {2023: 4.0, 2024: 4.0})), 2024)
    assert "与2023年持平" in r["explanation"]


def test_counts_change_in_their_unit_and_not_assessable_reason():
    s = spec(name="女性就业人数", kind="qualitative", unit="万人", target_text="显著增加")
    r = row(run([s], series("k", {2023: 100.0, 2024: 103.5})), 2024)
    assert r["explanation"] == (
        "女性就业人数2024年为103.5万人，比2023年提高3.5万人；目标显著增加（2030年），"
        "不可评估：定性目标（显著增加），无法用数值评估。"
    )


def test_projection_and_warnings_in_sentence():
    s = spec(name="村委会成员中女性比例", kind="numeric_min", comparator=">=", target_value=30, unit="%")
    r = row(run([s], series("k", {2020: 24.0, 2022: 23.0})), 2022)
    text = r["explanation"]
    assert "未达标" in text and "按复合增长趋势预计2030年为" in text and "需扭转趋势" in text
    assert "预警：预计难以按期实现目标（预计2030年为" in text and "，目标≥30%）" in text
    assert text.endswith("；逆向变化（加权趋势每年-0.5个百分点）。")


def test_warning_figures_for_volatility_and_gaps():
    s = spec(name="高中阶段毛入学率", kind="numeric_min", comparator=">=", target_value=95, unit="%")
    rows = series("k", {2021: 80.0, 2022: 87.0}, sex="female") + series(
        "k", {2021: 81.0, 2022: 93.0}, sex="male"
    )
    text = row(run([s], rows), 2022, sex="female")["explanation"]
    assert "波动较大（比上年+7个百分点）" in text
    assert "差距扩大（女性与男性之差由-1变为-6个百分点）" in text


def test_no_progress_sentence_in_the_base_year():
    s = spec(name="产前检查率", kind="numeric_min", comparator=">=", target_value=98, unit="%")
    text = row(run([s], series("k", {2023: 96.1, 2024: 96.8})), 2023)["explanation"]
    assert text == "产前检查率2023年为96.1%；目标≥98%（2030年），接近目标。"
