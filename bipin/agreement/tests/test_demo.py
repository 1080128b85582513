"""The demo gives the analysis a severe judge to show (fictional data)."""

import pytest

from bipin.agreement.analysis import analyse
from bipin.contests import demo
from bipin.judging.models import Panel
from bipin.judging.refs import naming
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_apple_panel_shows_the_severe_judge_and_codes_only(client):
    load_demo()
    panel = Panel.objects.get(contest__slug=demo.APPLES_SLUG)
    a = analyse(panel, naming(panel.contest))
    assert [j.name for j in a.judges if j.drifting] == ["示例评委五"]
    # 初评 is judged at two tables: no sample is tasted by all five judges, so the ICC,
    # which needs every judge's mark on a sample, leaves the six pre-scored ones out.
    assert a.outliers and (a.icc.n, a.icc.left_out) == (0, 6)
    client.login(username="chief", password=demo.PASSWORD)
    page = client.get(f"/c/{demo.APPLES_SLUG}/judges/{panel.pk}/").content.decode()
    assert "示例评委五" in page
    assert not any(e.name in page for e in panel.contest.entrants.all())
