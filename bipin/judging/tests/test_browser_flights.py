"""分桌评审 on a judge's phone: the demo's apple 初评 is dealt at two tables, and a
judge at 第2桌 sees that table's name and its samples' codes only, and scores one."""

import pytest
from playwright.sync_api import expect

from bipin.contests import demo
from bipin.judging import flights
from bipin.judging.models import Panel, Sheet
from bipin.testing.a11y import axe_violations
from bipin.testing.browser import log_in
from bipin.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKS = {"着色率": "24", "光洁度": "25.5", "风味口感": "33"}


@pytest.fixture
def apple_tables(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    panel = Panel.objects.get(contest__slug=demo.APPLES_SLUG)
    return panel, flights.tables(panel, "")


def test_a_judge_at_a_table_sees_only_its_codes_and_scores_a_sample_by_code(apple_tables, phone, live_server):
    panel, tables = apple_tables
    second = tables.flights[1]
    judge = panel.seats.get(user_id__in=tables.judges[second.pk], user__username="judge2").user
    samples = panel.contest.entrants.filter(pk__in=tables.samples[second.pk])
    others = panel.contest.entrants.exclude(pk__in=tables.samples[second.pk])
    log_in(phone, live_server.url, judge.username, demo.PASSWORD)
    phone.goto(f"{live_server.url}/c/demo-apples/judging/score/")
    expect(phone.locator("#list h2")).to_have_text("感官评价 · 第2桌")
    listed = phone.locator("#list .entry-open")
    expect(listed).to_have_count(9)
    assert sorted(listed.all_inner_texts()) == sorted(e.code for e in samples)
    assert not any(e.code in phone.inner_text("#list") for e in others)
    # The demo pre-scored two of the table's samples; the judge opens an open one by its code.
    sample = next(e for e in samples.order_by("code")
                  if not Sheet.objects.filter(entrant=e, judge=judge).exists())
    phone.locator(".entry.state-open .entry-open", has_text=sample.code).click()
    for criterion, mark in MARKS.items():
        phone.fill(f'input[name="{criterion}"]', mark)
    phone.click("#sheet-form button[type=submit]")
    phone.click("#confirm-yes")
    expect(phone.locator(f'.entry.state-locked:has-text("{sample.code}") .state.locked')).to_be_visible(
        timeout=30_000)
    sheet = Sheet.objects.get(entrant=sample, judge=judge)
    assert (sheet.round, sheet.status) == ("", Sheet.Status.LOCKED)
    assert {m.criterion: str(m.value.normalize()) for m in sheet.marks.all()} == MARKS


def test_the_organizer_sees_each_table_on_a_phone_and_the_page_passes_axe(apple_tables, phone, live_server):
    panel, tables = apple_tables
    log_in(phone, live_server.url, "organizer", demo.PASSWORD)
    phone.goto(f"{live_server.url}/c/demo-apples/judging/flights/")
    cards = phone.locator(".table-card")
    expect(cards).to_have_count(2)
    expect(cards.first.locator("h3")).to_have_text("第1桌")
    expect(cards.nth(1).locator(".table-sample")).to_have_count(9)
    expect(phone.locator("#flight-seed")).to_have_text(tables.flights[0].seed)
    assert axe_violations(phone) == []
