"""A candidate reaches only their own attempt; nobody else reaches any."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from bipin.exams import services
from bipin.exams.models import Answer


def take_urls(exam):
    args = [exam.cast.contest.slug, exam.sitting.pk]
    return {n: reverse(f"exams:{n}", args=args) for n in ("take", "start", "save", "submit")}


def test_a_candidate_cannot_see_another_candidates_paper(client, exam):
    a, b = exam.candidates["cand_a"], exam.candidates["cand_b"]
    item = exam.paper.items.get(order=7)
    with exam.at(1):
        services.start(a)
        services.save_answer(a, item.pk, ["甲的答案"])
        client.force_login(b.user)
        html = client.get(take_urls(exam)["take"]).content.decode()
    assert (
        "甲的答案" not in html and "start-button" in html
    )  # b sees only b's own, unstarted attempt


def test_a_candidates_save_changes_only_their_own_answers(client, exam):
    a, b = exam.candidates["cand_a"], exam.candidates["cand_b"]
    item = exam.paper.items.get(order=7)
    with exam.at(1):
        services.start(a)
        services.start(b)
        services.save_answer(a, item.pk, ["甲"])
        client.force_login(b.user)
        client.post(
            take_urls(exam)["save"],
            json.dumps({"item": item.pk, "response": ["乙"]}),
            content_type="application/json",
        )
    assert Answer.objects.get(candidate=a, item=item).response == ["甲"]
    assert Answer.objects.get(candidate=b, item=item).response == ["乙"]


def test_a_candidate_cannot_save_an_item_of_another_paper(client, exam, cast):
    other_paper = services.create_fixed_paper(
        cast.organizer, cast.contest, "另一卷", exam.questions[:1]
    )
    with exam.at(1):
        services.start(exam.candidates["cand_a"])
        client.force_login(exam.candidates["cand_a"].user)
        response = client.post(
            take_urls(exam)["save"],
            json.dumps({"item": other_paper.items.get().pk, "response": ["A"]}),
            content_type="application/json",
        )
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["organizer", "judge", "entrant", "bystander"])
def test_people_who_are_not_candidates_get_404_on_the_test_pages(client_as, exam, who):
    client = client_as(who)
    urls = take_urls(exam)
    assert client.get(urls["take"]).status_code == 404
    for name in ("start", "save", "submit"):
        assert client.post(urls[name]).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, exam):
    response = client.get(take_urls(exam)["take"])
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_test_pages_refuse_wrong_methods(client, exam):
    client.force_login(exam.candidates["cand_a"].user)
    urls = take_urls(exam)
    assert client.post(urls["take"]).status_code == 405
    for name in ("start", "save", "submit"):
        assert client.get(urls[name]).status_code == 405


def test_my_tests_lists_a_candidates_sittings_and_a_judges_marking(client, client_as, exam):
    page = reverse("exams:mine", args=[exam.cast.contest.slug])
    client.force_login(exam.candidates["cand_a"].user)
    assert exam.sitting.name in client.get(page).content.decode()
    assert "阅卷" in client_as("judge").get(page).content.decode()
    assert client_as("bystander").get(page).status_code == 404
    assert client_as("judge").post(page).status_code == 405
