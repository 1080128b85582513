"""The scheme page shows the scheme in force: the tree, each rule in words, the points check."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from bipin.contests import demo
from bipin.contests.scheme_tree import points_check, scheme_groups
from bipin.scoring.model import Source
from bipin.scoring.rulesyntax import parse_rule
from bipin.scoring.scheme import Composite, Node, Scheme
from bipin.testing.demo import load_demo

PAGE = "/c/test-contest/setup/scheme/"


@pytest.fixture
def city(db, client):
    load_demo()
    client.force_login(get_user_model().objects.get(username="organizer"))
    return client


def test_the_organizer_sees_each_demo_rule_in_plain_chinese(city):
    html = city.get(f"/c/{demo.CITY_SLUG}/setup/scheme/").content.decode()
    for words in ("达到目标值100得满分,每低于目标0.1扣1分,扣完为止",
                  "每处问题扣0.5分(按严重程度:一般0.5分、较重1分、严重2分),最多扣15分",
                  "一票否决:发生即组内排名列最后、等次定为最低一档",
                  "每条记录按其分值加分,最多加3分;加分项,在分值之外加",
                  "示例乡村振兴局", "满分合计 100 分", "分值核对无误"):
        assert words in html
    # Groups whose trees differ get a section each; 市直部门 has its own variant rule.
    assert "组别:先行示范区、整体推进县" in html and "组别:市直部门" in html
    assert "达到90及以上得15分,80及以上得12分,60及以上得8分,否则0分" in html


def test_the_tree_says_its_rules_in_english_when_the_page_is_english(city):
    html = city.get(f"/c/{demo.CITY_SLUG}/setup/scheme/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "full points at the target 100; 1 off for each 0.1 below it, down to 0" in html


def leaf(name, points, rule="scaled"):
    return Node(id=name, name=name, path=name, points=points, source=Source.DATA, rule=parse_rule(rule))


def test_the_points_check_names_the_gap_of_a_sum_node():
    good = Node(id="甲", name="甲", path="甲", points=20, children=(leaf("a", 12), leaf("b", 8)))
    bad = Node(id="乙", name="乙", path="乙", points=20, children=(
        leaf("c", 12), leaf("d", 5), leaf("扣分", 0, "deduction(cap=5)")))
    assert points_check(good) == (True, "✓")
    with translation.override("zh-hans"):
        assert points_check(bad) == (False, "下级合计17分,与分值20分相差3分")
    (section,) = scheme_groups(Scheme(contest="手写", dimensions=(good, bad)))
    assert section["total"] == "40" and not section["all_ok"]
    assert [(r.name, r.check_ok) for r in section["rows"]][:4] == [
        ("甲", True), ("a", True), ("b", True), ("乙", False)]


def test_a_weighted_nodes_children_show_their_weights_and_no_sum_check():
    from dataclasses import replace

    weighted = Node(id="丙", name="丙", path="丙", points=10, combine="weighted", children=(
        replace(leaf("e", 0), weight=0.6), replace(leaf("f", 0), weight=0.4)))
    (section,) = scheme_groups(Scheme(contest="手写", dimensions=(weighted,)))
    assert [(r.name, r.weight, r.check) for r in section["rows"]] == [
        ("丙", "", ""), ("e", "0.6", ""), ("f", "0.4", "")]


@pytest.mark.parametrize("who, status", [("judge", 403), ("chief", 403), ("entrant", 403),
                                         ("bystander", 404), ("other_organizer", 404)])
def test_only_the_organizer_sees_the_scheme_page(client_as, cast, who, status):
    assert client_as(who).get(PAGE).status_code == status


@pytest.mark.parametrize("composite, said", [
    (Composite(), True),
    (Composite(normalise="goalposts"), False),
    (Composite(across="all"), False),
])
def test_a_composite_is_said_to_use_the_groups_data_only_when_it_does(composite, said):
    node = Node(id="丁", name="丁", path="丁", points=10, combine="composite", composite=composite,
                children=(leaf("g", 0),))
    with translation.override("zh-hans"):
        (section,) = scheme_groups(Scheme(contest="手写", dimensions=(node,)))
    assert ("下级按组内数据标准化后加权合成" in section["rows"][0].notes) is said


def test_the_county_rulebook_says_its_formula_multiplier_and_bonus_group_in_words():
    from pathlib import Path

    from bipin.io.schemes import load_scheme

    county = Path(__file__).resolve().parents[3] / "examples" / "county" / "scheme.yaml"
    with translation.override("zh-hans"):
        (section,) = scheme_groups(load_scheme(county))
    notes = {r.name: r.notes for r in section["rows"]}
    assert "按公式 完成数 / 任务数 × 100 计算" in notes["任务完成率"]
    assert "类型为搬迁任务乡镇的单位按2倍计" in notes["安全生产"]
    assert notes["加分项"] == ["得分不高于3分", "在分值之外计"]
    rules = {r.name: r.rule for r in section["rows"]}
    assert rules["问责追责"] == "每条记录扣5-10分(由考核人员在此范围内确定),最多扣20分"
    assert rules["一票否决"] == "一票否决:发生即组内排名列最后、等次定为最低一档"
    assert section["total"] == "30"  # 责任落实 10 + 工作成效 20; the bonus group is outside
