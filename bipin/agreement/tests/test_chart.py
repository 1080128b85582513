"""The severity chart's geometry: bars from zero, whiskers of ±2 SE, no row without a place."""

import math
from types import SimpleNamespace as Row

from bipin.agreement.chart import LEFT, RIGHT, WIDTH, severity_chart


def test_a_severe_judge_draws_left_of_zero_and_a_lenient_one_right():
    chart = severity_chart([Row(name="甲", severity=-2.0, se=0.5, drifting=True),
                            Row(name="乙", severity=1.0, se=float("nan"), drifting=False)], limit=3.0)
    zero = float(chart["zero"])
    assert zero == LEFT + (WIDTH - LEFT - RIGHT) / 2
    severe, lenient = chart["rows"]
    assert float(severe.x) + float(severe.width) == zero and severe.tone == "drift"
    low, high = map(float, severe.whisker)
    assert low < float(severe.x) < high < zero
    assert float(lenient.x) == zero and lenient.tone == "lenient" and lenient.whisker is None
    left, right = map(float, chart["limits"])
    assert left < zero < right and abs((zero - left) - (right - zero)) < 0.11  # ±limit, symmetric


def test_a_judge_without_a_severity_gets_an_empty_row():
    chart = severity_chart([Row(name="丙", severity=float("nan"), se=float("nan"), drifting=False)], limit=1.0)
    row = chart["rows"][0]
    assert row.tone == "none" and row.value == "—" and row.width == "0"
    assert not math.isnan(float(chart["height"]))
