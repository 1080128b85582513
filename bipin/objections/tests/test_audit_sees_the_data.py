"""The audit log answers for objections: a notice run through Bipin verifies, and
an answer or a status changed straight in the database is named."""

from __future__ import annotations

import pytest

from bipin.objections import services
from bipin.objections.tests.conftest import file, photo
from bipin.testing.tampering import edit, named, row, verify

pytestmark = pytest.mark.django_db


def test_a_notice_run_through_bipin_verifies_and_a_changed_answer_is_named(cast, notice, capsys):
    services.set_policy(cast.organizer, notice, public_may_file=True, publish_answers=True)
    o = file(cast, files=[photo()])
    services.assign(cast.organizer, o, cast.inspector)
    note = services.add_note(cast.inspector, o, "核对中")
    services.answer(cast.organizer, o, "not_upheld", "计分无误")
    code, out = verify(capsys)
    assert code == 0, out
    edit(o, answer="异议成立", outcome="upheld")
    edit(note, text="改过的记录")
    code, out = verify(capsys)
    assert code == 1
    assert {(row(o), "changed"), (row(note), "changed")} <= named(out)
