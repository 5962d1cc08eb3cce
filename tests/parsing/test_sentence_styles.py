"""Sentence styles of older and other plans (issue 11): per-year milestones, groups, relative targets, counts."""

from __future__ import annotations

import pytest

from planwatch.parsing.document import parse_document
from planwatch.parsing.statements import indicators_from_goal


def read(text: str, end: int = 2030, **kw) -> list[tuple]:
    inds = indicators_from_goal(text, line=1, area=None, plan_end_year=end, **kw)
    return [(i.name, i.target.kind, i.target.comparator, i.target.value, i.unit, i.target.year) for i in inds]


def test_per_year_milestones_in_one_sentence_of_a_2001_2010_plan() -> None:
    (ind,) = indicators_from_goal(
        "孕产妇死亡率到2005年要降至72/万;到2010年要降至70/万", line=1, area=None, plan_end_year=2010
    )
    assert (ind.name, ind.target.kind, ind.target.value, ind.unit, ind.target.year) == (
        "孕产妇死亡率", "numeric_max", 70, "1/万", 2010
    )  # fmt: skip
    assert [(m.year, m.kind, m.value) for m in ind.milestones] == [(2005, "numeric_max", 72)]


@pytest.mark.parametrize(
    "text",
    ["城市孕产妇住院分娩率达到99%，农村达到80%", "孕产妇住院分娩率城市达到99%，农村达到80%"],
)
def test_city_and_countryside_targets(text: str) -> None:
    assert read(text) == [
        ("城市孕产妇住院分娩率", "numeric_min", ">=", 99, "%", 2030),
        ("农村孕产妇住院分娩率", "numeric_min", ">=", 80, "%", 2030),
    ]


def test_doubled_list_punctuation_keeps_one_value_each() -> None:
    text = "示范县儿童发展规划（2021—2030年）\n一、主要目标\n1．婴儿死亡率、5岁以下儿童死亡率和新生儿死亡率分别降至3.0‰,、5.0‰和6.0‰以下。\n"
    inds = parse_document(text.encode(), "x.txt").plans[0].indicators
    assert [(i.name, i.target.value, i.unit) for i in inds] == [
        ("婴儿死亡率", 3.0, "‰"), ("5岁以下儿童死亡率", 5.0, "‰"), ("新生儿死亡率", 6.0, "‰")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "change", "base_year"),
    [
        ("孕产妇死亡率以2000年为基础下降1/5", -20.0, 2000),
        ("5岁以下儿童死亡率比2000年减少三分之一", -33.3333, 2000),
    ],
)
def test_relative_targets_against_a_base_year(text: str, change: float, base_year: int) -> None:
    (ind,) = indicators_from_goal(text, line=1, area=None, plan_end_year=2010)
    t = ind.target
    assert (t.kind, t.comparator, t.value) == ("relative", "<=", None)
    assert (t.detail["change"], t.detail["change_unit"], t.detail["base_year"]) == (change, "%", base_year)


def test_a_range_of_yearly_changes() -> None:
    (ind,) = indicators_from_goal(
        "孕产妇贫血患病率每年降低0.5到1个百分点", line=1, area=None, plan_end_year=2030
    )
    t = ind.target
    assert (t.kind, t.detail["change"], t.detail["range"], t.detail["per"]) == (
        "relative",
        -0.5,
        [0.5, 1.0],
        "year",
    )


def test_durations_and_counts() -> None:
    assert read("中小学生每天体育活动时间不少于1小时") == [
        ("中小学生每天体育活动时间", "numeric_min", ">=", 1, "小时", 2030)
    ]
    assert read("新建11所小学、改建1所幼儿园") == [
        ("新建小学数量", "numeric_min", ">=", 11, "所", 2030),
        ("改建幼儿园数量", "numeric_min", ">=", 1, "所", 2030),
    ]


@pytest.mark.parametrize(
    ("text", "names", "kind"),
    [
        ("女性青壮年文盲基本消除", ["女性青壮年文盲"], "qualitative"),
        (
            "艾滋病、梅毒和乙肝母婴传播减少",
            ["艾滋病母婴传播", "梅毒母婴传播", "乙肝母婴传播"],
            "direction_down",
        ),
        ("儿童超重、肥胖上升趋势得到有效控制", ["儿童超重上升趋势", "儿童肥胖上升趋势"], "direction_down"),
        ("女童辍学现象消除", ["女童辍学现象"], "qualitative"),
    ],
)
def test_goal_phenomena_without_a_rate_are_indicators(text: str, names: list[str], kind: str) -> None:
    inds = indicators_from_goal(text, line=1, area=None, plan_end_year=2030, phenomena=True)
    assert [(i.name, i.target.kind, i.direction) for i in inds] == [
        (n, kind, "lower_is_better") for n in names
    ]
    # outside a main goal (a measure), a phenomenon is a way of working, not an indicator
    assert indicators_from_goal(text, line=1, area=None, plan_end_year=2030) == []


@pytest.mark.parametrize(
    "text", ["全面落实男女平等基本国策", "妇女就业质量不断提高", "城乡、区域差距逐步缩小"]
)
def test_pure_aims_are_not_indicators(text: str) -> None:
    assert indicators_from_goal(text, line=1, area=None, plan_end_year=2030, phenomena=True) == []


# ── Misses left open by the last session (each case failed before its fix) ─────────────────────────────
def test_a_quantity_after_a_dun_comma_keeps_its_own_subject_unit_and_target() -> None:
    assert read("孕产妇死亡率控制在9/10万以下、婴儿死亡率控制在5‰以下。") == [
        ("孕产妇死亡率", "numeric_max", "<=", 9, "1/10万", 2030),
        ("婴儿死亡率", "numeric_max", "<=", 5, "‰", 2030),
    ]
    # 分别 hands out values after 、 (no subject of their own): the list stays one clause
    assert read("5岁以下儿童贫血率、生长迟缓率分别控制在10%、3%以下") == [
        ("5岁以下儿童贫血率", "numeric_max", "<=", 10, "%", 2030),
        ("5岁以下儿童生长迟缓率", "numeric_max", "<=", 3, "%", 2030),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "保证小学生每天睡眠时间达到 10 小时、初中 生达到 9 小时、高中生达到 8 小时。",  # suixian
        "保证每天睡眠时间小学生达到10小时以上、初中生达到9小时以上、高中生达到8小时以上。",  # tengchong
    ],
)
def test_the_same_quantity_for_other_populations_after_a_dun_comma(text: str) -> None:
    assert read(text) == [
        ("小学生每天睡眠时间", "numeric_min", ">=", 10, "小时", 2030),
        ("初中生每天睡眠时间", "numeric_min", ">=", 9, "小时", 2030),
        ("高中生每天睡眠时间", "numeric_min", ">=", 8, "小时", 2030),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("中小学生每天校内体育活动不少于1小时。", "中小学生每天校内体育活动时间"),
        (
            "保证儿童每天接触户外自然光不少于1小时。",
            "儿童每天接触户外自然光时间",
        ),  # baodi, suixian, tengchong
        ("保障儿童每天至少1小时中等及以上强度的运动。", "儿童每天中等及以上强度的运动时间"),  # tengchong
        # jiangjin: the population is in the clause before
        (
            "教育引导儿童科学用眼护眼，每天接触户外自然光不少于1小时，合理使用电子产品。",
            "儿童每天接触户外自然光时间",
        ),
    ],
)
def test_a_duration_without_a_quantity_word_is_a_time_target(text: str, name: str) -> None:
    assert read(text) == [(name, "numeric_min", ">=", 1, "小时", 2030)]
    assert read(text, numbered_only=True) == read(text)  # measures read it too (a number is printed)


def test_a_duration_with_its_quantity_word_is_read_as_printed() -> None:
    assert read("保证小学生每天睡眠时间达到10小时。") == [
        ("小学生每天睡眠时间", "numeric_min", ">=", 10, "小时", 2030)
    ]
    assert read("家长每天陪伴孩子30分钟以上") == [
        ("家长每天陪伴孩子时间", "numeric_min", ">=", 30, "分钟", 2030)
    ]


@pytest.mark.parametrize("text", ["全县农村改水受益人口达到3万户。", "农村改水受益人口3万户。"])
def test_a_count_of_beneficiaries_scaled_by_wan(text: str) -> None:
    assert read(text, 2010) == [("农村改水受益人口", "numeric_min", ">=", 30000, "户", 2010)]
    # 万人 is a unit of its own, not 10000 人
    assert read("农村改水受益人口达到3万人。", 2010) == [
        ("农村改水受益人口", "numeric_min", ">=", 3, "万人", 2010)
    ]


def test_a_population_with_and_inside_its_modifier_is_one_subject() -> None:
    # baodi line 40
    assert read("感染艾滋病和梅毒的孕产妇及所生儿童治疗率达到95%以上") == [
        ("感染艾滋病和梅毒的孕产妇及所生儿童治疗率", "numeric_min", ">=", 95, "%", 2030)
    ]
    # suixian: the diseases are the only difference, the head 孕产妇感染者 is shared
    assert read("艾滋病、梅毒孕产妇感染者治疗率达到95%以上。") == [
        ("艾滋病孕产妇感染者治疗率", "numeric_min", ">=", 95, "%", 2030),
        ("梅毒孕产妇感染者治疗率", "numeric_min", ">=", 95, "%", 2030),
    ]
    # a list of diseases of one population is still split
    assert [r[0] for r in read("孕产妇艾滋病、梅毒和乙肝检测率达到98%以上")] == [
        "孕产妇艾滋病检测率", "孕产妇梅毒检测率", "孕产妇乙肝检测率"
    ]  # fmt: skip


def test_a_bracket_left_open_by_a_mirror_does_not_swallow_the_sentences_after_it() -> None:
    # taizhou: "根据中国妇女发展纲要(2021-2030江苏省…" never closes its bracket
    text = "根据中国妇女发展纲要(2021-2030江苏省妇女发展规划,制定本规划。婴儿死亡率控制在3‰以下。"
    assert read(text) == [("婴儿死亡率", "numeric_max", "<=", 3, "‰", 2030)]
    # a closed bracket still keeps its separators: "（含A、B）" is one subject
    assert read("城乡社区（村、居）儿童之家覆盖率达到95%以上") == [
        ("城乡社区（村、居）儿童之家覆盖率", "numeric_min", ">=", 95, "%", 2030)
    ]


@pytest.mark.parametrize(
    ("subject", "names"),
    [
        # the scope of the first body goes to the bodies after it (baodi line 99, tengchong line 241, suixian)
        ("各级人大代表、政协委员中的女性比例", ["各级人大代表中的女性比例", "各级政协委员中的女性比例"]),
        (
            "村（社区）党组织成员、党组织书记中女性比例",
            ["村（社区）党组织成员中女性比例", "村（社区）党组织书记中女性比例"],
        ),
        ("各地人大代表和政协委员中女性比例", ["各地人大代表中女性比例", "各地政协委员中女性比例"]),
        ("市人大代表、市政协委员中妇女比例", ["市人大代表中妇女比例", "市政协委员中妇女比例"]),
        # a standing committee belongs to the body before it (suixian, tengchong line 231)
        (
            "县人大代表和常委会委员、县政协委员和常委中的女性比例",
            [
                "县人大代表中的女性比例",
                "县人大常委会委员中的女性比例",
                "县政协委员中的女性比例",
                "县政协常委中的女性比例",
            ],
        ),
        # 董事会 shares the 成员 of its peer 监事会, 企业 goes to all (baodi line 105, tengchong line 239)
        (
            "企业董事会、监事会成员和管理层中的女性比例",
            ["企业董事会成员中的女性比例", "企业监事会成员中的女性比例", "企业管理层中的女性比例"],
        ),
        # gaps between the sexes (baodi line 75); the area of the first quantity (baodi line 172)
        ("男女非农就业率、男女收入差距", ["男女非农就业率差距", "男女收入差距"]),
        ("农村集中式供水受益人口比例、安全饮水普及率", ["农村集中式供水受益人口比例", "农村安全饮水普及率"]),
    ],
)
def test_shared_parts_of_listed_bodies_are_distributed(subject: str, names: list[str]) -> None:
    from planwatch.parsing.subjects import split_subject

    assert split_subject(subject, has_number=False) == names


def test_carried_subjects_and_enumerations() -> None:
    # suixian: the population acts in both clauses
    assert read("女性接受终身教育水平不断提高，接受补贴性职业技能培训的比例不断提高。") == [
        ("女性接受补贴性职业技能培训的比例", "direction_up", None, None, "", 2030)
    ]
    # baodi line 365: the examples go, what is printed before them stays
    assert read("增加公益性儿童教育、科技、文化、体育、娱乐等校外活动场所，不断提升利用率和服务质量。") == [
        ("公益性儿童校外活动场所利用率", "direction_up", None, None, "", 2030)
    ]
    # jiangjin line 1006 / tengchong line 615: a subject starting with 每 takes no population of the clause before
    assert [
        r[0] for r in read("促进3岁以下婴幼儿照护服务发展，达到每千人口拥有3岁以下婴幼儿托位数达4.5个。")
    ] == ["每千人口拥有3岁以下婴幼儿托位数"]


def test_standing_committees_and_diseases_of_the_national_outline() -> None:
    from planwatch.parsing.subjects import split_subject

    assert split_subject("各级人民代表大会代表和常务委员会委员中的女性比例", has_number=False) == [
        "各级人民代表大会代表中的女性比例",
        "各级人民代表大会常务委员会委员中的女性比例",
    ]
    # suixian line 12: 宫颈癌 shares everything after 乳腺癌
    assert split_subject("宫颈癌和乳腺癌防治知识知晓率", has_number=True) == [
        "宫颈癌防治知识知晓率",
        "乳腺癌防治知识知晓率",
    ]


@pytest.mark.parametrize(
    ("text", "row"),
    [
        (
            "每个乡镇（街道）至少建成1个未成年人保护工作站。",
            ("每个乡镇（街道）未成年人保护工作站数量", 1, "个"),
        ),
        ("每所学校至少设立1个心理辅导室。", ("每所学校心理辅导室数量", 1, "个")),
        (
            "每年开展1次儿童用品质量安全专项检查。",
            ("每年开展儿童用品质量安全专项检查次数", 1, "次"),
        ),  # tengchong 699
        (  # jiangjin 961
            "对辖区内儿童用品相关责任单位每年开展不少于2次的产品质量专项监督活动。",
            ("对辖区内儿童用品相关责任单位每年开展产品质量专项监督活动次数", 2, "次"),
        ),
    ],
)
def test_counts_per_unit_and_per_year(text: str, row: tuple) -> None:
    name, value, unit = row
    assert read(text, numbered_only=True) == [(name, "numeric_min", ">=", value, unit, 2030)]


def test_phrasings_of_local_plans() -> None:
    # 其中 + a group: the same quantity for that group
    assert read("城乡社区儿童之家覆盖率达到95%以上，其中农村达到90%以上。") == [
        ("城乡社区儿童之家覆盖率", "numeric_min", ">=", 95, "%", 2030),
        ("农村社区儿童之家覆盖率", "numeric_min", ">=", 90, "%", 2030),
    ]
    # the level printed after the direction replaces it
    assert read("提高城镇单位女性从业人员比例，达到40%以上。") == [
        ("城镇单位女性从业人员比例", "numeric_min", ">=", 40, "%", 2030)
    ]
    # a direction after 、 said of a quantity of its own
    assert read("城镇新增就业人员中女性比例保持在45%左右、农村劳动力转移就业中女性比例逐步提高。") == [
        ("城镇新增就业人员中女性比例", "approx", "~", 45, "%", 2030),
        ("农村劳动力转移就业中女性比例", "direction_up", None, None, "", 2030),
    ]
    # the area and population of the first disease go to the second
    assert [r[0] for r in read("农村妇女宫颈癌和乳腺癌检查覆盖率达到80%以上。")] == [
        "农村妇女宫颈癌检查覆盖率",
        "农村妇女乳腺癌检查覆盖率",
    ]


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # 分别 says the 和 lists quantities
        (
            "婴儿和5岁以下儿童死亡率分别控制在8‰和10‰以下。",
            [
                ("婴儿死亡率", "numeric_max", "<=", 8, "‰", 2030),
                ("5岁以下儿童死亡率", "numeric_max", "<=", 10, "‰", 2030),
            ],
        ),
        (
            "城市和农村社区儿童之家覆盖率分别达到95%和80%。",
            [
                ("城市社区儿童之家覆盖率", "numeric_min", ">=", 95, "%", 2030),
                ("农村社区儿童之家覆盖率", "numeric_min", ">=", 80, "%", 2030),
            ],
        ),
        # a group after 、 (as after ，)
        (
            "家庭教育指导服务覆盖率城市达到90%、农村达到80%。",
            [
                ("城市家庭教育指导服务覆盖率", "numeric_min", ">=", 90, "%", 2030),
                ("农村家庭教育指导服务覆盖率", "numeric_min", ">=", 80, "%", 2030),
            ],
        ),
        # the 拥有 head is shared by the quantity after 、
        (
            "每千名儿童拥有儿科执业（助理）医师数达到1.12名、床位数增至3.17张。",
            [
                ("每千名儿童拥有儿科执业（助理）医师数", "numeric_min", ">=", 1.12, "名", 2030),
                ("每千名儿童拥有床位数", "numeric_min", ">=", 3.17, "张", 2030),
            ],
        ),
        # people reached, counts in the plan's own territory, head counts with 至少有 (tengchong line 263)
        ("每年培训妇女5000人次以上。", [("每年培训妇女人次", "numeric_min", ">=", 5000, "人次", 2030)]),
        ("全区建成20个儿童友好社区。", [("儿童友好社区数量", "numeric_min", ">=", 20, "个", 2030)]),
        (
            "确保每个村（社区）“两委”成员中至少有1名妇女成员。",
            [("每个村（社区）“两委”成员中妇女成员人数", "numeric_min", ">=", 1, "人", 2030)],
        ),
    ],
)
def test_lists_groups_and_counts_of_older_and_local_plans(text: str, rows: list[tuple]) -> None:
    assert read(text) == rows


def test_a_rate_brought_to_zero_is_read_after_its_subject() -> None:
    assert read("儿童贫困发生率动态清零。") == [("儿童贫困发生率", "numeric_exact", "=", 0, "", 2030)]
