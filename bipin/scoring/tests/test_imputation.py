"""Imputation (median/mean by group or by 类型, previous period) and the
data-availability threshold per unit, against the hand-computed figures of
docs/scheme.md "Imputation" (JRC/OECD handbook, steps 3 and 4)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bipin.scoring import (
    Entrant,
    Observation,
    ObservationError,
    SchemeError,
    evaluate,
    parse_scheme,
)
from bipin.scoring.impute import statistic
from bipin.scoring.rounding import from_units, to_units

# 县: 甲 乙 (山区), 丙 丁 (平原); 区: 戊 己 (山区). 乙 has no 增幅.
PEOPLE = [
    Entrant("甲", "甲县", "县", kind="山区"),
    Entrant("乙", "乙县", "县", kind="山区"),
    Entrant("丙", "丙县", "县", kind="平原"),
    Entrant("丁", "丁县", "县", kind="平原"),
    Entrant("戊", "戊区", "区", kind="山区"),
    Entrant("己", "己区", "区", kind="山区"),
]
VALUES = {"甲": (80, 60), "乙": (60, None), "丙": (90, 70), "丁": (70, 20), "戊": (50, 40), "己": (40, 30)}


def scheme(missing=None, **top):
    data = {
        "contest": "插补",
        "groups": ["县", "区"],
        "dimensions": [{"name": "成效", "indicators": [
            {"name": "达标率", "points": 10, "source": "data", "rule": "proportional(target=100)"},
            {"name": "增幅", "points": 10, "source": "data", "rule": "proportional(target=100)"},
        ]}],
        **top,
    }
    if missing is not None:
        data["missing"] = missing
    return parse_scheme(data)


def rows(values=VALUES, **extra):
    out = []
    for who, (a, b) in values.items():
        out.append(Observation(who, "data", "达标率", a))
        if b is not None:
            out.append(Observation(who, "data", "增幅", b))
    return out + [Observation(who, "data", item, v, period=p) for who, item, v, p in extra.get("old", [])]


def results(ev):
    return {r.entrant.id: (r.total, r.rank) for g in ev.groups for r in g.results}


def explained_leaf(ev, who, leaf="增幅"):
    r = next(r for g in ev.groups for r in g.results if r.entrant.id == who)
    return next(c for c in r.explanation.to_dict()["children"][0]["children"] if c["id"] == leaf)


class TestImputeWithinTheGroup:
    def test_the_median_of_the_group_fills_a_missing_value(self):
        ev = evaluate(scheme("median"), PEOPLE, rows())
        # 县 donors 6, 7, 2 → median 6: 乙 6 + 6.
        assert results(ev)["乙"] == (12.0, 3)
        assert results(ev)["甲"] == (14.0, 2) and results(ev)["丙"] == (16.0, 1)
        assert any("乙 · “增幅”缺少数据,按“县”组内3个有数据者的中位数6插补" in w for w in ev.warnings)
        assert explained_leaf(ev, "乙")["imputed"] == {"stat": "median", "by": "group", "value": 6.0, "donors": 3}

    def test_the_mean_of_the_group_may_be_declared_instead(self):
        ev = evaluate(scheme({"impute": "mean"}), PEOPLE, rows())
        assert results(ev)["乙"] == (11.0, 3)  # (6 + 7 + 2) / 3 = 5

    def test_the_existing_word_policies_are_unchanged(self):
        assert results(evaluate(scheme("group_mean"), PEOPLE, rows()))["乙"] == (11.0, 3)
        assert results(evaluate(scheme("zero"), PEOPLE, rows()))["乙"] == (6.0, 4)

    def test_a_group_where_nobody_has_the_value_is_refused(self):
        values = {k: (v[0], None) for k, v in VALUES.items()}
        with pytest.raises(ObservationError, match="no entrant of group '县' has data"):
            evaluate(scheme("median"), PEOPLE, rows(values))


class TestImputeByKind:
    def test_the_median_of_the_same_kind_across_every_group_fills_it(self):
        ev = evaluate(scheme({"impute": "median", "by": "kind"}), PEOPLE, rows())
        # 山区 donors: 甲 6 (县), 戊 4 and 己 3 (区) → median 4: 乙 6 + 4.
        assert results(ev)["乙"] == (10.0, 3)
        assert explained_leaf(ev, "乙")["imputed"] == {"stat": "median", "by": "kind", "value": 4.0, "donors": 3}
        assert any("按类型“山区”3个有数据者的中位数4插补" in w for w in ev.warnings)

    def test_the_mean_of_the_kind_is_a_mean_over_all_groups(self):
        ev = evaluate(scheme({"impute": "mean", "by": "kind"}), PEOPLE, rows())
        assert results(ev)["乙"] == (10.33, 3)  # 6 + (6 + 4 + 3) / 3

    def test_a_kind_nobody_else_has_is_refused_unless_a_fallback_is_declared(self):
        people = [e if e.id != "乙" else Entrant("乙", "乙县", "县", kind="河谷") for e in PEOPLE]
        with pytest.raises(ObservationError, match="no entrant of kind '河谷' has data"):
            evaluate(scheme({"impute": "median", "by": "kind"}), people, rows())
        ev = evaluate(scheme({"impute": "median", "by": "kind", "otherwise": "group"}), people, rows())
        assert results(ev)["乙"] == (12.0, 3)  # the group median 6, said so
        assert any("类型“河谷”没有参评对象有数据,改按组内插补" in w for w in ev.warnings)


class TestImputePreviousPeriod:
    OLD = [("乙", "增幅", 55, 2025), ("乙", "增幅", 30, 2024), ("甲", "增幅", 99, 2025)]

    def test_the_latest_earlier_period_fills_it_and_earlier_rows_score_nothing(self):
        ev = evaluate(scheme({"impute": "previous"}, period=2026), PEOPLE, rows(old=self.OLD))
        assert results(ev)["乙"] == (11.5, 3)  # 6 + 55/10
        assert results(ev)["甲"] == (14.0, 2)  # its 2025 row is not read: it has 2026 data
        assert explained_leaf(ev, "乙")["imputed"] == {"stat": "previous", "period": 2025, "value": 5.5}
        assert any("按2025期的值5.5插补" in w for w in ev.warnings)

    def test_a_row_of_a_later_period_is_refused(self):
        with pytest.raises(ObservationError, match="period 2027 is later than the current period 2026"):
            evaluate(scheme({"impute": "previous"}, period=2026), PEOPLE, rows(old=[("乙", "增幅", 1, 2027)]))

    def test_a_period_in_the_data_needs_one_in_the_scheme(self):
        with pytest.raises(ObservationError, match="declares no current period"):
            evaluate(scheme("median"), PEOPLE, rows(old=[("乙", "增幅", 1, 2025)]))

    def test_no_earlier_value_is_refused_or_falls_back_to_the_group_median(self):
        with pytest.raises(ObservationError, match="'乙' has no earlier row"):
            evaluate(scheme({"impute": "previous"}, period=2026), PEOPLE, rows())
        ev = evaluate(scheme({"impute": "previous", "otherwise": "group"}, period=2026), PEOPLE, rows())
        assert results(ev)["乙"] == (12.0, 3)

    def test_previous_without_a_current_period_is_refused_in_the_scheme(self):
        with pytest.raises(SchemeError) as exc:
            scheme({"impute": "previous"})
        assert [p.path for p in exc.value.problems] == ["period"]


class TestMinCoverage:
    def test_an_entrant_below_the_threshold_is_listed_apart_unranked(self):
        ev = evaluate(scheme("median", min_coverage=0.75), PEOPLE, rows())
        county = [(r.entrant.id, r.total, r.rank) for r in ev.groups[0].results]
        assert county == [("丙", 16.0, 1), ("甲", 14.0, 2), ("丁", 9.0, 3), ("乙", 12.0, None)]
        assert "县 · 乙 · 仅1/2项指标有实际数据(50%),低于75%,不参与排名 / " \
               "has real data for 1/2 of its indicators (50%), below 75%: not ranked" in ev.warnings
        tree = ev.groups[0].results[-1].explanation.to_dict()
        assert tree["coverage"] == {"have": 1, "of": 2, "share": 0.5, "min": 0.75, "ranked": False}

    def test_at_the_threshold_the_entrant_is_ranked(self):
        assert results(evaluate(scheme("median", min_coverage=0.5), PEOPLE, rows()))["乙"] == (12.0, 3)

    def test_a_share_above_one_is_refused(self):
        with pytest.raises(SchemeError, match="at most 1"):
            scheme(min_coverage=1.5)


class TestImputeInAComposite:
    def composite(self, **comp):
        return parse_scheme({"contest": "插补", "groups": ["县", "区"], "missing": "median", "dimensions": [{
            "name": "成效", "points": 10, "combine": "composite",
            "composite": {"normalise": "min-max", **comp},
            "children": [{"name": "达标率", "source": "data"}, {"name": "增幅", "source": "data"}]}]})

    def test_the_estimate_is_normalised_like_data(self):
        ev = evaluate(self.composite(), PEOPLE, rows())
        # 县 增幅 60, 70, 20 → median 60; min-max over 20..70 → 0.8; 达标率 60 is the min → 0.
        assert results(ev)["乙"] == (4.0, 3)
        assert results(ev)["甲"] == (7.33, 2)  # (0.6667 + 0.8) / 2 × 10
        assert results(ev)["丁"] == (1.67, 4)  # (0.3333 + 0) / 2 × 10

    def test_an_estimate_does_not_count_as_data_for_the_nodes_coverage(self):
        ev = evaluate(self.composite(min_coverage=1), PEOPLE, rows())
        assert results(ev)["乙"] == (0.0, 4)
        assert any("乙 · “成效”仅1/2项指标有数据" in w for w in ev.warnings)


class TestRefusals:
    @pytest.mark.parametrize("missing, path", [
        ({"impute": "mode"}, "missing.impute"),
        ({"impute": "median", "by": "region"}, "missing.by"),
        ({"impute": "median", "otherwise": "group"}, "missing.otherwise"),
        ({"by": "kind"}, "missing.impute"),
        ({"impute": "median", "from": "x"}, "missing.from"),
    ])
    def test_a_malformed_imputation_is_refused_at_its_path(self, missing, path):
        with pytest.raises(SchemeError) as exc:
            scheme(missing)
        assert path in [p.path for p in exc.value.problems]

    def test_a_panel_leaf_cannot_inherit_an_imputation(self):
        with pytest.raises(SchemeError, match="panel leaf cannot impute"):
            parse_scheme({"contest": "c", "missing": "median",
                          "panels": {"P": {"criteria": [{"name": "内容", "max": 10}]}},
                          "dimensions": [{"name": "D", "indicators": [
                              {"name": "答辩", "points": 10, "source": "panel", "panel": "P"}]}]})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(0, 100)), min_size=2, max_size=9).filter(
        lambda v: any(x is not None for x in v) and any(x is None for x in v)),
    st.sampled_from(["mean", "median"]),
)
def test_an_estimate_is_the_donors_statistic_and_moves_nobody_else(values, stat):
    people = [Entrant(f"e{i}", f"e{i}", "县") for i in range(len(values))]
    obs = [Observation(f"e{i}", "data", "增幅", v) for i, v in enumerate(values) if v is not None]
    obs += [Observation(p.id, "data", "达标率", 50) for p in people]
    ev = evaluate(scheme({"impute": stat}), people, obs)
    base = evaluate(scheme("zero"), people, obs)
    donors = np.array([v / 10 for v in values if v is not None])
    expect = statistic(donors, stat)
    assert donors.min() - 1e-9 <= expect <= donors.max() + 1e-9
    got, before = results(ev), results(base)
    for i, v in enumerate(values):
        total = got[f"e{i}"][0]
        if v is None:
            assert total == pytest.approx(5 + from_units(to_units(np.array([expect]), 2), 2)[0], abs=1e-9)
        else:
            assert total == before[f"e{i}"][0]


def test_an_entrant_below_the_threshold_stays_last_in_the_rank_robustness_draws():
    from bipin.scoring import rank_robustness

    s = parse_scheme({"contest": "示例", "min_coverage": 1, "dimensions": [
        {"name": "甲项", "points": 50, "indicators": [{"name": "a", "points": 50, "source": "data", "rule": "manual"}]},
        {"name": "乙项", "points": 50, "indicators": [{"name": "b", "points": 50, "source": "data", "rule": "manual"}]}],
        "robustness": {"seed": 5, "draws": 100, "weights": {"甲项": [30, 70]}}})
    people = [Entrant("x", "x", "县"), Entrant("y", "y", "县")]
    # x leads 40 to 39 but has no b: 1/2 of its data, listed apart. Without the
    # threshold the draws (甲项 worth 30–70: x 24–56, y 35–43) would put x first in some.
    obs = [Observation("x", "data", "a", 40), Observation("y", "data", "a", 10), Observation("y", "data", "b", 29)]
    assert evaluate(s, people, obs).result("x").rank is None
    y, x = rank_robustness(s, people, obs).groups[0].entrants
    assert (x.entrant, x.rank, x.low, x.high) == ("x", 2, 2, 2)
    assert (y.entrant, y.low, y.high) == ("y", 1, 1)
