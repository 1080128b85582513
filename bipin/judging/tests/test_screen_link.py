"""大屏专用链接: the projector PC opens the big screen without an organizer's
log-in; the link opens that screen and its poll only, and stops when revoked."""

import re

import pytest
from django.test import Client

from bipin.audit.models import Record
from bipin.judging import screen_links
from bipin.judging.models import ScreenLink

ACTION = "/c/test-contest/judging/console/action/"


def make_link(client_as) -> str:
    page = client_as("organizer").post(ACTION, {"action": "screen_link"}).content.decode()
    return re.search(r'id="new-screen-url">[^<]*(/screen/[^<]+/)</code>', page).group(1)


def test_the_organizer_makes_a_link_that_opens_the_screen_without_log_in(event, client_as):
    path = make_link(client_as)
    token = path.split("/")[2]
    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200 and "测试大比拼" in page.content.decode()
    board_url = f"/api/judging/screen/{token}/board"
    assert f'data-board="{board_url}"' in page.content.decode()
    board = anonymous.get(board_url)
    assert board.status_code == 200 and [e["label"] for e in board.json()["entries"]]
    # Only the hash is stored, and the audit log says who made it.
    assert not ScreenLink.objects.filter(token_hash=token).exists()
    assert ScreenLink.objects.get().token_hash == screen_links.token_hash(token)
    assert Record.objects.filter(action="screen_link.create", actor=event.organizer).count() == 1


def test_the_link_opens_nothing_else(event, client_as):
    token = make_link(client_as).split("/")[2]
    anonymous = Client()
    anonymous.get(f"/screen/{token}/")
    for url in ("/c/test-contest/judging/console/", "/c/test-contest/judging/screen/",
                "/c/test-contest/judging/sheets/", "/c/test-contest/results/"):
        r = anonymous.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"], url
    for url in ("/api/judging/test-contest/board", "/api/judging/test-contest/console",
                "/api/judging/test-contest/tasks"):
        assert anonymous.get(url).status_code == 401, url
    # Read-only: the board answers GET and nothing else.
    assert anonymous.post(f"/api/judging/screen/{token}/board").status_code == 405


def test_a_revoked_link_stops_at_once(event, client_as):
    path = make_link(client_as)
    token = path.split("/")[2]
    link = ScreenLink.objects.get()
    client_as("organizer").post(ACTION, {"action": "revoke_screen_link", "link": link.pk})
    anonymous = Client()
    assert anonymous.get(path).status_code == 404
    r = anonymous.get(f"/api/judging/screen/{token}/board")
    assert r.status_code == 404 and "已撤销" in r.json()["errors"][0]["zh"]
    assert Record.objects.filter(action="screen_link.revoke", actor=event.organizer).count() == 1


def test_an_unknown_token_is_the_same_404(event):
    assert Client().get("/screen/not-a-token/").status_code == 404
    assert Client().get("/api/judging/screen/not-a-token/board").status_code == 404


@pytest.mark.parametrize("who", ["chief", "judge", "entrant"])
def test_only_the_organizer_makes_or_revokes_links(event, client_as, who):
    assert client_as(who).post(ACTION, {"action": "screen_link"}).status_code == 403
    assert not ScreenLink.objects.exists()


def test_an_organizer_of_another_contest_cannot_revoke_this_ones_link(event, client_as):
    make_link(client_as)
    link = ScreenLink.objects.get()
    other = client_as("other_organizer")
    assert other.post(ACTION, {"action": "revoke_screen_link", "link": link.pk}).status_code == 404
    r = other.post("/c/other-contest/judging/console/action/",
                   {"action": "revoke_screen_link", "link": link.pk}, follow=True)
    assert "没有这个有效的大屏链接" in r.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is None
