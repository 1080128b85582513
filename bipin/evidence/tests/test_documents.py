"""Documents are kept byte for byte, once their bytes are what their name says."""

from __future__ import annotations

import hashlib

import pytest

from bipin.evidence import services
from bipin.evidence.tests.conftest import PDF, docx, upload, xlsx


@pytest.mark.parametrize(
    "name, make, content_type",
    [
        ("整改报告.pdf", lambda: PDF, "application/pdf"),
        ("台账.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "说明.docx",
            docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_a_document_is_stored_as_uploaded(cast, name, make, content_type):
    data = make()
    row = services.store(cast.reporter, cast.contest, upload(name, data))
    assert row.file.open("rb").read() == data
    assert row.sha256 == hashlib.sha256(data).hexdigest() and row.size == len(data)
    assert (row.kind, row.content_type, row.name) == ("document", content_type, name)
    assert not row.thumbnail and row.width is None and row.height is None and row.thumb_url() == ""
    assert row.file.name.endswith("." + name.rsplit(".", 1)[1])
