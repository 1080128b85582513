"""撤销晋级: the organizer confirmed a cut by mistake (a mark turns out wrong just
after) and takes it back with a reason, while the next stage has not begun; the
stage is judged again, the wrong sheet corrected, and the cut confirmed anew."""

from __future__ import annotations

import pytest

from bipin.audit.models import Record
from bipin.judging import cuts, draws, services
from bipin.judging.models import Cut, Sheet
from bipin.judging.rounds import current_round

from . import test_rounds
from .test_rounds import FINAL, PAGE, PRELIM, confirm, mark, names_in

pytestmark = pytest.mark.django_db
staged = test_rounds.staged  # the staged contest of test_rounds, a fixture


def undo(client, reason="北原县一张评分表录错,需退回更正", stage="初评"):
    return client.post(PAGE, {"action": "undo", "stage": stage, "reason": reason}, follow=True)


def test_a_mistaken_cut_is_undone_the_sheet_corrected_and_the_stage_cut_again(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    confirm(client)
    page = client.get(PAGE).content.decode()
    assert 'id="undo-cut"' in page and "撤销“初评”的晋级" in page

    response = undo(client)
    assert "已撤销“初评”的晋级" in response.content.decode()
    assert not Cut.objects.exists() and current_round(staged.contest).key == ""
    audit = Record.objects.get(action="round.cut_undo")
    assert (audit.target, audit.reason, audit.data["next_stage"]) == ("初评", "北原县一张评分表录错,需退回更正", "决赛")
    assert names_in(staged, audit.data["advancing"]) == ["教育局", "南川县"]

    # The stage is open again: the chief sends the wrong sheet back, the judge corrects it.
    wrong = Sheet.objects.get(entrant=staged.entrants["北原县"], judge=staged.users["judge2"])
    services.reopen_sheet(staged.chief, wrong, "表达分录错")
    services.submit_sheet(staged.users["judge2"], staged.panel, staged.entrants["北原县"], key="k-fix-judge2-beiyuan",
                          marks={"content": 6, "delivery": 4})
    confirm(client)
    cut = Cut.objects.get()
    assert names_in(staged, cut.advancing) == ["教育局", "北原县"]
    assert current_round(staged.contest).key == "决赛"


@pytest.mark.parametrize("reason, zh", [("  ", "撤销晋级须填写原因"), ("改" * 501, "原因不能超过 500 个字")])
def test_an_undo_without_a_reason_or_with_a_page_of_text_is_refused(staged, client_as, reason, zh):
    mark(staged, PRELIM)
    client = client_as("organizer")
    confirm(client)
    assert zh in undo(client, reason).content.decode()
    assert Cut.objects.count() == 1 and not Record.objects.filter(action="round.cut_undo").exists()


@pytest.mark.parametrize("began", ["sheet", "draw", "on_stage"])
def test_once_the_next_stage_has_begun_the_cut_stays(staged, client_as, began):
    mark(staged, PRELIM)
    client = client_as("organizer")
    confirm(client)
    if began == "sheet":
        mark(staged, {"南川县": FINAL["南川县"]}, "决赛")
    elif began == "draw":
        draws.commit_draw(staged.organizer, staged.contest)
    else:
        from bipin.judging import timer

        timer.call_entrant(staged.organizer, staged.contest, staged.entrants["南川县"], 480)
    assert 'id="undo-cut"' not in client.get(PAGE).content.decode()  # not offered, as it would be refused
    with pytest.raises(services.JudgingError) as refused:
        cuts.undo_cut(staged.organizer, staged.contest, stage="初评", reason="晚了")
    assert refused.value.status == 409
    assert refused.value.problems[0].zh.startswith("“决赛”已经开始")
    assert Cut.objects.count() == 1 and current_round(staged.contest).key == "决赛"


def test_only_the_latest_cut_can_be_undone(staged, client_as):
    with pytest.raises(services.JudgingError) as nothing:
        cuts.undo_cut(staged.organizer, staged.contest, stage="初评", reason="试试")
    assert nothing.value.problems[0].en == "only the latest cut can be undone, and that is not '初评'"
    mark(staged, PRELIM)
    confirm(client_as("organizer"))
    with pytest.raises(services.JudgingError) as other:
        cuts.undo_cut(staged.organizer, staged.contest, stage="决赛", reason="试试")
    assert other.value.status == 409 and Cut.objects.count() == 1


@pytest.mark.parametrize("who, status", [("judge", 403), ("chief", 403), ("other_organizer", 404),
                                         ("bystander", 404)])
def test_only_the_organizer_undoes_a_cut(staged, client_as, who, status):
    mark(staged, PRELIM)
    confirm(client_as("organizer"))
    response = client_as(who).post(PAGE, {"action": "undo", "stage": "初评", "reason": "想重来"})
    assert response.status_code == status
    assert Cut.objects.count() == 1 and not Record.objects.filter(action="round.cut_undo").exists()


def test_an_english_organizer_reads_the_undo_in_english(staged, client_as):
    mark(staged, PRELIM)
    client = client_as("organizer")
    confirm(client)
    client.cookies["django_language"] = "en"
    page = client.get(PAGE).content.decode()
    assert "Undo the cut of “初评”" in page and "Why the cut is undone" in page
    assert "已撤销" not in undo(client).content.decode()
    from django.conf import settings
    from django.utils import translation

    from bipin.audit.actions import say_action

    with translation.override("en"):
        assert str(say_action("round.cut_undo")) == "undid a cut and reopened its stage"
    with translation.override(settings.LANGUAGE_CODE):
        assert str(say_action("round.cut_undo")) == "撤销晋级,重新评本轮"
