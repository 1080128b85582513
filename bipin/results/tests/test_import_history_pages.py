"""A campaign's imports stay readable: the batch list and a batch's rows come a page at a
time and can be searched, whatever their number."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.results import services
from bipin.results.models import ImportBatch

pytestmark = pytest.mark.django_db

HEADER = "参评对象,来源,指标,评委,分值\n"


def rows_of(page: str) -> int:
    return page.count('<tr id="row-')


@pytest.fixture
def long_batch(cast, scheme):
    """450 department ratings of two entrants (fictional reporters)."""
    lines = "".join(f"{name},department,部门评价,部门{k:03d},{80 + k % 20}\n"
                    for k in range(225) for name in ("南川县", "北原县"))
    return services.import_observations(cast.organizer, cast.contest, (HEADER + lines).encode(), "部门.csv")


def test_a_batch_of_450_rows_shows_200_a_page(client_as, cast, long_batch):
    url = reverse("results:batch", args=[cast.contest.slug, long_batch.pk])
    first = client_as("organizer").get(url).content.decode()
    assert rows_of(first) == 200 and "第 1–200 条,共 450 条" in first
    last = client_as("organizer").get(url + "?page=3").content.decode()
    assert rows_of(last) == 50 and 'id="row-451"' in last
    for bad in ("abc", "0", "99999"):
        assert client_as("organizer").get(url + f"?page={bad}").status_code == 200


def test_a_batch_is_searched_by_entrant_and_by_reporter(client_as, cast, long_batch):
    url = reverse("results:batch", args=[cast.contest.slug, long_batch.pk])
    by_entrant = client_as("organizer").get(url, {"q": "北原"}).content.decode()
    assert "共 225 条" in by_entrant and "南川县" not in by_entrant.split('id="rows"')[1]
    by_code = client_as("organizer").get(url, {"q": cast.entrants["北原县"].code}).content.decode()
    assert "共 225 条" in by_code
    by_reporter = client_as("organizer").get(url, {"q": "部门007"}).content.decode()
    assert rows_of(by_reporter) == 2
    nothing = client_as("organizer").get(url, {"q": "西山县"}).content.decode()
    assert rows_of(nothing) == 0 and "本批没有与“西山县”匹配的行" in nothing


def test_the_import_history_shows_50_batches_a_page_and_finds_one_by_name(client_as, cast, scheme):
    for n in range(55):
        services.import_observations(cast.organizer, cast.contest,
                                     (HEADER + f"南川县,department,部门评价,部门{n:03d},90\n").encode(),
                                     f"第{n:02d}批.csv")
    url = reverse("results:imports", args=[cast.contest.slug])
    first = client_as("organizer").get(url).content.decode()
    assert first.count('<tr id="batch-') == 50 and "共 55 条" in first
    second = client_as("organizer").get(url + "?page=2").content.decode()
    assert second.count('<tr id="batch-') == 5
    found = client_as("organizer").get(url, {"q": "第07批"}).content.decode()
    assert found.count('<tr id="batch-') == 1 and "第07批.csv" in found
    none = client_as("organizer").get(url, {"q": "没有这个"}).content.decode()
    assert "没有文件名或原因含“没有这个”的批次" in none
    assert ImportBatch.objects.count() == 55


def test_another_contests_organizer_cannot_page_through_this_batch(client_as, cast, long_batch):
    url = reverse("results:batch", args=[cast.contest.slug, long_batch.pk])
    assert client_as("other_organizer").get(url + "?page=2&q=北原").status_code in (403, 404)
