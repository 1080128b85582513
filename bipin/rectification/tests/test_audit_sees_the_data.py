"""The audit log answers for the ledger: a year run through Bipin verifies, and
a deadline, a state or a 回头看 changed straight in the database is named."""

from __future__ import annotations

import datetime

import pytest

from bipin.rectification import services
from bipin.rectification.audited import TRACKED
from bipin.rectification.models import Extension, Recheck, Task, Term, Transition
from bipin.testing.tampering import edit, named, row, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(ledger):
    services.set_term(ledger.organizer, ledger.round, 20)
    task, other = ledger.task(), ledger.task()
    ledger.submit(task)
    services.return_task(ledger.inspector, task, "照片不清")
    ext = services.request_extension(ledger.entrant, other, datetime.date(2030, 1, 1), "雨季")
    services.decide_extension(ledger.organizer, ext, True, "")
    services.record_recheck(
        ledger.users["inspector2"],
        ledger.recheck_round,
        other.finding,
        Recheck.Outcome.NOT_RECTIFIED,
        "仍漏水",
    )
    return ledger


def first(model, year):
    return model.objects.filter(**{f"{TRACKED[model]}_id": year.contest.pk}).order_by("pk").first()


def test_a_year_run_through_bipin_verifies(year, capsys):
    code, out = verify(capsys)
    assert code == 0, out


EDITS = {
    Task: {"deadline": "2031-01-01"},
    Transition: {"reason": "改过"},
    Extension: {"new_deadline": "2031-01-01"},
    Recheck: {"outcome": "rectified"},
    Term: {"days": 90},
}


@pytest.mark.parametrize("model", list(EDITS), ids=lambda m: m.__name__)
def test_a_row_edited_in_the_database_is_named(year, capsys, model):
    victim = first(model, year)
    edit(victim, **EDITS[model])
    code, out = verify(capsys)
    assert code == 1
    assert named(out) == {(row(victim), "changed")}
