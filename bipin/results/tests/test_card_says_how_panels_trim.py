"""The result card names the scheme's way of trimming (per criterion or on the
judges' totals), the two ways a hand calculation can differ by 0.01."""

import pytest

from bipin.results.presenters import explain_tree


@pytest.mark.parametrize(("on", "says"), [("criterion", "逐项去分"), ("sheet", "按评委合计去分")])
def test_the_card_says_where_the_panel_trims(on, says):
    node = explain_tree({"name": "脱稿汇报", "points": 10, "aggregate": "trimmed", "on": on})
    assert str(dict(node.facts)["aggregate"]).startswith(says)


def test_a_snapshot_from_before_names_the_plain_aggregate():
    node = explain_tree({"name": "脱稿汇报", "points": 10, "aggregate": "trimmed"})
    assert dict(node.facts)["aggregate"] == "去掉最高分和最低分后平均"
