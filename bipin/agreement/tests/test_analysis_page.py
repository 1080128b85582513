"""The organizer and the chief judge read a panel's judge analysis."""

from __future__ import annotations

import pytest

from bipin.agreement.analysis import analyse, drifting_judges
from bipin.judging import services
from bipin.judging.refs import naming

pytestmark = pytest.mark.django_db


def url(cast, panel, tail=""):
    return f"/c/{cast.contest.slug}/judges/{panel.pk}/{tail}"


def test_the_severe_judge_is_four_points_below_the_others_on_every_entrant(cast, scored):
    a = analyse(scored, naming(cast.contest))
    by_name = {j.name: j for j in a.judges}
    # judge4's sheet is 4 below base×2; the others average (0 + 0.5 − 0.5)/3 = 0 above it.
    assert by_name["评委4"].severity == pytest.approx(-4.0)
    assert by_name["评委4"].n == 3 and by_name["评委4"].se == pytest.approx(0.0)
    # judge2: +0.5 against the mean of 0, −0.5, −4 = −1.5 → +2.0, exactly the drift limit.
    assert by_name["judge2"].severity == pytest.approx(2.0)
    assert by_name["评委4"].drifting and not by_name["judge2"].drifting
    assert by_name["评委4"].outliers == 6 and by_name["judge"].outliers == 0


def test_the_page_shows_severity_agreement_outliers_and_the_adjusted_result(cast, scored, client_as):
    page = client_as("organizer").get(url(cast, scored)).content.decode()
    assert "−4.00" in page or "-4.00" in page
    for section in ('id="severity"', 'id="icc"', 'id="kendall"', 'id="outliers"', 'id="adjusted"',
                    "<svg", "ICC(2,1)", "仅供参考"):
        assert section in page
    assert "南川县" in page
    assert "judge:" not in page


def test_the_chief_judge_sees_the_page_too(cast, scored, client_as):
    assert client_as("chief").get(url(cast, scored)).status_code == 200


@pytest.mark.parametrize("who", ["judge", "judge2", "entrant", "inspector", "reporter", "reviewer"])
def test_a_judge_or_another_role_of_the_contest_is_refused(cast, scored, client_as, who):
    assert client_as(who).get(url(cast, scored)).status_code == 403
    assert client_as(who).get(url(cast, scored, "analysis.xlsx")).status_code == 403


@pytest.mark.parametrize("who", ["other_organizer", "bystander"])
def test_people_of_other_contests_do_not_find_it(cast, scored, client_as, who):
    assert client_as(who).get(url(cast, scored)).status_code == 404


def test_a_panel_of_another_contest_is_not_found(cast, scored, client_as):
    other = services.create_panel(cast.other_organizer, cast.other_contest, item="x", name="其他",
                                  criteria=[{"id": "c", "max": 10}])
    assert client_as("organizer").get(url(cast, other)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(cast, scored, client):
    assert client.get(url(cast, scored)).status_code == 302


def test_the_page_only_answers_get(cast, scored, client_as):
    assert client_as("organizer").post(url(cast, scored)).status_code == 405


def test_a_blind_contest_shows_codes_until_the_key_is_released(cast, scored, client_as):
    cast.contest.blind = True
    cast.contest.save(update_fields=["blind"])
    page = client_as("chief").get(url(cast, scored)).content.decode()
    assert "A01" in page and "南川县" not in page and "教育局" not in page
    services.release_key(cast.organizer, cast.contest)
    assert "南川县" in client_as("chief").get(url(cast, scored)).content.decode()


def test_a_superseded_sheet_no_longer_counts(cast, scored):
    from bipin.judging.models import Sheet

    sheet = Sheet.objects.get(panel=scored, judge=cast.users["judge4"], entrant=cast.entrants["南川县"])
    services.reopen_sheet(cast.chief, sheet, "示例:打分偏低,请复核")
    assert not drifting_judges(scored)[cast.users["judge4"].pk]  # 2 entrants in common now
    a = analyse(scored, naming(cast.contest))
    assert {j.name: j.n for j in a.judges}["评委4"] == 2


def test_the_tables_download_as_a_workbook(cast, scored, client_as):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_as("organizer").get(url(cast, scored, "analysis.xlsx"))
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["评委宽严", "一致性", "异常分", "原始与调整后"]
    rows = {r[0]: r for r in book["评委宽严"].iter_rows(min_row=2, values_only=True)}
    assert rows["评委4"][1] == -4.0 and rows["评委4"][6] == "是"


def test_a_panel_without_locked_sheets_says_so(cast, panel, client_as):
    assert "还没有锁定的评分表" in client_as("organizer").get(url(cast, panel)).content.decode()


def test_the_contest_page_links_the_analysis_for_the_organizer_only(cast, scored, client_as):
    link = f"/c/{cast.contest.slug}/judges/"
    assert link in client_as("organizer").get(f"/c/{cast.contest.slug}/").content.decode()
    assert link not in client_as("judge").get(f"/c/{cast.contest.slug}/").content.decode()


def test_with_one_panel_the_list_goes_straight_to_it(cast, scored, client_as):
    response = client_as("chief").get(f"/c/{cast.contest.slug}/judges/")
    assert response.status_code == 302 and response["Location"].endswith(url(cast, scored))


def test_the_page_reads_in_english_for_an_english_browser(cast, scored, client):
    client.force_login(cast.organizer)
    page = client.get(url(cast, scored), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Judge agreement", "Judges' severity", "Outlier marks", "for information only"):
        assert text in page


def test_judges_who_saw_different_entrants_are_shown_as_separate_groups(cast, panel, client_as):
    from bipin.agreement.tests.conftest import file_sheet

    for judge, entrant in (("judge", "南川县"), ("judge2", "南川县"), ("judge3", "北原县"), ("judge4", "北原县")):
        file_sheet(cast, panel, judge, entrant)
    page = client_as("organizer").get(url(cast, panel)).content.decode()
    assert 'id="components"' in page and "评委分成了互不相连的几组" in page
    a = analyse(panel, naming(cast.contest))
    assert a.components == [["judge", "judge2"], ["评委3", "评委4"]]
    assert a.icc.n == 0 and a.icc.left_out == 2


def test_a_recused_judge_leaves_the_entrant_out_of_icc_and_w(cast, panel):
    from bipin.agreement.tests.conftest import BASE, OFFSETS, file_sheet

    services.recuse(cast.organizer, cast.contest, cast.users["judge4"], cast.entrants["教育局"], "示例:回避")
    for judge in OFFSETS:
        for entrant in BASE:
            if (judge, entrant) != ("judge4", "教育局"):
                file_sheet(cast, panel, judge, entrant)
    a = analyse(panel, naming(cast.contest))
    assert (a.icc.n, a.icc.left_out, a.w.n) == (2, 1, 2)
    assert {j.name: j.n for j in a.judges}["评委4"] == 2


def test_with_two_panels_the_list_offers_both_and_each_page_links_the_other(cast, scored, client_as):
    other = services.create_panel(cast.organizer, cast.contest, item="tasting", name="品鉴",
                                  criteria=[{"id": "taste", "max": 10}])
    listing = client_as("chief").get(f"/c/{cast.contest.slug}/judges/").content.decode()
    assert url(cast, scored) in listing and url(cast, other) in listing
    assert url(cast, other) in client_as("chief").get(url(cast, scored)).content.decode()
