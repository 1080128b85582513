"""Candidates' login QR codes: only for accounts that exist for this contest.

The attack: the organizer of another contest adds our organizer (or a
superuser) as an exam candidate and prints the candidate's login QR code.
"""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from bipin.audit.models import Record
from bipin.contests import services as contest_services
from bipin.exams import services
from bipin.exams.models import Candidate
from bipin.exams.tests.conftest import EXAMPLE, pick_questions


@pytest.fixture
def admin(db):
    return get_user_model().objects.create_superuser("admin", password="admin-password-1")


@pytest.fixture
def other_sitting(cast):
    """A sitting of the other contest, run by its own organizer."""
    organizer, contest = cast.other_organizer, cast.other_contest
    group = contest_services.add_group(organizer, contest, "县")
    contest_services.add_entrant(organizer, contest, group=group, name="西山县")
    services.import_bank(organizer, contest, EXAMPLE.read_bytes(), EXAMPLE.name)
    paper = services.create_fixed_paper(organizer, contest, "卷", pick_questions(contest))
    now = timezone.now()
    return services.create_sitting(organizer, contest, paper=paper, name="场次",
                                   opens_at=now, closes_at=now + timedelta(hours=2),
                                   duration_minutes=30)


def sitting_url(sitting, tail):
    return f"/c/{sitting.contest.slug}/exam/sittings/{sitting.pk}/{tail}"


def print_links(client, sitting):
    ids = list(sitting.candidates.values_list("pk", flat=True))
    return client.post(sitting_url(sitting, "candidates/links/"), {"candidate": ids})


@pytest.mark.parametrize("victim", ["organizer", "admin"])
def test_no_link_for_someone_added_as_a_candidate_from_elsewhere(client_as, cast, admin,
                                                                 other_sitting, victim):
    attacker = client_as("other_organizer")
    entrant = cast.other_contest.entrants.get()
    attacker.post(sitting_url(other_sitting, "candidates/"),
                  {"username": victim, "entrant": entrant.pk})
    response = print_links(attacker, other_sitting)
    html = response.content.decode()
    assert response.status_code == 200 and "/enter/" not in html
    assert f"未为 {victim} 生成登录链接" in html
    assert not get_user_model().objects.get(username=victim).login_links.exists()
    assert Record.objects.filter(action="login_link.refuse", target=victim).exists()


def test_no_link_for_accounts_from_elsewhere_in_a_candidate_import(client_as, cast, admin,
                                                                   other_sitting):
    attacker = client_as("other_organizer")
    data = io.BytesIO("考生账号,参评单位\norganizer,西山县\nadmin,西山县\nnew_cand,西山县\n".encode())
    data.name = "candidates.csv"
    response = attacker.post(sitting_url(other_sitting, "candidates/import/"), {"file": data},
                             follow=True)
    assert "其中 2 个是已有账号(organizer、admin),不能为其打印登录二维码" in response.content.decode()
    html = print_links(attacker, other_sitting).content.decode()
    assert html.count("/enter/") == 1  # new_cand only: the import created that account
    assert not cast.organizer.login_links.exists()
    assert get_user_model().objects.get(username="new_cand").login_links.count() == 1


def test_the_sitting_page_says_which_candidates_cannot_get_a_link(client_as, cast, other_sitting):
    attacker = client_as("other_organizer")
    services.add_candidate_by_username(cast.other_organizer, other_sitting, "organizer",
                                       cast.other_contest.entrants.get())
    html = attacker.get(sitting_url(other_sitting, "manage/")).content.decode()
    assert "本人自行登录" in html


def test_a_candidate_link_minted_before_promotion_to_staff_does_not_log_in(client_as, client,
                                                                          exam):
    organizer = client_as("organizer")
    html = organizer.post(sitting_url(exam.sitting, "candidates/links/"),
                          {"candidate": [exam.candidates["cand_a"].pk]}).content.decode()
    # The first address on the page may be in the warning that phones cannot reach 127.0.0.1.
    path = re.search(r'http://127\.0\.0\.1:8000(/[^<"\s]+)', html).group(1)
    organizer.logout()
    user = exam.candidates["cand_a"].user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    assert client.get(path).status_code == 410 and "_auth_user_id" not in client.session


def test_a_candidate_added_as_an_account_from_elsewhere_is_still_a_candidate(cast, other_sitting):
    candidate = services.add_candidate_by_username(cast.other_organizer, other_sitting, "judge",
                                                   cast.other_contest.entrants.get())
    assert Candidate.objects.get(pk=candidate.pk).user == cast.judge
    assert cast.judge.has_usable_password()  # their own password is untouched
