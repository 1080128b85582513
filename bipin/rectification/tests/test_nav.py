"""The contest page links each role to its part of the ledger; the home page lists waiting work."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who, shown, hidden",
    [
        (
            "organizer",
            ["整改台账(待整改 1 项,逾期 0 项)", "整改期限", "回头看"],
            ["本单位整改台账"],
        ),
        ("entrant", ["本单位整改台账"], ["整改期限", "整改核查"]),
        ("inspector", ["整改核查", "回头看"], ["整改期限", "本单位整改台账"]),
        ("reporter", [], ["整改台账", "整改核查", "回头看"]),
    ],
)
def test_the_contest_page_links_each_role_to_its_part(ledger, client_as, who, shown, hidden):
    ledger.task()
    page = client_as(who).get("/c/test-contest/").content.decode()
    for text in shown:
        assert text in page, text
    for text in hidden:
        assert text not in page, text


def test_the_home_page_tells_the_county_what_to_rectify(ledger, client_as):
    ledger.task()
    page = client_as("entrant").get("/").content.decode()
    assert "待整改问题 1 项" in page and "/c/test-contest/rectification/" in page
