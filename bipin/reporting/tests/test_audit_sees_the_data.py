"""The audit log answers for the department grids' rows, not only for itself.

A grid saved, corrected after a return, approved, corrected again and with a
file attached verifies; a value edited straight in the database is named.
"""

import pytest

from bipin.evidence.tests.conftest import jpeg, upload
from bipin.reporting import grid as grids
from bipin.reporting import services
from bipin.reporting.models import Submission, Value
from bipin.testing.tampering import edit, named, row, verify

from .conftest import full_grid


@pytest.fixture
def year(dept, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    g = grids.build(dept.contest, "教育局")
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept, 南川县__教育保障="9.5"))
    sub = services.send_back(
        dept.reviewer, services.submit(dept.reporter, dept.contest, g), "请核实"
    )
    services.save_values(dept.reporter, dept.contest, g, full_grid(dept))
    services.attach(
        dept.reporter, dept.contest, g, dept.ids["南川县"], "", [upload("a.jpg", jpeg())]
    )
    sub = services.approve(dept.reviewer, services.submit(dept.reporter, dept.contest, g))
    services.correct_values(
        dept.reviewer, dept.contest, g, {(dept.ids["北原县"], "教育保障"): "7"}, "笔误"
    )
    services.set_deadline(dept.organizer, dept.contest, "教育局", None)
    return sub


def test_a_year_of_grids_verifies(year, capsys):
    code, out = verify(capsys)
    assert code == 0, out


def test_a_value_edited_in_the_database_is_named(year, capsys):
    victim = Value.objects.filter(current=True).order_by("pk").first()
    edit(victim, value="10.000000")
    code, out = verify(capsys)
    assert code == 1 and named(out) == {(row(victim), "changed")}


def test_a_submission_state_changed_in_the_database_is_named(year, capsys):
    victim = Submission.objects.get()
    edit(victim, state="returned")
    code, out = verify(capsys)
    assert code == 1 and named(out) == {(row(victim), "changed")}
