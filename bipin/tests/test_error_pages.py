"""The 403 and 404 pages say what happened and what to do next, in the reader's language."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    translation.activate(settings.LANGUAGE_CODE)  # the middleware leaves English active


def test_a_judge_on_the_results_page_is_told_whom_to_ask(cast, client_as):
    response = client_as("judge").get(reverse("results:desk", args=[cast.contest.slug]))
    text = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in text and "接下来可以" in text and "联系本活动的组织者" in text
    assert "您当前以“judge”登录" in text and 'class="card error"' in text


def test_the_403_page_speaks_english(cast, client_as, english):
    english.force_login(cast.judge)
    text = english.get(reverse("results:desk", args=[cast.contest.slug])).content.decode()
    assert "Not allowed" in text and "What you can do next" in text
    assert "ask the contest's organizer" in text and "无权访问" not in text


def test_a_missing_page_says_how_to_find_the_way(client):
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "找不到该页面" in text and "检查网址是否完整" in text and reverse("contests:home") in text


def test_the_404_page_speaks_english(english):
    text = english.get("/no-such-page/").content.decode()
    assert "Page not found" in text and "What you can do next" in text and "找不到" not in text


def test_a_404_shows_no_internal_reason(cast, client_as):
    # The view raises Http404("no snapshot yet"): words for a developer, not for the reader.
    response = client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug]))
    assert response.status_code == 404 and "no snapshot yet" not in response.content.decode()


def test_a_404_keeps_a_reason_written_for_the_reader(cast, client_as):
    response = client_as("organizer").get(reverse("results:ranking", args=[cast.contest.slug]) + "?snapshot=x")
    assert "没有这个快照 / no such snapshot" in response.content.decode()
