"""Who reaches which registration page: the organizer every one; anyone else in the contest
(a judge above all: the key sheet says whose sample each code is) 403; another contest's
organizer and a stranger 404; the public only the register form and a status by its code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.registration import coding, services
from bipin.registration.models import Registration
from bipin.registration.tests.conftest import registered
from bipin.testing.endpoints import unexpected

pytestmark = pytest.mark.django_db

INSIDE = ("chief", "judge", "inspector", "reporter", "reviewer", "entrant")
OUTSIDE = ("other_organizer", "bystander")


@pytest.fixture
def coded(cast, window):
    reg = registered(cast)[0]
    services.receive(cast.organizer, reg)
    coding.generate_codes(cast.organizer, cast.contest)
    return Registration.objects.get(pk=reg.pk)


def organizer_urls(cast, reg) -> list[tuple[str, str]]:
    slug = cast.contest.slug
    pages = [(reverse(f"registration:{name}", args=[slug]), "get")
             for name in ("list", "export", "receiving", "labels", "key")]
    posts = [(reverse(f"registration:{name}", args=[slug]), "post")
             for name in ("window", "import", "measures", "codes")]
    own = [(reverse("registration:sample", args=[slug, reg.pk]), m) for m in ("get", "post")]
    own += [(reverse(f"registration:{name}", args=[slug, reg.pk]), "post")
            for name in ("receive", "reject")]
    return pages + posts + own


def test_the_organizer_opens_every_page(cast, coded, client_as):
    client = client_as("organizer")
    for url, method in organizer_urls(cast, coded):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_the_contests_other_people_get_403_and_outsiders_404(cast, coded, client_as):
    urls = organizer_urls(cast, coded)
    assert unexpected(client_as, [(u, who, m) for u, m in urls for who in INSIDE], 403) == []
    assert unexpected(client_as, [(u, who, m) for u, m in urls for who in OUTSIDE], 404) == []
    coded.refresh_from_db()
    assert coded.status == "received" and Registration.objects.count() == 1


def test_a_judge_cannot_read_the_key_sheet_before_or_after_the_key_is_released(cast, coded, client_as):
    from bipin.judging import services as judging

    judge = client_as("judge")
    assert judge.get(reverse("registration:key", args=[cast.contest.slug])).status_code == 403
    judging.release_key(cast.organizer, cast.contest)
    assert judge.get(reverse("registration:key", args=[cast.contest.slug])).status_code == 403


def test_a_sample_of_another_contest_is_not_found_by_its_organizer(cast, coded, client_as):
    client = client_as("other_organizer")
    url = reverse("registration:sample", args=[cast.other_contest.slug, coded.pk])
    assert client.get(url).status_code == 404
    assert client.post(reverse("registration:reject", args=[cast.other_contest.slug, coded.pk]),
                       {"reason": "x"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_from_the_organizers_pages(cast, coded, client):
    for url, method in organizer_urls(cast, coded):
        answer = getattr(client, method)(url)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"], url


def test_the_public_pages_answer_only_get_and_post_as_they_should(cast, window, client):
    register = reverse("registration:register", args=[cast.contest.slug])
    status = reverse("registration:status", args=[cast.contest.slug])
    assert client.get(register).status_code == 200 and client.get(status).status_code == 200
    assert client.put(register).status_code == 405 and client.post(status).status_code == 405
    assert client.get(reverse("registration:register", args=["no-such-contest"])).status_code == 404


def test_only_the_organizer_finds_the_desk_on_the_contest_page(cast, coded, client_as):
    page = reverse("contests:detail", args=[cast.contest.slug])
    organizer = client_as("organizer").get(page).content.decode()
    assert reverse("registration:list", args=[cast.contest.slug]) in organizer
    assert reverse("registration:receiving", args=[cast.contest.slug]) in organizer
    assert "registrations/" not in client_as("judge").get(page).content.decode()
