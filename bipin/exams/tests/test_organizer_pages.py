"""The organizer's pages: who may open them, which methods, and what they do."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bipin.exams import services
from bipin.exams.models import Candidate, Paper, Question, Sitting
from bipin.exams.tests.conftest import EXAMPLE, OPENS
from bipin.exams.tests.test_question_bank import row, xlsx

SLUG = "test-contest"


def url(name, exam=None, *extra):
    args = [SLUG] + ([exam.sitting.pk] if exam else []) + list(extra)
    return reverse(f"exams:{name}", args=args)


GET_PAGES = ["overview", "bank", "bank_export", "paper_create", "sitting_create"]
SITTING_GET_PAGES = ["sitting", "screen", "analysis", "analysis_export"]


def all_get_urls(exam):
    return [url(n) for n in GET_PAGES] + [url(n, exam) for n in SITTING_GET_PAGES]


@pytest.mark.parametrize(
    "who, status",
    [
        ("entrant", 403),
        ("judge", 403),
        ("chief", 403),
        ("inspector", 403),
        ("bystander", 404),
        ("other_organizer", 404),
    ],
)
def test_only_the_organizer_opens_the_organizer_pages(client_as, exam, who, status):
    client = client_as(who)
    for page in all_get_urls(exam):
        assert client.get(page).status_code == status, page


def test_a_candidate_cannot_open_the_organizer_pages(client, exam):
    client.force_login(exam.candidates["cand_a"].user)
    for page in all_get_urls(exam):
        assert client.get(page).status_code == 404, page


def test_anonymous_visitors_are_sent_to_log_in(client, exam):
    for page in all_get_urls(exam):
        response = client.get(page)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_organizer_opens_every_page(client_as, exam):
    client = client_as("organizer")
    for page in all_get_urls(exam):
        assert client.get(page).status_code == 200, page


def test_organizer_pages_refuse_wrong_methods(client_as, exam):
    client = client_as("organizer")
    for page in all_get_urls(exam):
        if "new" not in page:
            assert client.post(page).status_code == 405, page
    for page in [
        url("bank_import"),
        url("candidate_add", exam),
        url("candidates_import", exam),
        url("candidate_links", exam),
    ]:
        assert client.get(page).status_code == 405, page


def test_importing_a_bank_adds_every_question(client_as, cast):
    client = client_as("organizer")
    with EXAMPLE.open("rb") as f:
        client.post(url("bank_import"), {"file": f})
    assert Question.objects.filter(contest=cast.contest).count() == 24


def test_a_bad_bank_file_imports_nothing_and_shows_every_problem(client_as, cast):
    client = client_as("organizer")
    data = xlsx(row(), row(stem=""), row(answer="D"))
    upload = io.BytesIO(data)
    upload.name = "bank.xlsx"
    response = client.post(url("bank_import"), {"file": upload}, follow=True)
    html = response.content.decode()
    assert "第3行" in html and "第4行" in html and "not among the options" in html
    assert not Question.objects.exists()


def test_a_topic_longer_than_stored_topics_is_refused_at_its_cell(client_as, cast):
    upload = io.BytesIO(xlsx(row(topic="知" * 101)))
    upload.name = "bank.xlsx"
    response = client_as("organizer").post(url("bank_import"), {"file": upload}, follow=True)
    assert "第2行 L列(知识点):内容过长:101个字符,最多100个" in response.content.decode()
    assert not Question.objects.exists()


def test_a_candidate_file_reports_a_bad_cell_and_a_duplicate_together(client_as, exam):
    from bipin.testing.files import csv_bytes

    data = csv_bytes([["考生账号", "参评单位"], ["new1", "南川县"], ["new1", ""], ["u" * 151, "北原县"]])
    upload = io.BytesIO(data)
    upload.name = "c.csv"
    response = client_as("organizer").post(url("candidates_import", exam), {"file": upload}, follow=True)
    html = response.content.decode()
    assert "第3行 B列(参评单位):不能为空" in html and "第3行 A列:与第2行重复" in html
    assert "第4行 A列(考生账号):内容过长:151个字符,最多150个" in html
    assert not Candidate.objects.filter(user__username="new1").exists()


def test_an_entrant_viewer_cannot_import_a_bank(client_as, cast):
    with EXAMPLE.open("rb") as f:
        assert client_as("entrant").post(url("bank_import"), {"file": f}).status_code == 403
    assert not Question.objects.exists()


@pytest.mark.parametrize("who", ["entrant", "judge", "chief"])
def test_read_only_roles_cannot_change_anything(client_as, exam, who):
    client = client_as(who)
    posts = {
        url("paper_create"): {"name": "x", "mode": "fixed", "questions": [exam.questions[0].pk]},
        url("sitting_create"): {"name": "x", "paper": exam.paper.pk},
        url("candidate_add", exam): {
            "username": "intruder",
            "entrant": exam.cast.entrants["南川县"].pk,
        },
        url("candidate_links", exam): {"candidate": [exam.candidates["cand_a"].pk]},
        url("candidates_import", exam): {},
    }
    for page, data in posts.items():
        assert client.post(page, data).status_code == 403, page
    assert Paper.objects.count() == 1 and Sitting.objects.count() == 1
    assert not Candidate.objects.filter(user__username="intruder").exists()


def test_the_bank_exports_as_the_template(client_as, exam):
    response = client_as("organizer").get(url("bank_export"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.active["A1"].value == "题型" and book.active.max_row == 25


def test_a_paper_is_assembled_by_rule_with_the_required_total(client_as, exam):
    client = client_as("organizer")
    client.post(
        url("paper_create"),
        {
            "name": "规则卷",
            "mode": "rule",
            "rule": "监测帮扶, 易, 2\n饮水安全,,2",
            "total_points": "",
            "shuffle_questions": "on",
        },
    )
    paper = Paper.objects.get(name="规则卷")
    assert paper.items.count() == 4 and paper.shuffle_questions and paper.rule[0]["count"] == 2
    response = client.post(
        url("paper_create"), {"name": "太多", "mode": "rule", "rule": "住房安全, 难, 5"}
    )
    assert "不够5题" in response.content.decode()
    response = client.post(
        url("paper_create"),
        {"name": "分不对", "mode": "rule", "rule": "监测帮扶,易,2", "total_points": "50"},
    )
    assert "与要求的50分不符" in response.content.decode()


def test_a_fixed_paper_and_a_sitting_are_created_from_the_forms(client_as, exam):
    client = client_as("organizer")
    ids = [q.pk for q in exam.questions[:3]]
    client.post(url("paper_create"), {"name": "固定卷", "mode": "fixed", "questions": ids})
    paper = Paper.objects.get(name="固定卷")
    assert [i.question_id for i in paper.items.all()] == ids
    response = client.post(
        url("sitting_create"),
        {
            "name": "第二场",
            "paper": paper.pk,
            "item_id": "exam_leaf",
            "opens_at": "2026-06-02T09:00",
            "closes_at": "2026-06-02T10:00",
            "duration_minutes": 20,
            "aggregate": "best",
            "multiple_rule": "half",
            "marking_gap": "1",
            "report_as": "raw",
        },
    )
    sitting = Sitting.objects.get(name="第二场")
    assert (
        response.status_code == 302
        and sitting.item_id == "exam_leaf"
        and sitting.aggregate == "best"
    )


def test_the_exam_item_comes_from_the_scheme_in_force(client_as, exam):
    from bipin.contests.services import upload_scheme

    scheme = EXAMPLE.parents[1] / "dabipin" / "scheme.yaml"
    upload_scheme(exam.cast.organizer, exam.cast.contest, scheme.read_bytes(), scheme.name)
    client = client_as("organizer")
    assert 'value="政策测试"' in client.get(url("sitting_create")).content.decode()
    response = client.post(
        url("sitting_create"),
        {
            "name": "第三场",
            "paper": exam.paper.pk,
            "item_id": "不存在",
            "counts": "on",
            "opens_at": "2026-06-02T09:00",
            "closes_at": "2026-06-02T10:00",
            "duration_minutes": 20,
            "aggregate": "mean",
            "multiple_rule": "half",
            "marking_gap": "1",
            "report_as": "percent",
        },
    )
    assert "考评方案中的政策测试指标为:政策测试" in response.content.decode()
    assert not Sitting.objects.filter(name="第三场").exists()


def test_adding_a_candidate_creates_the_account_and_links_the_entrant(client_as, exam):
    client = client_as("organizer")
    client.post(
        url("candidate_add", exam),
        {"username": "cand_new", "full_name": "新考生", "entrant": exam.cast.entrants["北原县"].pk},
    )
    candidate = Candidate.objects.get(user__username="cand_new")
    assert candidate.entrant.name == "北原县" and not candidate.user.has_usable_password()
    response = client.post(
        url("candidate_add", exam),
        {"username": "cand_new", "entrant": exam.cast.entrants["北原县"].pk},
        follow=True,
    )
    assert "已是本场考生" in response.content.decode()


def test_candidates_are_imported_from_a_file_all_or_nothing(client_as, exam):
    client = client_as("organizer")
    bad = io.BytesIO(
        "考生账号,姓名,参评单位\nnew1,甲,南川县\nnew2,乙,不存在县\ncand_a,,北原县\n".encode()
    )
    bad.name = "people.csv"
    html = client.post(url("candidates_import", exam), {"file": bad}, follow=True).content.decode()
    assert "第3行" in html and "不存在县" in html and "cand_a 已是本场考生" in html
    assert not Candidate.objects.filter(user__username="new1").exists()
    good = io.BytesIO("考生账号,姓名,参评单位\nnew1,甲,南川县\nnew2,乙,北原县\n".encode())
    good.name = "people.csv"
    client.post(url("candidates_import", exam), {"file": good})
    assert Candidate.objects.get(user__username="new2").entrant.name == "北原县"
    assert exam.sitting.candidates.count() == 5


def test_one_time_links_take_a_candidate_straight_to_the_test(client_as, client, exam):
    organizer = client_as("organizer")
    response = organizer.post(
        url("candidate_links", exam), {"candidate": [exam.candidates["cand_a"].pk]}
    )
    html = response.content.decode()
    # The first address on the page may be in the warning that phones cannot reach 127.0.0.1.
    path = re.search(r'http://127\.0\.0\.1:8000(/[^<"\s]+)', html).group(1)
    organizer.logout()
    with exam.at(1):
        response = client.get(path)
        assert response.status_code == 302 and response.url == url("take", exam)
        assert b"start-button" in client.get(response.url).content
    assert client.get(path).status_code == 410  # once only


def test_the_organizer_checks_a_submitted_sheet_with_key_and_marks(client_as, exam):
    candidate = exam.candidates["cand_a"]
    sheet = url("sheet", exam, candidate.pk)
    with exam.at(1):
        services.start(candidate)
        services.save_answer(candidate, exam.paper.items.get(order=1).pk, ["A"])
        assert client_as("organizer").get(sheet).status_code == 404  # still running
        services.finish(candidate)
    html = client_as("organizer").get(sheet).content.decode()
    assert "<td>A</td>" in html and "<td>B</td>" in html and "待评阅" not in html
    assert client_as("judge").get(sheet).status_code == 403
    assert client_as("bystander").get(sheet).status_code == 404
    assert client_as("organizer").post(sheet).status_code == 405


def test_the_big_screen_shows_progress_but_never_answers(client_as, exam):
    candidate = exam.candidates["cand_a"]
    with exam.at(1):
        services.start(candidate)
        fill = exam.paper.items.get(question__qtype="fill", order=7)
        services.save_answer(candidate, fill.pk, ["独一无二的作答"])
        html = client_as("organizer").get(url("screen", exam)).content.decode()
    assert "1/10" in html and "答题中" in html and "独一无二的作答" not in html
    assert "已交卷 0 / 3" in html
    for q in exam.questions:
        assert q.stem not in html


def test_an_online_sitting_has_no_big_screen(client_as, exam):
    exam.sitting.on_stage = False
    exam.sitting.save(update_fields=["on_stage"])
    assert client_as("organizer").get(url("screen", exam)).status_code == 404


def test_item_analysis_shows_statistics_and_exports_xlsx(client_as, exam):
    for key, letter in (("cand_a", "B"), ("cand_b", "A"), ("cand_c", "B")):
        with exam.at(1):
            services.start(exam.candidates[key])
            services.save_answer(exam.candidates[key], exam.paper.items.get(order=1).pk, [letter])
            services.finish(exam.candidates[key])
    client = client_as("organizer")
    html = client.get(url("analysis", exam)).content.decode()
    assert "纳入分析 <strong>3</strong>" in html and "无人答对" in html
    response = client.get(url("analysis_export", exam))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["题目分析"]
    assert sheet["G2"].value == pytest.approx(2 / 3, abs=1e-4)
    assert book["试卷"]["B3"].value == 3
    scores = book["考生成绩"]
    assert (
        scores["A2"].value == "南川县" and scores["E2"].value == 2.0 and scores["E3"].value == 0.0
    )


def test_item_analysis_before_anyone_finished_says_so(client_as, exam):
    with exam.at(1):
        html = client_as("organizer").get(url("analysis", exam)).content.decode()
    assert "尚无可分析的答卷" in html


def test_no_shows_are_marked_absent_when_the_organizer_looks_after_the_close(client_as, exam):
    with exam.at(200):
        client_as("organizer").get(url("sitting", exam))
    assert set(Candidate.objects.values_list("finish", flat=True)) == {"absent"}


def test_a_sitting_needs_a_close_after_its_opening(exam):
    with pytest.raises(services.ExamError):
        services.create_sitting(
            exam.cast.organizer,
            exam.cast.contest,
            paper=exam.paper,
            name="x",
            opens_at=OPENS,
            closes_at=OPENS - timedelta(hours=1),
            duration_minutes=10,
        )
