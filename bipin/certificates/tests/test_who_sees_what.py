"""Who reaches which certificate: the organizer all, a producer its own, anyone a code's check.

The check page shows what the certificate prints and nothing else; a code
that does not exist says so, and guessing is slowed down as log-ins are.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from bipin.certificates import services
from bipin.certificates.models import Certificate
from bipin.testing.tampering import edit, named, row, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cast, released):
    services.issue_certificates(cast.organizer, cast.contest)
    return {c.holder: c for c in Certificate.objects.all()}


def pdf_of(client, cast, certificate):
    return client.get(reverse("certificates:pdf", args=[cast.contest.slug, certificate.pk]))


def test_the_organizer_lists_every_certificate_and_downloads_any(cast, issued, client_as):
    client = client_as("organizer")
    page = client.get(reverse("certificates:list", args=[cast.contest.slug])).content.decode()
    assert all(c.code in page for c in issued.values())
    answer = pdf_of(client, cast, issued["教育局"])
    assert answer["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    assert all(words in text for words in ("获 奖 证 书", "教育局", "一等奖", issued["教育局"].code))


def test_a_producer_sees_and_downloads_its_own_certificate_only(cast, issued, client_as):
    client = client_as("entrant")  # 南川县's account
    page = client.get(reverse("certificates:list", args=[cast.contest.slug])).content.decode()
    assert issued["南川县"].code in page
    assert issued["北原县"].code not in page and issued["教育局"].code not in page
    assert pdf_of(client, cast, issued["南川县"]).status_code == 200
    assert pdf_of(client, cast, issued["北原县"]).status_code == 404
    issue = client.post(reverse("certificates:issue", args=[cast.contest.slug]))
    assert issue.status_code == 403


@pytest.mark.parametrize(("who", "status"), [("judge", 403), ("inspector", 403),
                                             ("other_organizer", 404), ("bystander", 404)])
def test_nobody_else_lists_downloads_or_issues(cast, issued, client_as, who, status):
    client = client_as(who)
    assert client.get(reverse("certificates:list", args=[cast.contest.slug])).status_code == status
    assert pdf_of(client, cast, issued["教育局"]).status_code == status
    assert client.post(reverse("certificates:issue", args=[cast.contest.slug])).status_code == status


def test_anonymous_visitors_are_sent_to_log_in_but_may_check_a_code(cast, issued, client):
    answer = client.get(reverse("certificates:list", args=[cast.contest.slug]))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    typed = issued["北原县"].code.replace("-", " ").lower()  # as read out over the phone
    page = client.get(reverse("certificates:check"), {"code": typed}).content.decode()
    assert "证书真实有效" in page and "北原县" in page and "一等奖" in page
    assert "南川县" not in page and "教育局" not in page  # nothing but this certificate


def test_a_code_that_does_not_exist_says_so_and_guessing_is_slowed(cast, issued, client):
    check = reverse("certificates:check")
    for guess in ("ABCD-EFGH-JKMN", "not a code", "ABCD-EFGH-JKMP", "ZZZZ-ZZZZ-ZZZZ", "2222-3333-4444"):
        page = client.get(check, {"code": guess})
        assert page.status_code == 200 and "没有这个核验码的证书" in page.content.decode()
    slowed = client.get(check, {"code": issued["北原县"].code})
    assert slowed.status_code == 429 and "查询过于频繁" in slowed.content.decode()


def test_an_award_changed_in_the_database_is_named_by_the_audit(cast, issued, capsys):
    assert verify(capsys)[0] == 0
    edit(issued["南川县"], award="一等奖")
    code, out = verify(capsys)
    assert code == 1 and named(out) == {(row(issued["南川县"]), "changed")}
