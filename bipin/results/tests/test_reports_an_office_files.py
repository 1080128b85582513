"""What an office files and a reader sees: the PDF, the workbook, the card, the ranking's notes."""

import datetime as dt
import io
import re

import pypdf
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bipin.results import services
from bipin.results.tests.conftest import OBSERVATIONS_CSV, SCHEME, give_scheme

pytestmark = pytest.mark.django_db


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages]


def report_pdf(client_as, cast) -> list[str]:
    return pdf_pages(client_as("organizer").get(reverse("results:export", args=[cast.contest.slug, "pdf"])))


def test_the_pdf_cover_names_contest_office_date_and_snapshot(cast, filed, client_as):
    cover = report_pdf(client_as, cast)[0]
    when = timezone.localtime(filed.releases.get().released_at)  # the office's date, not UTC's
    for text in ("测试大比拼", "综合评价结果报告", "发布单位", "测试市考评办", "发布日期",
                 f"{when.year}年{when.month}月{when.day}日", filed.input_hash):
        assert text in cover


def test_a_release_after_midnight_in_china_is_dated_that_day_on_the_cover(cast, live, client_as):
    give_scheme(cast.contest, SCHEME)
    services.import_observations(cast.organizer, cast.contest, OBSERVATIONS_CSV.encode(), "data.csv")
    snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
    with time_machine.travel(dt.datetime(2026, 5, 8, 17, 30, tzinfo=dt.UTC), tick=False):
        services.release_results(cast.organizer, snapshot, "2026年测试结果")  # 01:30 on 9 May in Beijing
    assert "2026年5月9日" in report_pdf(client_as, cast)[0]


def test_the_snapshot_hash_is_printed_once_not_in_every_footer(cast, filed, client_as):
    pages = report_pdf(client_as, cast)
    assert sum(p.count(filed.input_hash) for p in pages) == 1
    assert sum(p.count(filed.short_hash) for p in pages) == 1  # the short form is inside the full one


def test_every_page_after_the_cover_says_its_number_of_the_whole(cast, filed, client_as):
    pages = report_pdf(client_as, cast)
    n = len(pages)
    assert "页" not in pages[0].replace("报告", "")
    for i, text in enumerate(pages[1:], start=2):
        assert f"第 {i} 页 / 共 {n} 页" in text


def test_ranking_headers_are_never_broken_inside_a_word(cast, filed, client_as):
    ranking = report_pdf(client_as, cast)[1]
    lines = [line.strip() for line in ranking.splitlines()]
    for header in ("名次", "参评单位", "总分", "等次", "奖项", "责任落实", "政策落实", "工作落实",
                   "成效巩固", "推进力度"):
        assert header in lines, header


def test_the_pdf_marks_the_veto_and_the_award_in_the_ranking(cast, filed, client_as):
    ranking = report_pdf(client_as, cast)[1].replace("\n", "")  # a long name cell may wrap
    assert "北原县 〔一票否决:等次定为最低一档〕" in ranking
    assert "★ 一等奖" in ranking
    assert "★ 获奖单位" in ranking  # the legend says what the marks mean


def test_notes_are_grouped_in_an_appendix(cast, filed, client_as):
    pages = report_pdf(client_as, cast)
    notes = filed.evaluation["warnings"]
    assert notes, "the fixture should produce computation notes"
    appendix = pages[-1]
    assert "附录 计算提示" in appendix and "(共 " in appendix
    assert all("附录 计算提示" not in p for p in pages[:-1])


def test_each_rule_is_said_in_words_in_the_pdf(cast, filed, client_as):
    text = "\n".join(report_pdf(client_as, cast))
    assert "达到目标值100得满分,每低于目标0.1扣1分,扣完为止" in text
    assert "type=" not in text and "target_step" not in text


def card_pdf(client, cast, name):
    return client.get(reverse("results:card_pdf", args=[cast.contest.slug, cast.entrants[name].pk]))


def test_a_county_downloads_its_own_card_as_a_pdf(cast, filed, client_as):
    pages = pdf_pages(card_pdf(client_as("entrant"), cast, "南川县"))
    assert "南川县 成绩单" in pages[0] and "测试市考评办" in pages[0]
    text = "\n".join(pages)
    assert "北原县 成绩单" not in text and "教育局 成绩单" not in text
    assert "评委甲" not in text  # a county reads the panel's marks, not who gave them
    assert f"第 2 页 / 共 {len(pages)} 页" in pages[1]


def test_a_county_cannot_download_another_countys_card(cast, filed, client_as):
    assert card_pdf(client_as("entrant"), cast, "北原县").status_code == 404


def test_before_the_release_a_county_has_no_card_to_download(cast, snapshot, client_as):
    assert card_pdf(client_as("entrant"), cast, "南川县").status_code == 404


def test_judges_and_strangers_cannot_download_a_card(cast, filed, client_as):
    assert card_pdf(client_as("judge"), cast, "南川县").status_code == 403
    assert card_pdf(client_as("bystander"), cast, "南川县").status_code == 404


def test_the_card_links_its_pdf(cast, filed, client_as):
    url = reverse("results:card", args=[cast.contest.slug, cast.entrants["南川县"].pk])
    text = client_as("entrant").get(url).content.decode()
    assert reverse("results:card_pdf", args=[cast.contest.slug, cast.entrants["南川县"].pk]) in text


def workbook(client_as, cast):
    response = client_as("organizer").get(reverse("results:export", args=[cast.contest.slug, "xlsx"]))
    return load_workbook(io.BytesIO(response.content))


def test_the_workbook_prints_fit_to_width_with_its_header_on_every_page(cast, filed, client_as):
    book = workbook(client_as, cast)
    for ws in book.worksheets:
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
    assert book["汇总排名"].page_setup.orientation == "landscape"  # thirteen columns
    assert book["汇总排名"].print_title_rows.replace("$", "") == "2:2"
    assert book["评委打分"].page_setup.orientation == "portrait"  # seven narrow columns


def test_the_summary_sheet_has_a_title_row(cast, filed, client_as):
    ws = workbook(client_as, cast)["汇总排名"]
    assert ws["A1"].value == f"测试大比拼 · 综合排名 · {filed.label} · {filed.input_hash}"
    assert ws["A1"].font.bold and "A1" in str(ws.merged_cells)
    assert [c.value for c in ws[2]][:3] == ["组别", "名次", "参评单位"]


def test_the_veto_column_says_on_every_sheet_what_the_summary_says(cast, filed, client_as):
    book = workbook(client_as, cast)
    rows = list(book["汇总排名"].iter_rows(min_row=2, values_only=True))
    head = rows[0]
    summary = {r[2]: r[head.index("一票否决")] for r in rows[1:]}
    assert summary["北原县"] == "是:等次定为最低一档" and summary["南川县"] is None
    dim = list(book["推进力度"].iter_rows(values_only=True))
    column = dim[0].index("一票否决")
    assert {r[2]: r[column] for r in dim[1:]} == summary


def test_the_breakdown_sheet_says_each_rule_in_chinese(cast, filed, client_as):
    rows = list(workbook(client_as, cast)["得分明细"].iter_rows(values_only=True))
    rules = {r[6] for r in rows[1:] if r[2].endswith("饮水达标率")}
    assert rules == {"达到目标值100得满分,每低于目标0.1扣1分,扣完为止"}
    assert not [r for r in rows if r[6] and "=" in r[6] and "type" in r[6]]
    vetoed = [r for r in rows if r[1] == "北原县" and r[2].endswith("一票否决")]
    assert vetoed[0][6] == "一票否决:发生即等次定为最低一档" and vetoed[0][7] == "触发一票否决"


def test_the_card_says_each_rule_in_words(cast, filed, client_as):
    url = reverse("results:card", args=[cast.contest.slug, cast.entrants["南川县"].pk])
    text = client_as("organizer").get(url).content.decode()
    assert "达到目标值100得满分,每低于目标0.1扣1分,扣完为止" in text
    assert "每处问题扣0.5分,最多扣10分" in text
    assert "target_step" not in text and "per_occurrence" not in text


def test_the_card_shows_the_award_and_what_the_veto_did(cast, filed, client_as):
    def card(name):
        url = reverse("results:card", args=[cast.contest.slug, cast.entrants[name].pk])
        return client_as("organizer").get(url).content.decode()

    assert 'class="badge award">一等奖' in card("南川县")
    assert "按方案规定:等次定为最低一档。" in card("北原县")


def test_the_ranking_groups_its_notes_by_kind_with_a_count(cast, filed, client_as):
    text = client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug])).content.decode()
    kinds = re.findall(r'<details class="note-kind"><summary>', text)
    notes = filed.evaluation["warnings"]
    assert 0 < len(kinds) <= len(notes)
    assert f"计算提示 {len(notes)} 条" in text


def test_the_award_column_appears_only_where_awards_exist(cast, snapshot, client_as):
    text = client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug])).content.decode()
    assert "<th>奖项</th>" not in text


def test_the_ranking_marks_a_veto_as_the_scheme_declares(cast, filed, client_as):
    text = client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug])).content.decode()
    assert "一票否决:等次定为最低一档" in text
    assert '<span class="badge award">一等奖</span>' in text


# The apple contest's shape: one dimension. The test scheme's panel stays, for the live marks.
ONE_DIMENSION = SCHEME.split(b"dimensions:")[0] + """dimensions:
  - name: 专家评审
    indicators:
      - {name: 现场汇报, points: 50, source: panel, panel: report}
      - {name: 政策测试, points: 50, source: exam, rule: "scaled(max=100)"}
""".encode()


def test_a_card_with_one_dimension_draws_no_empty_chart(cast, live, client_as):
    give_scheme(cast.contest, ONE_DIMENSION)
    snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
    url = reverse("results:card", args=[cast.contest.slug, cast.entrants["南川县"].pk])
    text = client_as("organizer").get(url).content.decode()
    assert "专家评审" in text and "<svg" not in text and "radar-card" not in text
    pdf = pdf_pages(card_pdf(client_as("organizer"), cast, "南川县"))
    assert "本单位\n组内平均\n组内最高\n维度" not in "\n".join(pdf)  # no radar legend without a radar


def test_a_judge_named_in_a_note_is_named_as_the_reader_may_see_them():
    from bipin.results.presenters import relabel

    note = "市直部门 · 教育局 · 评委judge:5的评分表缺评分项 / judge judge:5's sheet lacks items"
    assert relabel(note, {"judge:5": "张评委"}) == (
        "市直部门 · 教育局 · 评委张评委的评分表缺评分项 / judge 张评委's sheet lacks items")
    assert relabel([note], {"judge:5": "评委2"})[0].count("judge:5") == 0


def test_the_card_says_each_rule_in_english_too(cast, filed, client_as):
    from django.conf import settings
    from django.utils import translation

    client = client_as("organizer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("results:card", args=[cast.contest.slug, cast.entrants["北原县"].pk])
    try:
        text = client.get(url).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the middleware leaves English active
    assert "full points at the target 100; 1 off for each 0.1 below it, down to 0" in text
    assert "As the scheme declares: graded in the lowest grade." in text
