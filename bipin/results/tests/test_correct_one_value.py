"""A single imported value corrected on its own, through the same path as a correction import."""

import pytest

from bipin.audit.models import Record
from bipin.results.models import ImportBatch, ImportedObservation, Supersession
from bipin.results.observations import collect

pytestmark = pytest.mark.django_db


def _row(batch, number):
    return ImportedObservation.objects.get(batch=batch, row_number=number)


def _url(row):
    return f"/c/test-contest/results/imports/rows/{row.pk}/correct/"


def _rate(cast, name="南川县"):
    entrant = str(cast.entrants[name].pk)
    return [o.value for o in collect(cast.contest) if o.entrant == entrant and o.item == "饮水达标率"]


@pytest.mark.parametrize("who", ["chief", "judge", "inspector", "reporter", "reviewer", "entrant"])
def test_only_the_organizer_may_correct_a_value_or_read_a_batch(client_as, imported, who):
    client = client_as(who)
    assert client.post(_url(_row(imported, 2)), {"value": "1", "reason": "x"}).status_code == 403
    assert client.get(f"/c/test-contest/results/imports/{imported.pk}/").status_code == 403
    assert ImportBatch.objects.count() == 1


def test_an_organizer_of_another_contest_is_told_it_does_not_exist(client_as, imported):
    assert client_as("other_organizer").get(_url(_row(imported, 2))).status_code == 404


def test_the_batch_page_offers_a_correction_for_each_row(client_as, imported):
    text = client_as("organizer").get(f"/c/test-contest/results/imports/{imported.pk}/").content.decode()
    assert text.count(">更正</a>") == 9 and _url(_row(imported, 2)) in text


def test_one_value_is_replaced_and_the_audit_says_old_new_reason_and_who(client_as, cast, imported):
    row = _row(imported, 2)
    response = client_as("organizer").post(_url(row), {"value": "96.5", "reason": "县水利局复核"})
    assert response.status_code == 302
    assert _rate(cast) == [96.5]
    correction = ImportBatch.objects.get(is_correction=True)
    assert (correction.row_count, correction.reason) == (1, "县水利局复核")
    assert Supersession.objects.get().old == row
    audit = Record.objects.get(action="observations.import", data__batch=correction.pk)
    assert audit.reason == "县水利局复核" and audit.actor == cast.organizer
    assert [(r["entrant"], r["item"], r["old"], r["new"]) for r in audit.data["replaced"]] == [
        ("南川县", "饮水达标率", [99.7], [96.5])]
    page = client_as("organizer").get(f"/c/test-contest/results/imports/{imported.pk}/").content.decode()
    assert "<del>99.7</del>" in page


def test_a_value_outside_the_range_is_refused_keeping_the_input(client_as, cast, imported):
    response = client_as("organizer").post(_url(_row(imported, 2)), {"value": "120", "reason": "复核"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "未更正" in text and 'value="120"' in text and 'value="复核"' in text
    assert ImportBatch.objects.count() == 1 and _rate(cast) == [99.7]


def test_a_correction_needs_a_reason_named_in_words(client_as, cast, imported):
    response = client_as("organizer").post(_url(_row(imported, 2)), {"value": "96", "reason": ""})
    assert response.status_code == 400
    assert "更正原因:" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_a_finding_is_not_corrected_as_a_value(client_as, cast, imported):
    before = Record.objects.count()
    response = client_as("organizer").post(_url(_row(imported, 5)), {"value": "2", "reason": "复核"})
    assert "这一行是一条记录" in response.content.decode()
    assert ImportBatch.objects.count() == 1 and Record.objects.count() == before


def test_a_value_already_corrected_cannot_be_corrected_again(client_as, cast, imported):
    organizer = client_as("organizer")
    row = _row(imported, 2)
    organizer.post(_url(row), {"value": "96.5", "reason": "复核"})
    response = organizer.post(_url(row), {"value": "90", "reason": "再复核"})
    assert "这个值已被撤回或已更正" in response.content.decode()
    assert _rate(cast) == [96.5]
