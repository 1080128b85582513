"""纸质评分录入: the clerk types one judge's pile of sheets; the judge stays
chosen, the next entrant comes up, and a recused judge is named as recused."""

from urllib.parse import parse_qs, urlsplit

from bipin.judging import services
from bipin.judging.models import Sheet

PAPER = "/c/test-contest/judging/paper/"


def type_sheet(client, event, judge, entrant, content="5", delivery="3", key="paper-key-0001"):
    return client.post(PAPER, {"judge": event.users[judge].pk, "entry": event.refs[entrant], "key": key,
                               "mark-content": content, "mark-delivery": delivery})


def selected(page: str, name: str) -> str:
    start = page.index(f'<select name="{name}"')
    chunk = page[start:page.index("</select>", start)]
    return chunk.split(" selected")[0].rsplit('value="', 1)[1].split('"')[0]


def test_after_a_sheet_the_judge_stays_and_the_next_entrant_comes_up(event, client_as):
    clerk = client_as("organizer")
    r = type_sheet(clerk, event, "judge2", "南川县")
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query == {"judge": [str(event.judge2.pk)], "after": [event.refs["南川县"]]}
    page = clerk.get(r["Location"]).content.decode()
    assert selected(page, "judge") == str(event.judge2.pk)
    assert selected(page, "entry") == event.refs["北原县"]
    assert Sheet.objects.get().judge == event.judge2


def test_entrants_the_judge_already_has_or_is_recused_from_are_passed_over(event, client_as):
    services.recuse(event.organizer, event.contest, event.judge, event.entrants["北原县"], "同县")
    clerk = client_as("organizer")
    r = type_sheet(clerk, event, "judge", "南川县")
    page = clerk.get(r["Location"]).content.decode()
    assert selected(page, "entry") == event.refs["教育局"]
    assert "北原县 · A02(该评委回避)" in page
    assert f'value="{event.refs["北原县"]}" disabled' in page


def test_typing_for_a_recused_judge_names_the_recusal_and_keeps_the_figures(event, client_as):
    services.recuse(event.organizer, event.contest, event.judge, event.entrants["北原县"], "同县")
    page = type_sheet(client_as("organizer"), event, "judge", "北原县", content="6.5").content.decode()
    assert "已回避该参评对象" in page and "is recused from this entry" in page
    assert 'value="6.5"' in page and selected(page, "judge") == str(event.judge.pk)
    assert not Sheet.objects.exists()


def test_a_mark_off_its_step_is_refused_and_the_form_keeps_what_was_typed(event, client_as):
    page = type_sheet(client_as("organizer"), event, "judge", "南川县", content="5.3").content.decode()
    assert 'value="5.3"' in page and selected(page, "entry") == event.refs["南川县"]
    assert not Sheet.objects.exists()


def test_a_judge_not_on_the_panel_cannot_be_chosen(event, client_as):
    r = client_as("organizer").post(PAPER, {"judge": event.bystander.pk, "entry": event.refs["南川县"],
                                            "key": "paper-key-0002", "mark-content": "5", "mark-delivery": "3"})
    assert "请选择评委" in r.content.decode() and not Sheet.objects.exists()
