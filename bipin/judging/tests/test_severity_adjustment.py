"""A panel's severity adjustment counts only when the scheme declared it before marking began.

Fictional marks. In 整体推进县 the chief judge is 1 point severe on both
criteria of 南川县 and did not mark 北原县. Per criterion the judge effects
are judge = judge2 = +1/3 and chief = −2/3, so on the 10-point leaf (sheet full
marks 10):

- raw: 南川县 (8 + 8 + 6)/3 = 7.33, 北原县 (7.5 + 7.5)/2 = 7.50 → 北原县 first;
- adjusted: 南川县 7.33 (every adjusted sheet 7 1/3), 北原县 7.5 − 2/3 = 6.83 → 南川县 first.

教育局 is alone in its group, where the effects cancel: 7.33 either way.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bipin.contests.models import SchemeVersion
from bipin.judging import services
from bipin.judging.adjust import COUNTS, LATE, NONE, adjustment_state
from bipin.results.models import Snapshot

pytestmark = pytest.mark.django_db

SCHEME = """contest: 宽严调整(虚构示例)
panels:
  report:
    aggregate: mean
{adjust}    criteria:
      - {{id: content, name: 内容, max: 6, step: 0.5}}
      - {{id: delivery, name: 表达, max: 4, step: 1}}
dimensions:
  - name: 汇报
    indicators:
      - {{name: 脱稿汇报, points: 10, source: panel, panel: report}}
"""
SHEETS = {
    "南川县": {"judge": (5, 3), "judge2": (5, 3), "chief": (4, 2)},
    "北原县": {"judge": (4.5, 3), "judge2": (4.5, 3)},
    "教育局": {"judge": (5, 3), "judge2": (5, 3), "chief": (4, 2)},
}
LATE_WORDS = "评委组report的评委宽严调整在评分开始后才写入方案,本次不计入"


def upload(client, cast, adjust: bool) -> SchemeVersion:
    text = SCHEME.format(adjust="    adjust: judge_effect\n" if adjust else "")
    client.post(reverse("contests:scheme", args=[cast.contest.slug]),
                {"file": SimpleUploadedFile("scheme.yaml", text.encode())})
    version = cast.contest.scheme_versions.order_by("-number").first()
    assert version.is_valid, version.problems
    return version


def mark_all(cast):
    for entrant, by_judge in SHEETS.items():
        for judge, (content, delivery) in by_judge.items():
            services.submit_sheet(cast.users[judge], cast.panel, cast.entrants[entrant],
                                  key=f"k-{judge}-{cast.entrants[entrant].pk}",
                                  marks={"content": content, "delivery": delivery})


def compute(client, cast) -> Snapshot:
    client.post(reverse("results:compute", args=[cast.contest.slug]))
    return Snapshot.objects.filter(contest=cast.contest).latest("number")


def figures(snapshot) -> dict[str, tuple[float, int]]:
    names = {str(e.pk): e.name for e in snapshot.contest.entrants.all()}
    return {names[r["entrant"]]: (r["total"], r["rank"])
            for g in snapshot.evaluation["groups"] for r in g["results"]}


def panel_leaf(snapshot, cast, entrant: str) -> dict:
    pk = str(cast.entrants[entrant].pk)
    result = next(r for g in snapshot.evaluation["groups"] for r in g["results"] if r["entrant"] == pk)
    return result["explanation"]["children"][0]["children"][0]


def test_declared_before_marking_the_adjusted_result_counts(event, client_as):
    client = client_as("organizer")
    upload(client, event, adjust=True)
    mark_all(event)
    assert adjustment_state(event.panel) == COUNTS
    snapshot = compute(client, event)
    assert figures(snapshot) == {"南川县": (7.33, 1), "北原县": (6.83, 2), "教育局": (7.33, 1)}
    adjust = panel_leaf(snapshot, event, "北原县")["adjust"]
    assert (adjust["counts"], adjust["raw"], round(adjust["adjusted"], 4)) == (True, 7.5, 6.8333)
    assert "late_adjustment" not in snapshot.inputs
    assert not any(LATE_WORDS in w for w in snapshot.evaluation["warnings"])
    card = client.get(reverse("results:card", args=[event.contest.slug, event.entrants["北原县"].pk]))
    text = card.content.decode()
    assert "宽严调整后结果计入成绩" in text
    assert '<td class="num">7.5</td><td class="num">6.83333</td>' in text  # raw beside adjusted
    assert "0.333" in text  # judge and judge2 were 1/3 lenient
    page = client.get(reverse("agreement:panel", args=[event.contest.slug, event.panel.pk])).content.decode()
    assert 'id="adjusted-label">计入成绩<' in page


def test_declared_after_marking_began_the_raw_result_counts_and_every_page_says_so(event, client_as):
    client = client_as("organizer")
    upload(client, event, adjust=False)
    mark_all(event)
    upload(client, event, adjust=True)
    assert adjustment_state(event.panel) == LATE
    snapshot = compute(client, event)
    assert figures(snapshot) == {"南川县": (7.33, 2), "北原县": (7.5, 1), "教育局": (7.33, 1)}
    assert snapshot.inputs["late_adjustment"] == ["report"]
    adjust = panel_leaf(snapshot, event, "北原县")["adjust"]
    assert (adjust["counts"], adjust["raw"], round(adjust["adjusted"], 4)) == (False, 7.5, 6.8333)
    assert sum(LATE_WORDS in w for w in snapshot.evaluation["warnings"]) == 3
    ranking = client.get(reverse("results:ranking", args=[event.contest.slug])).content.decode()
    assert LATE_WORDS in ranking
    card = client.get(reverse("results:card", args=[event.contest.slug, event.entrants["北原县"].pk]))
    text = card.content.decode()
    assert LATE_WORDS in text and "原始结果计入成绩,宽严调整后结果仅供参考" in text
    page = client.get(reverse("agreement:panel", args=[event.contest.slug, event.panel.pk])).content.decode()
    assert LATE_WORDS in page and 'id="adjusted-label">仅供参考<' in page


def test_a_declaration_kept_through_a_later_version_still_counts(event, client_as):
    client = client_as("organizer")
    upload(client, event, adjust=True)
    mark_all(event)
    upload(client, event, adjust=True)  # e.g. a typo fixed elsewhere during the event
    assert adjustment_state(event.panel) == COUNTS
    assert figures(compute(client, event))["北原县"] == (6.83, 2)


def test_without_a_declaration_nothing_is_adjusted(event, client_as):
    client = client_as("organizer")
    upload(client, event, adjust=False)
    mark_all(event)
    assert adjustment_state(event.panel) == NONE
    snapshot = compute(client, event)
    assert figures(snapshot)["北原县"] == (7.5, 1)
    assert "adjust" not in panel_leaf(snapshot, event, "北原县")
