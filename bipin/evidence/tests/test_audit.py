"""The audit log answers for evidence files: stored through Bipin, they verify."""

from __future__ import annotations

from bipin.evidence import services
from bipin.evidence.tests.conftest import PDF, jpeg, upload
from bipin.testing.tampering import edit, named, row, verify


def test_stored_files_verify_and_a_changed_digest_is_named(cast, capsys):
    photo = services.store(cast.inspector, cast.contest, upload("a.jpg", jpeg()))
    services.store(cast.inspector, cast.contest, upload("b.pdf", PDF))
    code, out = verify(capsys)
    assert code == 0, out
    edit(photo, sha256="0" * 64)
    code, out = verify(capsys)
    assert code == 1 and (row(photo), "changed") in named(out)
