"""The exam links on the contest page, by role."""

from django.urls import reverse


def contest_page(client):
    return client.get(reverse("contests:detail", args=["test-contest"])).content.decode()


def test_the_organizer_gets_the_exam_pages(client_as, exam):
    html = contest_page(client_as("organizer"))
    assert reverse("exams:overview", args=["test-contest"]) in html


def test_a_judge_gets_the_marking_entry(client_as, exam):
    html = contest_page(client_as("judge"))
    assert "政策测试阅卷" in html and "题库" not in html


def test_a_judge_of_a_contest_without_a_test_gets_no_marking_entry(client_as, cast):
    assert "政策测试阅卷" not in contest_page(client_as("judge"))
    assert "政策测试阅卷" not in contest_page(client_as("chief"))


def test_a_candidate_gets_the_candidate_entry_once_there_is_a_sitting(client, cast, exam):
    client.force_login(exam.candidates["cand_a"].user)
    assert reverse("exams:mine", args=["test-contest"]) in contest_page(client)


def test_an_entrant_viewer_gets_no_exam_link(client_as, exam):
    assert "/exam/" not in contest_page(client_as("entrant"))


def test_the_exam_pages_read_in_english_when_chosen(client_as, exam):
    from django.conf import settings

    client = client_as("organizer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(
        reverse("exams:analysis", args=["test-contest", exam.sitting.pk])
    ).content.decode()
    assert "Item analysis" in html and "Upper–lower" in html and "top and bottom 27%" in html
