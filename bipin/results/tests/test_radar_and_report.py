"""The pure helpers under the pages: radar geometry and SVG, reading an evaluation."""

import math

from bipin.io.radar import RadarSeries, radar_geometry, radar_svg
from bipin.io.report_data import full_marks, read_report


class TestRadar:
    def test_each_axis_is_scaled_by_its_own_full_marks(self):
        _, (poly,) = radar_geometry([10, 20, 5], [RadarSeries("a", [10, 10, 5], "own")], radius=1)
        lengths = [math.hypot(x, y) for x, y in poly]
        assert [round(v, 6) for v in lengths] == [1.0, 0.5, 1.0]

    def test_missing_or_out_of_range_values_are_clamped(self):
        _, (poly,) = radar_geometry([10, 10, 10], [RadarSeries("a", [None, 15, -3], "own")], radius=1)
        assert [round(math.hypot(x, y), 6) for x, y in poly] == [0.0, 1.0, 0.0]

    def test_the_svg_is_labelled_and_escaped(self):
        svg = radar_svg(["责任<落实>", "政策", "工作"], [1, 1, 1],
                        [RadarSeries("南川县", [1, 1, 1], "own"), RadarSeries("组内平均", [0.5] * 3, "mean")],
                        title="雷达图")
        assert svg.startswith("<svg") and 'role="img"' in svg and "<title>雷达图</title>" in svg
        assert "责任&lt;落实&gt;" in svg and "<落实>" not in svg
        assert svg.count('class="series own"') == 2 and svg.count('class="ring"') == 4

    def test_fewer_than_three_dimensions_draw_no_radar(self):
        assert radar_svg(["a", "b"], [1, 1], [RadarSeries("x", [1, 1], "own")]) == ""


EVALUATION = {
    "contest": "c",
    "groups": [{"group": "县", "results": [
        {"entrant": "1", "name": "甲县", "total": 8.5, "rank": 1, "grade": "好", "award": None,
         "dimensions": {"一": 5.0, "二": 3.5}, "vetoed": False,
         "explanation": {"children": [
             {"name": "一", "points": 5.0, "max": 0.0, "children": [
                 {"name": "a", "points": 5.0, "max": 6.0}, {"name": "b", "points": 0.0, "max": 4.0}]},
             {"name": "二", "points": 3.5, "max": 5.0, "children": []}]}},
        {"entrant": "2", "name": "乙县", "total": None, "rank": 2, "grade": "", "award": None,
         "dimensions": {"一": 1.0, "二": None}, "vetoed": True, "explanation": None}]}],
    "warnings": ["县 · 2 · “二”缺少数据"],
}


class TestReadReport:
    def test_rows_carry_names_codes_and_figures(self):
        report = read_report(EVALUATION, [{"id": "1", "code": "A01"}])
        group = report.groups[0]
        first, second = group.rows
        assert (first.name, first.code, first.total, first.rank) == ("甲县", "A01", 8.5, 1)
        assert second.vetoed and second.total is None
        assert group.dimensions == ["一", "二"]

    def test_dimension_full_marks_come_from_the_tree(self):
        group = read_report(EVALUATION).groups[0]
        assert group.dimension_full == {"一": 10.0, "二": 5.0}
        assert full_marks({"max": 0, "children": [{"max": 2}, {"max": 3}]}) == 5.0

    def test_means_and_best_skip_missing_figures(self):
        group = read_report(EVALUATION).groups[0]
        assert group.mean("一") == 3.0 and group.best("一") == 5.0
        assert group.mean("二") == 3.5

    def test_warnings_name_the_entrant_instead_of_its_id(self):
        assert read_report(EVALUATION).warnings == ["县 · 乙县 · “二”缺少数据"]

    def test_dimensions_follow_the_scheme_not_the_dicts_key_order(self):
        shuffled = {**EVALUATION, "groups": [{**EVALUATION["groups"][0], "results": [
            {**EVALUATION["groups"][0]["results"][0], "dimensions": {"二": 3.5, "一": 5.0}}]}]}
        assert read_report(shuffled).groups[0].dimensions == ["一", "二"]


class TestFigures:
    def test_a_group_mean_is_rounded_half_up_at_the_figures_places(self):
        rows = [{"entrant": str(i), "name": str(i), "total": v, "rank": 1, "dimensions": {"一": v}}
                for i, v in enumerate([8.0, 9.0, 9.0, 8.015])]
        group = read_report({"groups": [{"group": "g", "results": rows}]}).groups[0]
        assert group.mean("一") == 8.504  # 34.015 / 4 = 8.50375, three places as the figures have

    def test_a_report_prints_every_place_the_scheme_kept(self):
        rows = [{"entrant": "1", "name": "甲", "total": 12.345, "rank": 1, "dimensions": {"一": 12.345}}]
        assert read_report({"groups": [{"group": "g", "results": rows}]}).decimals == 3
        assert read_report(EVALUATION).decimals == 2
