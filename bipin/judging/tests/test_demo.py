"""The demo sets up the day without running it."""

from bipin.judging import live, services
from bipin.judging.draws import published_record
from bipin.judging.models import Draw, Panel, Sheet
from bipin.scoring.draw import verify_record
from bipin.testing.demo import load_demo


def test_the_demo_sets_up_panels_draws_and_a_blind_panel(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    city = Panel.objects.get(contest__slug="demo-dabipin")
    apples = Panel.objects.get(contest__slug="demo-apples")
    assert city.item == "report" and city.seats.count() == 5 and len(city.criteria) == 3
    assert Draw.objects.filter(contest__slug="demo-dabipin", status="committed").count() == 2
    # The group that has presented has its draw revealed, and the record checks out.
    revealed = Draw.objects.get(contest__slug="demo-dabipin", status="revealed")
    assert revealed.group.name == "先行示范区" and revealed.inputs == ["17", "42"]
    assert verify_record(published_record(revealed)).ok
    assert apples.contest.blind and apples.seats.count() == 5
    assert Sheet.objects.filter(panel=apples).count() == 15
    board = live.board(apples.contest, services.stage_of(apples.contest))
    assert sum(e["complete"] for e in board["entries"]) == 3
    assert not any("示例" in e["label"] for e in board["entries"])
    city_board = live.board(city.contest, services.stage_of(city.contest))
    assert [e["total"] is not None for e in city_board["entries"]].count(True) == 2
