import pytest

from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.results.demo import supplied_by_apps
from bipin.results.models import ImportBatch, ImportedObservation
from bipin.testing.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_city_demo_imports_year_round_data_and_computes_a_first_snapshot():
    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    batch = ImportBatch.objects.get(contest=city)
    sources = set(ImportedObservation.objects.filter(batch=batch).values_list("source", flat=True))
    # Rows of a source an app's demo records live (findings, …) are not imported again.
    assert sources == {"inspection", "department", "supervision", "data"} - supplied_by_apps()
    assert batch.rows.values("entrant").distinct().count() == 24
    snapshot = city.snapshots.get()
    # This app releases nothing; a later app's demo may release this one snapshot.
    assert snapshot.number == 1 and set(city.releases.values_list("snapshot", flat=True)) <= {snapshot.pk}
    names = {r["name"] for g in snapshot.evaluation["groups"] for r in g["results"]}
    assert "示例一县" in names and len(names) == 24


def test_the_apple_demo_gets_no_imported_data():
    load_demo()
    apples = Contest.objects.get(slug=demo.APPLES_SLUG)
    assert not apples.observation_batches.exists()
