"""The audit log answers for registrations: a contest run through Bipin verifies, and a
status, a key link or a measurement changed straight in the database is named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bipin.registration import coding, measures, services
from bipin.registration.models import Measurement, Registration
from bipin.registration.tests.conftest import registered
from bipin.testing.tampering import edit, named, row, verify

pytestmark = pytest.mark.django_db


def test_a_run_verifies_and_a_changed_status_key_or_value_is_named(cast, window, capsys):
    brix = measures.add_measure(cast.organizer, cast.contest, "糖度", "°Brix", Decimal(5), Decimal(30), 1)
    kept, sent_back, other = registered(cast, 3)
    services.receive(cast.organizer, kept)
    services.receive(cast.organizer, other)
    services.reject(cast.organizer, sent_back, "果面碰伤")
    coding.generate_codes(cast.organizer, cast.contest)
    measures.record_measurements(cast.organizer, kept, {brix: "15.2"})
    code, out = verify(capsys)
    assert code == 0, out
    kept, other = Registration.objects.get(pk=kept.pk), Registration.objects.get(pk=other.pk)
    sent_back = Registration.objects.get(pk=sent_back.pk)
    value = Measurement.objects.get()
    edit(sent_back, status="received")
    edit(value, value=Decimal("17.0"))
    swapped = kept.entrant_id
    edit(kept, entrant=None)
    edit(other, entrant_id=swapped)
    code, out = verify(capsys)
    assert code == 1
    assert {(row(sent_back), "changed"), (row(value), "changed"), (row(kept), "changed"),
            (row(other), "changed")} <= named(out)
