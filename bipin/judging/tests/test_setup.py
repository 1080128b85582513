"""The organizer's panel set-up page and the contest page links."""

from pathlib import Path

from bipin.contests import services as contest_services
from bipin.contests.models import Membership
from bipin.judging.models import Panel, Recusal

SCHEME = Path(__file__).resolve().parents[3] / "examples" / "apples" / "scheme.yaml"


def test_the_organizer_builds_a_panel_from_the_scheme_seats_and_recuses(cast, client_as):
    contest_services.upload_scheme(cast.organizer, cast.contest, SCHEME.read_bytes(), SCHEME.name)
    client = client_as("organizer")
    assert "tasting" in client.get("/c/test-contest/judging/setup/").content.decode()
    client.post("/c/test-contest/judging/setup/", {"action": "panel", "item": "tasting", "name": "感官评价"})
    panel = Panel.objects.get()
    judge = Membership.objects.get(contest=cast.contest, user=cast.judge)
    client.post("/c/test-contest/judging/setup/", {"action": "seat", "panel": panel.pk, "member": judge.pk})
    client.post("/c/test-contest/judging/setup/", {"action": "recuse", "member": judge.pk,
                                                   "entrant": cast.entrants["南川县"].pk, "reason": "同县"})
    assert list(panel.seats.values_list("user__username", flat=True)) == ["judge"]
    assert Recusal.objects.get().reason == "同县"
    page = client.get("/c/test-contest/judging/setup/").content.decode()
    assert "感官评价" in page and "同县" in page


def test_a_non_judge_cannot_be_seated(cast, client_as):
    contest_services.upload_scheme(cast.organizer, cast.contest, SCHEME.read_bytes(), SCHEME.name)
    client = client_as("organizer")
    client.post("/c/test-contest/judging/setup/", {"action": "panel", "item": "tasting"})
    inspector = Membership.objects.get(contest=cast.contest, user=cast.inspector)
    r = client.post("/c/test-contest/judging/setup/", {"action": "seat", "panel": Panel.objects.get().pk,
                                                       "member": inspector.pk}, follow=True)
    assert "请选择评委 / choose a judge" in r.content.decode()
    assert not Panel.objects.get().seats.exists()


def test_setup_is_for_the_organizer(cast, client_as):
    assert client_as("chief").get("/c/test-contest/judging/setup/").status_code == 403
    assert client_as("judge").post("/c/test-contest/judging/setup/", {"action": "panel"}).status_code == 403
    assert client_as("other_organizer").get("/c/test-contest/judging/setup/").status_code == 404
    assert client_as("organizer").put("/c/test-contest/judging/setup/").status_code == 405


def test_the_contest_page_links_each_role_to_its_pages(event, client_as):
    judge_page = client_as("judge").get("/c/test-contest/").content.decode()
    assert "/c/test-contest/judging/score/" in judge_page and "/judging/console/" not in judge_page
    organizer_page = client_as("organizer").get("/c/test-contest/").content.decode()
    assert "/judging/console/" in organizer_page and "/judging/screen/" in organizer_page
    assert "/judging/" not in client_as("inspector").get("/c/test-contest/").content.decode()
