"""The audit log answers for a contest's set-up, not only for itself.

The organizer sets the contest up through Bipin (groups added and one deleted,
entrants typed in and imported, a scheme in force and a broken one kept);
`bipin audit verify` passes. Then someone with database access moves an
entrant to another group, deletes a group or slips in a scheme version
straight in SQLite or PostgreSQL: verify exits 1 and names that row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bipin.contests import services
from bipin.contests.demo import EXAMPLES
from bipin.contests.models import Entrant, Group, SchemeVersion
from bipin.testing.cast import Cast
from bipin.testing.demo import load_demo
from bipin.testing.tampering import copy, delete, edit, named, row, verify

SCHEME = (EXAMPLES / "dabipin" / "scheme.yaml").read_bytes()
ENTRANTS_CSV = "名称,组别,编号,联系人\n西山县,整体推进县,A03,王五\n东湖县,整体推进县,,\n"


@dataclass
class SetUp:
    cast: Cast
    spare: Group  # a group nobody is in yet
    scheme: SchemeVersion  # in force
    broken: SchemeVersion  # kept with its problems, never in force


def upload(client, url: str, name: str, data: bytes):
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)


@pytest.fixture
def setup(cast, client_as) -> SetUp:
    c = cast
    organizer = client_as("organizer")
    spare = services.add_group(c.organizer, c.contest, "先行示范区")
    mistake = services.add_group(c.organizer, c.contest, "临时组")
    organizer.post(f"/c/{c.contest.slug}/setup/groups/{mistake.pk}/delete/")
    assert not Group.objects.filter(pk=mistake.pk).exists()
    upload(organizer, f"/c/{c.contest.slug}/setup/entrants/import/", "entrants.csv", ENTRANTS_CSV.encode())
    assert c.contest.entrants.count() == 5
    upload(organizer, f"/c/{c.contest.slug}/setup/scheme/", "scheme.yaml", SCHEME)
    upload(organizer, f"/c/{c.contest.slug}/setup/scheme/", "broken.yaml", b"contest: [")
    versions = c.contest.scheme_versions.order_by("number")
    assert [v.is_valid for v in versions] == [True, False]
    return SetUp(c, spare, *versions)


def test_a_set_up_made_through_bipin_verifies(setup, capsys):
    code, out = verify(capsys)
    assert code == 0, out
    assert "chain intact" in out and "rows match their records" in out


def test_the_demo_contests_set_up_verifies(db, capsys):
    load_demo()
    _, out = verify(capsys)
    assert not {r for r in named(out) if r[0].startswith("contests.")}, out


def entrant(setup: SetUp, name: str) -> Entrant:
    return setup.cast.contest.entrants.get(name=name)


# model: (the row, the edit that would change a result)
EDITS = {
    Group: (lambda s: s.cast.groups["整体推进县"], {"name": "先行示范区组"}),
    Entrant: (lambda s: entrant(s, "南川县"), {"group": "市直部门"}),
    SchemeVersion: (lambda s: s.scheme, {"content": SCHEME.replace(b"deduct=1", b"deduct=0.5")}),
}


@pytest.mark.parametrize("model", list(EDITS), ids=lambda m: m.__name__)
def test_a_row_edited_in_the_database_is_named(setup, capsys, model):
    victim, values = EDITS[model][0](setup), dict(EDITS[model][1])
    if values.get("group"):
        values["group"] = setup.cast.groups[values["group"]].pk
    edit(victim, **values)
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(victim), "changed")}, out


# Rows nothing refers to, so a database client deletes them without complaint.
DELETIONS = {
    Group: lambda s: s.spare,
    Entrant: lambda s: entrant(s, "东湖县"),
    SchemeVersion: lambda s: s.broken,
}


@pytest.mark.parametrize("model", list(DELETIONS), ids=lambda m: m.__name__)
def test_a_row_deleted_in_the_database_is_named(setup, capsys, model):
    victim = DELETIONS[model](setup)
    delete(victim)
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(victim), "deleted")}, out


# A copy of a row, with whatever must differ for the table's unique constraints.
COPIES = {
    Group: (lambda s: s.cast.groups["市直部门"], {"name": "市直部门(二)"}),
    Entrant: (lambda s: entrant(s, "西山县"), {"name": "西山县(复)", "code": ""}),
    SchemeVersion: (lambda s: s.scheme, {"number": 3}),
}


@pytest.mark.parametrize("model", list(COPIES), ids=lambda m: m.__name__)
def test_a_row_added_in_the_database_is_named(setup, capsys, model):
    original, changes = COPIES[model][0](setup), COPIES[model][1]
    added = model.objects.get(pk=copy(original, **changes))
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(added), "unrecorded")}, out
