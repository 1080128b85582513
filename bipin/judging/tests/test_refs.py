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
