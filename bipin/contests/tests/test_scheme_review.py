"""The organizer uploads a 考核细则 whose 计分规则 are blank and confirms the proposed rules."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from bipin.audit.models import Record
from bipin.contests.models import SchemeVersion
from bipin.contests.services import current_scheme
from bipin.io.tests.test_scheme_proposals import ROWS, workbook

SCHEME = "/c/test-contest/setup/scheme/"
REVIEW = "/c/test-contest/setup/scheme/review/"
PROPOSED = "target_step(target=100, step=0.1, deduct=1)"


def upload(client, data=None, name="细则.xlsx"):
    return client.post(SCHEME, {"file": SimpleUploadedFile(name, data or workbook())})


@pytest.fixture
def organizer(client_as):
    client = client_as("organizer")
    assert upload(client)["Location"] == REVIEW
    return client


def rules_in(version) -> list:
    sheet = load_workbook(io.BytesIO(bytes(version.content)))["考核指标表"]
    return [sheet.cell(row=r, column=5).value for r in range(3, 3 + len(ROWS))]


class TestReview:
    def test_each_blank_rule_is_shown_beside_its_text_and_nothing_is_stored(self, organizer, cast):
        page = organizer.get(REVIEW).content.decode()
        assert "达标率100%计满分;每减少0.1个百分点扣1分,扣完为止" in page
        assert f'value="{PROPOSED}"' in page
        assert "达到目标值100得满分,每低于目标0.1扣1分,扣完为止" in page  # the rule in words
        assert 'value="deduction(each=1, cap=5)"' in page
        assert not SchemeVersion.objects.filter(contest=cast.contest).exists()

    def test_the_rows_it_could_not_read_come_first_with_the_reason(self, organizer):
        page = organizer.get(REVIEW).content.decode()
        unread = page.index("视工作成效酌情赋分")
        assert unread < page.index("达标率100%计满分") < page.index("每次扣1分")
        assert "含有“酌情”,须由人确定" in page
        assert 'name="rule-4" value=""' in page

    def test_confirming_saves_the_workbook_with_the_rules_and_records_who_corrected_what(
            self, organizer, cast):
        response = organizer.post(REVIEW, {"action": "confirm", "rule-3": PROPOSED,
                                           "rule-4": "manual", "rule-7": "deduction(each=1, cap=5)"},
                                  follow=True)
        assert "考评方案第 1 版已生效" in response.content.decode()
        version = current_scheme(cast.contest)
        assert rules_in(version) == [PROPOSED, "manual", "proportional(target=90)", None,
                                     "deduction(each=1, cap=5)"]
        audit = Record.objects.get(action="scheme.upload")
        assert audit.data["proposed_rules"] == {"accepted": [3, 7], "corrected": [4]}
        assert organizer.get(REVIEW)["Location"] == SCHEME  # the held file is gone

    def test_a_correction_the_parser_refuses_is_named_in_both_languages_and_nothing_is_kept(
            self, organizer, cast):
        response = organizer.post(REVIEW, {"action": "confirm", "rule-3": PROPOSED,
                                           "rule-4": "target_step(target=100, step=0, deduct=1)",
                                           "rule-7": "deduction(each=1, cap=5)"})
        page = response.content.decode()
        assert response.status_code == 400
        assert "step:必须大于0" in page and "step: must be &gt; 0 (got 0.0)" in page
        assert 'value="target_step(target=100, step=0, deduct=1)"' in page  # kept for fixing
        assert not SchemeVersion.objects.filter(contest=cast.contest).exists()

    def test_an_unread_row_left_blank_or_an_unknown_rule_is_refused(self, organizer):
        response = organizer.post(REVIEW, {"action": "confirm", "rule-3": "tagret_step(step=1)",
                                           "rule-7": "deduction(each=1, cap=5)"})
        page = response.content.decode()
        assert response.status_code == 400
        assert "请填写计分规则" in page and "write the rule" in page
        assert "未知规则类型“tagret_step”" in page and "unknown rule type &#x27;tagret_step&#x27;" in page

    def test_giving_up_the_file_keeps_nothing(self, organizer, cast):
        response = organizer.post(REVIEW, {"action": "cancel"}, follow=True)
        assert "已放弃“细则.xlsx”,未保存任何内容" in response.content.decode()
        assert not SchemeVersion.objects.filter(contest=cast.contest).exists()
        assert not Record.objects.filter(action="scheme.upload").exists()

    def test_a_sheet_with_every_rule_written_comes_into_force_at_once(self, client_as, cast):
        complete = [[*r[:4], r[4] or "manual", r[5]] for r in ROWS[:4]]
        response = upload(client_as("organizer"), workbook(complete))
        assert response["Location"] == SCHEME
        assert current_scheme(cast.contest).number == 1

    def test_without_a_held_upload_the_page_sends_the_organizer_to_upload_one(self, client_as):
        response = client_as("organizer").get(REVIEW, follow=True)
        assert "没有待确认的计分规则" in response.content.decode()


class TestAccess:
    @pytest.mark.parametrize("who", ["judge", "chief", "inspector", "reporter", "entrant"])
    def test_other_roles_in_the_contest_are_forbidden(self, organizer, client_as, who):
        client = client_as(who)
        assert client.get(REVIEW).status_code == 403
        assert client.post(REVIEW, {"action": "confirm", "rule-3": "manual"}).status_code == 403

    def test_another_contests_organizer_is_told_it_does_not_exist(self, client_as, cast):
        assert client_as("other_organizer").get(REVIEW).status_code == 404
        assert client_as("other_organizer").post(REVIEW, {"action": "confirm"}).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self, client, cast):
        assert client.get(REVIEW)["Location"].startswith("/accounts/login/")

    def test_the_page_refuses_other_methods(self, organizer):
        assert organizer.put(REVIEW).status_code == 405


def test_the_page_reads_in_english_for_an_english_browser(organizer):
    page = organizer.get(REVIEW, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirm the scoring rules" in page
    assert "3 rows of “细则.xlsx” have no scoring rule" in page
    assert "1 of them could not be read; it comes first" in page
    assert "full points at the target 100; 1 off for each 0.1 below it, down to 0" in page


def test_the_rows_are_cards_that_stack_on_a_phone(organizer):
    # One card per row and no table: nothing is wider than a phone's screen.
    page = organizer.get(REVIEW).content.decode()
    assert page.count('class="card stack proposal') == 3
    assert "<table" not in page.split("<h1>")[1]
