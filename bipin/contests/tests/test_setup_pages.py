"""The organizer sets up a contest: creates it, adds groups, entrants and people."""

from bipin.audit.models import Record
from bipin.contests.models import Contest, Membership, Role


def test_creating_a_contest_makes_the_creator_its_organizer(client_as, cast):
    response = client_as("organizer").post("/contests/new/", {
        "name": "2027年大比拼", "slug": "dabipin-2027", "kind": "assessment", "year": "2027",
        "description": "", "is_public": "on"})
    assert response.status_code == 302
    contest = Contest.objects.get(slug="dabipin-2027")
    assert Membership.objects.filter(contest=contest, user=cast.organizer, role=Role.ORGANIZER).exists()
    assert Record.objects.filter(chain__key=f"contest:{contest.pk}", action="contest.create").exists()


def test_a_duplicate_slug_is_refused_with_a_message(client_as, cast):
    response = client_as("organizer").post("/contests/new/", {
        "name": "重复", "slug": "test-contest", "kind": "assessment"})
    assert response.status_code == 200
    assert Contest.objects.filter(slug="test-contest").count() == 1


def test_adding_a_group_twice_is_refused(client_as, cast):
    organizer = client_as("organizer")
    organizer.post("/c/test-contest/setup/groups/", {"name": "先行示范区"})
    response = organizer.post("/c/test-contest/setup/groups/", {"name": "先行示范区"})
    assert "该组别已存在" in response.content.decode()
    assert cast.contest.groups.filter(name="先行示范区").count() == 1


def test_a_group_with_entrants_cannot_be_deleted(client_as, cast):
    group = cast.groups["整体推进县"]
    client_as("organizer").post(f"/c/test-contest/setup/groups/{group.pk}/delete/")
    assert cast.contest.groups.filter(pk=group.pk).exists()


def test_adding_an_entrant_by_hand(client_as, cast):
    client_as("organizer").post("/c/test-contest/setup/entrants/", {
        "name": "青河县", "group": cast.groups["整体推进县"].pk, "code": "A09"})
    assert cast.contest.entrants.filter(name="青河县", code="A09").exists()


def test_granting_a_role_creates_the_account(client_as, cast):
    client_as("organizer").post("/c/test-contest/setup/people/", {
        "username": "expert7", "full_name": "专家七", "role": "judge"})
    m = Membership.objects.get(contest=cast.contest, user__username="expert7")
    assert m.role == Role.JUDGE and not m.user.has_usable_password()


def test_an_entrant_viewer_needs_an_entrant(client_as, cast):
    response = client_as("organizer").post("/c/test-contest/setup/people/", {
        "username": "viewer9", "role": "entrant_viewer"})
    assert "参评单位角色必须选择所属单位" in response.content.decode()
    assert not Membership.objects.filter(user__username="viewer9").exists()


def test_the_organizer_cannot_revoke_their_own_organizer_role(client_as, cast):
    own = Membership.objects.get(contest=cast.contest, user=cast.organizer, role=Role.ORGANIZER)
    client_as("organizer").post(f"/c/test-contest/setup/people/{own.pk}/revoke/")
    assert Membership.objects.filter(pk=own.pk).exists()


def test_revoking_a_role_is_audited_with_its_reason(client_as, cast):
    m = Membership.objects.get(contest=cast.contest, user=cast.judge2)
    client_as("organizer").post(f"/c/test-contest/setup/people/{m.pk}/revoke/", {"reason": "调离"})
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert Record.objects.get(action="role.revoke", target="judge2").reason == "调离"


def test_revoking_a_role_without_a_reason_is_refused(client_as, cast):
    m = Membership.objects.get(contest=cast.contest, user=cast.judge2)
    response = client_as("organizer").post(f"/c/test-contest/setup/people/{m.pk}/revoke/",
                                           {"reason": " "}, follow=True)
    assert "撤销角色须填写原因" in response.content.decode()
    assert Membership.objects.filter(pk=m.pk).exists()
    assert not Record.objects.filter(action="role.revoke").exists()


def test_the_page_switches_to_english(client_as, cast):
    client = client_as("organizer")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get("/c/test-contest/setup/entrants/").content.decode()
    assert "Entrants" in text and 'lang="en"' in text
