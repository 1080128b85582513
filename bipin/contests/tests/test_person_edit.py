"""The organizer corrects a person's name and email, for accounts the contest made.

A name shows on score sheets, in the audit log and on printed login links, so a
typo in the people list must be put right, in the browser or by importing the
corrected list again. An account the contest did not make stays its owner's:
another contest's organizer must not rename ours by typing its username.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from bipin.audit.models import Record
from bipin.contests.models import Membership, Role
from bipin.testing.files import csv_bytes

pytestmark = pytest.mark.django_db
User = get_user_model()


def person_url(cast, username: str, contest=None) -> str:
    contest = contest or cast.contest
    membership = Membership.objects.filter(contest=contest, user__username=username).first()
    return reverse("contests:person_edit", args=[contest.slug, membership.pk])


def role_page(cast, username: str) -> str:
    membership = Membership.objects.filter(contest=cast.contest, user__username=username).first()
    return reverse("contests:role_edit", args=[cast.contest.slug, membership.pk])


def upload(rows, name="people.csv"):
    f = io.BytesIO(csv_bytes(rows))
    f.name = name
    return f


def test_the_organizer_corrects_a_judges_name_and_email_and_it_is_audited(client_as, cast):
    organizer = client_as("organizer")
    assert "姓名和邮箱" in organizer.get(role_page(cast, "judge")).content.decode()
    response = organizer.post(person_url(cast, "judge"), {"full_name": "王评委", "email": "wang@example.org"},
                              follow=True)
    assert "已保存。" in response.content.decode()
    judge = User.objects.get(username="judge")
    assert (judge.first_name, judge.email) == ("王评委", "wang@example.org")
    change = Record.objects.get(action="account.update")
    assert change.target == "judge" and change.data["new"] == {"full_name": "王评委", "email": "wang@example.org"}


def test_a_bad_email_is_refused_with_the_input_kept_and_nothing_changed(client_as, cast):
    before = User.objects.get(username="judge")
    response = client_as("organizer").post(person_url(cast, "judge"), {"full_name": "王评委", "email": "wang@"})
    text = response.content.decode()
    assert response.status_code == 400 and "邮箱" in text and 'value="王评委"' in text
    after = User.objects.get(username="judge")
    assert (after.first_name, after.email) == (before.first_name, before.email)
    assert not Record.objects.filter(action="account.update").exists()


def test_the_organizers_own_account_is_changed_by_its_owner_only(client_as, cast):
    organizer = client_as("organizer")
    assert "姓名和邮箱由本人修改" in organizer.get(role_page(cast, "organizer")).content.decode()
    response = organizer.post(person_url(cast, "organizer"), {"full_name": "改名", "email": ""})
    assert response.status_code == 400 and "姓名和邮箱由本人修改" in response.content.decode()
    assert User.objects.get(username="organizer").first_name == "组织者甲"


def test_another_contests_organizer_cannot_reach_our_people(client_as, cast):
    attacker = client_as("other_organizer")
    assert attacker.post(person_url(cast, "judge"), {"full_name": "冒名", "email": ""}).status_code in (403, 404)
    assert User.objects.get(username="judge").first_name != "冒名"


def test_a_corrected_list_corrects_our_accounts_and_leaves_others_alone(client_as, cast):
    User.objects.filter(username="chief").update(first_name="李组长")
    response = client_as("organizer").post("/c/test-contest/setup/people/import/", {"file": upload([
        ["用户名", "姓名", "角色", "邮箱"],
        ["judge", "王评委", "评委", "wang@example.org"],
        ["chief", "", "评委组长", ""],  # blank cells leave the name as it is
    ])}, follow=True)
    text = response.content.decode()
    assert "已按表格更正 1 个账号的姓名或邮箱:judge。" in text
    assert User.objects.get(username="judge").first_name == "王评委"
    assert User.objects.get(username="chief").first_name == "李组长"


def test_another_contests_list_never_renames_our_accounts(client_as, cast):
    response = client_as("other_organizer").post("/c/other-contest/setup/people/import/", {"file": upload([
        ["用户名", "姓名", "角色"], ["judge", "冒名评委", "评委"], ["organizer", "冒名组织者", "评委"]])},
        follow=True)
    assert "judge、organizer 不是本活动创建的账号,表格中的姓名或邮箱未采用" in response.content.decode()
    assert User.objects.get(username="judge").first_name != "冒名评委"
    assert User.objects.get(username="organizer").first_name == "组织者甲"
    assert not Record.objects.filter(action="account.update").exists()


def test_a_bad_email_in_the_list_is_refused_at_its_row_and_nothing_written(client_as, cast):
    response = client_as("organizer").post("/c/test-contest/setup/people/import/", {"file": upload([
        ["用户名", "姓名", "角色", "邮箱"], ["newjudge", "新评委", "评委", "new@example.org"],
        ["judge", "王评委", "评委", "not-an-email"]])}, follow=True)
    text = response.content.decode()
    assert "第3行" in text and "邮箱“not-an-email”格式不对" in text
    assert not User.objects.filter(username="newjudge").exists()
    assert User.objects.get(username="judge").first_name != "王评委"


def test_the_person_page_reads_in_english(client_as, cast):
    page = client_as("organizer").get(role_page(cast, "organizer"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Name and email" in page and "its owner changes its name and email" in page


def test_an_account_we_made_that_became_an_organizer_is_changed_by_its_owner(cast):
    from bipin.accounts.profile import edit_refusal
    from bipin.contests.services import grant_role
    from bipin.testing.cast import make_user

    co = make_user("co_organizer", "副组织者", contest=cast.contest)
    assert edit_refusal(cast.contest, co) is None
    grant_role(cast.organizer, cast.contest, co, Role.ORGANIZER)
    assert edit_refusal(cast.contest, co).message_zh == "管理员和组织者的账号,姓名和邮箱由本人修改"
