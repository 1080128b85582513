"""Who may open an evidence file, and how it is served."""

from __future__ import annotations

import types

import pytest

from bipin.evidence import access, services
from bipin.evidence.tests.conftest import jpeg, upload, xlsx


@pytest.fixture
def files(cast):
    """A photo the inspector took and a workbook the organizer attached."""
    cast.photo = services.store(cast.inspector, cast.contest, upload("管网老化.jpg", jpeg()))
    cast.book = services.store(cast.organizer, cast.contest, upload("台账.xlsx", xlsx()))
    return cast


def url(row, thumb=False) -> str:
    return f"/c/test-contest/evidence/{row.pk}/" + ("thumb/" if thumb else "")


def grant(monkeypatch, rule):
    """An app's attachments module answering may_see with ``rule``."""
    module = types.SimpleNamespace(may_see=rule)
    monkeypatch.setattr(
        access, "app_modules", lambda name: [("示例", module)] if name == "attachments" else []
    )


def test_the_organizer_opens_a_photo_inline(files, client_as):
    r = client_as("organizer").get(url(files.photo))
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert r["Content-Disposition"].startswith("inline")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "private" in r["Cache-Control"] and "public" not in r["Cache-Control"]
    assert b"".join(r.streaming_content) == files.photo.file.open("rb").read()


def test_a_workbook_downloads(files, client_as):
    r = client_as("organizer").get(url(files.book))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_uploader_opens_the_photo_and_its_thumbnail(files, client_as):
    client = client_as("inspector")
    assert client.get(url(files.photo)).status_code == 200
    r = client.get(url(files.photo, thumb=True))
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"


def test_others_in_the_contest_are_refused(files, client_as):
    for name in ("entrant", "reporter", "judge"):
        client = client_as(name)
        assert client.get(url(files.photo)).status_code == 403, name
        assert client.get(url(files.photo, thumb=True)).status_code == 403, name
    assert client_as("inspector").get(url(files.book)).status_code == 403


def test_strangers_cannot_tell_the_file_exists(files, client_as):
    for name in ("bystander", "other_organizer"):
        assert client_as(name).get(url(files.photo)).status_code == 404, name
        assert client_as(name).get(url(files.photo, thumb=True)).status_code == 404, name


def test_a_file_of_another_contest_is_not_found_here(files, client_as):
    theirs = services.store(
        files.other_organizer, files.other_contest, upload("b.jpg", jpeg(30, 30))
    )
    assert client_as("organizer").get(url(theirs)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(files, client):
    r = client.get(url(files.photo))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_only_get_is_answered(files, client_as):
    client = client_as("organizer")
    for path in (url(files.photo), url(files.photo, thumb=True)):
        for method in ("post", "put", "delete"):
            assert getattr(client, method)(path).status_code == 405, (path, method)


def test_a_document_has_no_thumbnail(files, client_as):
    assert client_as("organizer").get(url(files.book, thumb=True)).status_code == 404


def test_an_app_that_attaches_the_file_may_let_others_see_it(files, client_as, monkeypatch):
    asked = []

    def rule(user, contest, evidence):
        asked.append((user.username, contest.slug, evidence.pk))
        return user.username == "entrant" and evidence.pk == files.photo.pk

    grant(monkeypatch, rule)
    assert client_as("entrant").get(url(files.photo)).status_code == 200
    assert client_as("entrant").get(url(files.book)).status_code == 403
    assert client_as("reporter").get(url(files.photo)).status_code == 403
    assert ("entrant", "test-contest", files.photo.pk) in asked


def test_visible_keeps_only_what_the_user_may_open(files):
    assert access.visible(files.inspector, files.contest, [files.photo, files.book]) == [
        files.photo
    ]
    assert access.visible(files.organizer, files.contest, [files.photo, files.book]) == [
        files.photo,
        files.book,
    ]
