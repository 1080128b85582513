"""An entry's opaque ref leads back to the right entrant, and only while it exists."""

from bipin.contests.models import Entrant
from bipin.judging.refs import entrant_by_ref, entry_ref


def test_a_ref_finds_its_entrant_every_time(cast):
    nanchuan = cast.entrants["南川县"]
    ref = entry_ref(nanchuan)
    for _ in range(2):  # the second lookup goes by what the first one learnt
        found = entrant_by_ref(cast.contest, ref)
        assert (found.pk, found.name, found.group_id) == (nanchuan.pk, "南川县", nanchuan.group_id)


def test_a_ref_of_a_removed_or_foreign_entrant_finds_nothing(cast):
    late = Entrant.objects.create(contest=cast.contest, group=cast.entrants["南川县"].group, name="新增县")
    ref = entry_ref(late)
    assert entrant_by_ref(cast.contest, ref).name == "新增县"  # added after earlier lookups: found
    late.delete()
    assert entrant_by_ref(cast.contest, ref) is None
    other = cast.other_contest
    stranger = Entrant.objects.create(contest=other, group=other.groups.create(name="组"), name="外县")
    assert entrant_by_ref(cast.contest, entry_ref(stranger)) is None


def test_anything_that_is_not_a_ref_finds_nothing(cast):
    # hmac.compare_digest refuses non-ASCII text; such a ref reached it from requests.
    for ref in ("甲", "é" * 16, "０" * 16, "", "0" * 17, "ABCDEF0123456789", "x" * 10_000, "\x00" * 16):
        assert entrant_by_ref(cast.contest, ref) is None, ref


def test_a_non_ascii_entry_is_an_unknown_entry_on_every_form(event, client_as, post_sheet):
    from bipin.judging.models import Sheet

    client_as("judge")
    r = post_sheet("test-contest", "甲", {"content": "5", "delivery": "3"})
    assert r.status_code == 404 and r.json()["errors"][0]["zh"] == "没有这个评分对象"
    organizer = client_as("organizer")
    r = organizer.post("/c/test-contest/judging/paper/", {
        "judge": event.judge.pk, "entry": "甲", "key": "paper-key-0001",
        "mark-content": "5", "mark-delivery": "3"})
    assert r.status_code == 200 and "请选择参评对象" in r.content.decode()
    r = organizer.post("/c/test-contest/judging/console/action/",
                       {"action": "call", "entry": "甲", "minutes": "8"}, follow=True)
    assert r.status_code == 200 and "没有这个评分对象" in r.content.decode()
    assert Sheet.objects.count() == 0
    assert services_stage(event).entrant is None  # nobody was called up in its place


def services_stage(event):
    from bipin.judging import services

    return services.stage_of(event.contest)
