"""The year-round apps' pages read in English for an English browser.

Each app's catalogue translates every message id it has, and a page of each,
opened by the person who works on it, shows its headings in English (only the
demo's own names, such as 示例一县, stay in Chinese).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bipin.contests import demo
from bipin.testing.demo import load_demo

APPS = ("inspections", "rectification", "reporting", "supervision", "periodic", "objections",
        "committees", "registration", "campaigns")
SLUG = demo.CITY_SLUG
PAGES = [  # who, page, its headings in English
    ("inspector", "inspections/team/", ["Team findings"]),
    ("county", "inspections/feedback/", ["Inspection feedback"]),
    ("organizer", "inspections/rounds/", ["Inspection rounds and teams", "New round"]),
    ("organizer", "rectification/", ["Rectification ledger", "Extension requests to decide"]),
    ("organizer", "reporting/", ["Department reporting progress"]),
    ("reporter", "reporting/d/示例乡村振兴局/", ["Fill in with a spreadsheet", "Review history"]),
    ("organizer", "supervision/", ["Daily supervision records", "Totals and caps", "Records"]),
    ("county", "supervision/mine/", ["Our supervision records"]),
    ("organizer", "periodic/forms/{form}/", ["Progress", "Fields", "Add a field"]),
    ("organizer", "objections/", ["Objections to the notice"]),
    ("county", "objections/new/", ["File an objection"]),
    ("organizer", "objections/{objection}/", ["Objection #{objection}", "Investigation notes", "Answer"]),
    ("organizer", "committees/", ["Review committees"]),
    ("chief", "committees/{committee}/entries/{entry}/", ["Reviewers", "Decision"]),
    ("judge3", "committees/{committee}/members/{member}/", ["Reviews by 示例评委三"]),
]


def entries(po: Path):
    """(msgid, msgstr) of a catalogue, header left out; plural forms by their first."""
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        ids = re.findall(r'^msgid ((?:".*"\n?)+)', block, re.M)
        strs = re.findall(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if ids and strs:
            msgid = "".join(re.findall(r'"(.*)"', ids[0]))
            if msgid:
                yield msgid, "".join(re.findall(r'"(.*)"', strs[0]))


@pytest.mark.parametrize("app", APPS)
def test_each_message_of_the_app_has_an_english_translation(app):
    po = Path(__file__).resolve().parents[1] / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    assert po.with_suffix(".mo").exists(), f"{app}: the compiled catalogue is committed"
    untranslated = [msgid for msgid, msgstr in entries(po) if not msgstr]
    assert untranslated == []


@pytest.mark.django_db
def test_a_page_of_each_app_has_its_headings_in_english():
    load_demo()
    from bipin.committees.models import Entry, Member
    from bipin.objections.models import Objection
    from bipin.periodic.models import Form

    # Ids, not 1: PostgreSQL's sequences do not go back when a test's data does.
    ids = {"form": Form.objects.get(contest__slug=SLUG).pk,
           "objection": Objection.objects.filter(contest__slug=SLUG).order_by("pk").first().pk}
    entry = Entry.objects.filter(committee__contest__slug=SLUG, decisions__isnull=False).first()
    ids.update(committee=entry.committee_id, entry=entry.pk,
               member=Member.objects.get(committee=entry.committee, user__username="judge3").pk)
    users = get_user_model().objects
    for who, page, headings in PAGES:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(users.get(username=who))
        response = client.get(f"/c/{SLUG}/" + page.format(**ids))
        assert response.status_code == 200, page
        html = response.content.decode()
        shown = re.findall(r"<h[12]\b[^>]*>([^<]*)", html)
        for heading in (h.format(**ids) for h in headings):
            assert heading in [s.strip() for s in shown], (page, heading, shown)
        assert '<html lang="en"' in html, page


def test_a_unit_column_reads_entrant_and_only_the_role_reads_entrant_viewer():
    from django.utils import translation
    from django.utils.translation import gettext

    from bipin.contests.models import Role

    with translation.override("en"):
        assert gettext("参评单位") == "Entrant"
        assert str(Role.ENTRANT_VIEWER.label) == "Entrant viewer"
