"""The demo sets up the day without running it."""

from bipin.judging import flights, live, services
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
    # 初评 at two tables of the fixed demo seed: 3 and 2 judges, 9 samples each.
    tables = flights.tables(apples, "")
    assert [t.name for t in tables.flights] == ["第1桌", "第2桌"]
    assert [len(tables.judges[t.pk]) for t in tables.flights] == [3, 2]
    assert [len(tables.samples[t.pk]) for t in tables.flights] == [9, 9]
    # Three samples of each table pre-scored by that table's judges: 3 × 3 + 3 × 2 sheets.
    assert Sheet.objects.filter(panel=apples).count() == 15
    board = live.board(apples.contest, services.stage_of(apples.contest))
    assert sum(e["complete"] for e in board["entries"]) == 6
    assert sorted(e["expected"] for e in board["entries"]) == [2] * 9 + [3] * 9
    assert not any("示例" in e["label"] for e in board["entries"])
    city_board = live.board(city.contest, services.stage_of(city.contest))
    assert [e["total"] is not None for e in city_board["entries"]].count(True) == 2
