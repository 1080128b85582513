"""The organizer corrects set-up in the browser: entrants, groups; nothing scores use is lost."""

import pytest

from bipin.audit.models import Record
from bipin.contests.models import Entrant
from bipin.judging.models import Recusal

URLS = ["entrants/{e}/", "entrants/{e}/delete/", "groups/{g}/rename/", "groups/{g}/delete/"]


def _url(cast, pattern: str) -> str:
    entrant, group = cast.entrants["教育局"], cast.groups["市直部门"]
    return "/c/test-contest/setup/" + pattern.format(e=entrant.pk, g=group.pk)


@pytest.mark.parametrize("pattern", URLS)
@pytest.mark.parametrize("who", ["chief", "judge", "inspector", "reporter", "reviewer", "entrant"])
def test_no_other_role_may_edit_or_delete_set_up(client_as, cast, pattern, who):
    client = client_as(who)
    assert client.post(_url(cast, pattern), {"name": "改", "reason": "x"}).status_code == 403
    assert cast.contest.entrants.filter(name="教育局").exists()
    assert cast.contest.groups.filter(name="市直部门").exists()


@pytest.mark.parametrize("pattern", URLS)
def test_an_organizer_of_another_contest_is_told_it_does_not_exist(client_as, cast, pattern):
    assert client_as("other_organizer").post(_url(cast, pattern), {"name": "改"}).status_code == 404


def test_an_entrant_of_another_contest_is_not_found(client_as, cast):
    other = cast.other_contest
    group = other.groups.create(name="别组")
    entrant = Entrant.objects.create(contest=other, group=group, name="别人的")
    assert client_as("organizer").get(f"/c/test-contest/setup/entrants/{entrant.pk}/").status_code == 404


def test_editing_an_entrant_saves_and_audits_old_and_new(client_as, cast):
    entrant = cast.entrants["教育局"]
    response = client_as("organizer").post(f"/c/test-contest/setup/entrants/{entrant.pk}/", {
        "name": "市教育局", "group": cast.groups["市直部门"].pk, "short_name": "教育",
        "code": "B01", "contact": "张三"})
    assert response.status_code == 302
    entrant.refresh_from_db()
    assert (entrant.name, entrant.short_name, entrant.contact) == ("市教育局", "教育", "张三")
    audit = Record.objects.get(action="entrant.update")
    assert audit.data["changed"] == {"name": ["教育局", "市教育局"], "short_name": ["", "教育"],
                                     "contact": ["", "张三"]}
    assert audit.actor == cast.organizer


def test_a_duplicate_code_is_refused_keeping_what_was_typed(client_as, cast):
    entrant = cast.entrants["教育局"]
    response = client_as("organizer").post(f"/c/test-contest/setup/entrants/{entrant.pk}/", {
        "name": "市教育局", "group": cast.groups["市直部门"].pk, "code": "A01"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "编号:该编号已被使用" in text and 'value="市教育局"' in text
    entrant.refresh_from_db()
    assert entrant.name == "教育局" and not Record.objects.filter(action="entrant.update").exists()


def test_an_overlong_name_is_refused_like_the_import_refuses_it(client_as, cast):
    entrant = cast.entrants["教育局"]
    response = client_as("organizer").post(f"/c/test-contest/setup/entrants/{entrant.pk}/", {
        "name": "长" * 201, "group": cast.groups["市直部门"].pk})
    assert response.status_code == 400
    assert "名称:" in response.content.decode()


def test_an_entrant_nothing_depends_on_is_deleted_with_an_audit_record(client_as, cast):
    entrant = cast.entrants["北原县"]
    client_as("organizer").post(f"/c/test-contest/setup/entrants/{entrant.pk}/delete/")
    assert not Entrant.objects.filter(pk=entrant.pk).exists()
    assert Record.objects.filter(action="entrant.delete", target="北原县").exists()


def test_deleting_an_entrant_with_records_is_refused_saying_why(client_as, cast):
    entrant = cast.entrants["北原县"]
    Recusal.objects.create(contest=cast.contest, user=cast.judge, entrant=entrant, reason="同县")
    response = client_as("organizer").post(f"/c/test-contest/setup/entrants/{entrant.pk}/delete/",
                                           follow=True)
    text = response.content.decode()
    assert "不能删除“北原县”:已有回避登记 1 条依赖它" in text
    assert "cannot delete &#x27;北原县&#x27;: 1 recusals depend on it" in text
    assert Entrant.objects.filter(pk=entrant.pk).exists()
    assert not Record.objects.filter(action="entrant.delete").exists()


def test_an_entrant_with_records_cannot_move_to_another_group(client_as, cast):
    entrant = cast.entrants["北原县"]
    Recusal.objects.create(contest=cast.contest, user=cast.judge, entrant=entrant, reason="同县")
    from bipin.results.models import ImportBatch, ImportedObservation
    batch = ImportBatch.objects.create(contest=cast.contest, filename="f.csv", sha256="0")
    ImportedObservation.objects.create(batch=batch, entrant=entrant, source="data", item="x",
                                       value=1, row_number=2)
    response = client_as("organizer").post(f"/c/test-contest/setup/entrants/{entrant.pk}/", {
        "name": "北原县", "group": cast.groups["市直部门"].pk, "code": "A02"})
    assert "已有评分或记录,不能改到其他组别" in response.content.decode()
    entrant.refresh_from_db()
    assert entrant.group == cast.groups["整体推进县"]


def test_renaming_a_group_is_audited_and_a_taken_name_refused(client_as, cast):
    group = cast.groups["市直部门"]
    organizer = client_as("organizer")
    response = organizer.post(f"/c/test-contest/setup/groups/{group.pk}/rename/", {"name": "整体推进县"},
                              follow=True)
    assert "组别“整体推进县”已存在" in response.content.decode()
    # The row still holds the name as typed, to put right rather than type again.
    rename = f'action="/c/test-contest/setup/groups/{group.pk}/rename/"'
    row = response.content.decode().split(rename, 1)[1].split("</form>", 1)[0]
    assert 'value="整体推进县"' in row
    organizer.post(f"/c/test-contest/setup/groups/{group.pk}/rename/", {"name": "市直单位"})
    group.refresh_from_db()
    assert group.name == "市直单位"
    assert Record.objects.get(action="group.rename").data == {"old": "市直部门", "new": "市直单位"}


def test_deleting_a_group_with_entrants_says_why(client_as, cast):
    group = cast.groups["市直部门"]
    response = client_as("organizer").post(f"/c/test-contest/setup/groups/{group.pk}/delete/", follow=True)
    assert "不能删除组别“市直部门”:已有参评对象 1 条依赖它" in response.content.decode()


def test_an_entrant_viewer_is_moved_to_another_unit_with_an_audit_record(client_as, cast):
    from bipin.contests.models import Membership, Role

    m = Membership.objects.get(contest=cast.contest, user=cast.users["entrant"], role=Role.ENTRANT_VIEWER)
    url = f"/c/test-contest/setup/people/{m.pk}/"
    assert client_as("judge").post(url, {"entrant": cast.entrants["北原县"].pk}).status_code == 403
    organizer = client_as("organizer")
    response = organizer.post(url, {"entrant": ""})
    assert response.status_code == 400
    assert "所属单位:参评单位角色必须选择所属单位" in response.content.decode()
    organizer.post(url, {"entrant": cast.entrants["北原县"].pk})
    m.refresh_from_db()
    assert m.entrant == cast.entrants["北原县"]
    audit = Record.objects.get(action="role.update")
    assert (audit.data["old"]["entrant"], audit.data["new"]["entrant"]) == ("南川县", "北原县")
