"""The organizer gives an entrant its 类型 (kind) in the browser, as the entrants import does:
the scheme's multipliers read it (仅有搬迁任务的单位扣分加倍)."""

import pytest

from bipin.audit.models import Record
from bipin.contests.models import Entrant


def _edit(cast, **over):
    entrant = cast.entrants["南川县"]
    form = {"name": "南川县", "group": cast.groups["整体推进县"].pk, "code": "A01"} | over
    return f"/c/test-contest/setup/entrants/{entrant.pk}/", form


def test_the_organizer_sets_the_kind_and_the_audit_keeps_old_and_new(client_as, cast):
    url, form = _edit(cast, kind=" 搬迁任务县 ")
    assert client_as("organizer").post(url, form).status_code == 302
    assert Entrant.objects.get(name="南川县").kind == "搬迁任务县"
    audit = Record.objects.get(action="entrant.update")
    assert audit.data["changed"] == {"kind": ["", "搬迁任务县"]}
    assert audit.actor == cast.organizer


def test_the_list_shows_the_kind_and_the_edit_form_keeps_an_imported_one(client_as, cast):
    Entrant.objects.filter(name="北原县").update(kind="搬迁任务县")
    client = client_as("organizer")
    listing = client.get("/c/test-contest/setup/entrants/").content.decode()
    assert "<th>类型</th>" in listing and "<td>搬迁任务县</td>" in listing
    entrant = cast.entrants["北原县"]
    page = client.get(f"/c/test-contest/setup/entrants/{entrant.pk}/").content.decode()
    assert 'name="kind"' in page and 'value="搬迁任务县"' in page


def test_clearing_the_kind_is_a_visible_change(client_as, cast):
    Entrant.objects.filter(name="南川县").update(kind="搬迁任务县")
    url, form = _edit(cast, kind="")
    assert client_as("organizer").post(url, form).status_code == 302
    assert Record.objects.get(action="entrant.update").data["changed"] == {"kind": ["搬迁任务县", ""]}


def test_an_overlong_kind_is_refused_like_the_import_refuses_it(client_as, cast):
    url, form = _edit(cast, kind="类" * 61)
    response = client_as("organizer").post(url, form)
    assert response.status_code == 400
    assert "类型:" in response.content.decode()
    assert Entrant.objects.get(name="南川县").kind == ""
    assert not Record.objects.filter(action="entrant.update").exists()


def test_an_entrant_added_with_a_kind_has_it_in_the_audit(client_as, cast):
    response = client_as("organizer").post("/c/test-contest/setup/entrants/", {
        "name": "西山县", "group": cast.groups["整体推进县"].pk, "kind": "搬迁任务县"})
    assert response.status_code == 302
    assert Entrant.objects.get(name="西山县").kind == "搬迁任务县"
    assert Record.objects.get(action="entrant.add", target="西山县").data["kind"] == "搬迁任务县"


def test_the_kind_reaches_the_engine(client_as, cast):
    from bipin.results.engine import engine_entrants

    url, form = _edit(cast, kind="搬迁任务县")
    client_as("organizer").post(url, form)
    kinds = {e.name: e.kind for e in engine_entrants(cast.contest)}
    assert kinds["南川县"] == "搬迁任务县" and not kinds["北原县"]


def test_an_organizer_of_another_contest_cannot_edit_the_kind(client_as, cast):
    url, form = _edit(cast, kind="搬迁任务县")
    assert client_as("other_organizer").post(url, form).status_code == 404
    assert Entrant.objects.get(name="南川县").kind == ""
    assert not Record.objects.filter(action="entrant.update").exists()


@pytest.mark.parametrize("who", ["chief", "judge", "reporter", "reviewer", "entrant"])
def test_no_other_role_may_set_the_kind(client_as, cast, who):
    url, form = _edit(cast, kind="搬迁任务县")
    assert client_as(who).post(url, form).status_code == 403
    assert Entrant.objects.get(name="南川县").kind == ""
