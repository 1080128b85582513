"""A crawler: every URL pattern, as every role, with junk parameters, and no 5xx.

The demo contests give every page something to show (panels, sheets, draws,
sittings, answers, snapshots). Each URL is opened with junk in the query
(superscript digits, huge numbers, overlong and non-ASCII text) by everyone,
and posted junk form fields by the roles that get past the access check. A
refusal is a 4xx, a form error or a redirect with a message; a 5xx is a fault.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from bipin.contests import demo
from bipin.contests.models import Contest, Membership, Role

JUNK = ["²", "9" * 30, "x" * 5000, "甲", "NaN"]
JUNK_QUERY = {"snapshot": "²", "page": "²", "sort": "d²", "next": "甲" * 300}
# Every field name a page form or a view reads; a junk value for all of them at once.
FIELDS = [
    "action", "entry", "minutes", "mode", "results_shown", "member", "panel", "entrant", "reason",
    "name", "item", "double_entry", "group", "replaces", "inputs", "judge", "key", "comment",
    "points", "hours", "candidate", "title", "username", "full_name", "role", "snapshot",
    "published", "start", "end", "contact", "slug", "kind", "year", "description", "short_name",
    "code", "rule", "total_points", "questions", "opens_at", "closes_at", "duration_minutes",
    "counts", "report_as", "aggregate", "multiple_rule", "marking_gap", "paper", "item_id", "auto",
    "language", "next", "mark-content", "mark-delivery", "mark-着色率", "sort", "page",
]
ACTIONS = ["call", "start", "reveal", "release_key", "panel", "seat", "recuse", "stage"]
HUGE = "99999999999999999999999"
# Who gets past the access checks to where input is read: the organizer, the
# chief judge, a judge and an exam candidate. Everyone else is sent junk in
# the query only; a refusal before any input is read is the same for any input.
DEEP = ("organizer", "chief", "judge1", "cand01")


def routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def ids(contest) -> dict[str, str]:
    """A real object of the demo contest for every kind of id in the URLs."""
    from bipin.exams.models import Answer, Candidate, Sitting
    from bipin.judging.models import Draw, Sheet
    from bipin.results.models import ImportBatch, Snapshot

    sitting = Sitting.objects.filter(contest=contest).first()
    return {
        "group_id": contest.groups.first().pk,
        "membership_id": Membership.objects.filter(contest=contest, role=Role.INSPECTOR).first().pk,
        "sheet_id": Sheet.objects.filter(panel__contest=contest).first().pk,
        "sitting_id": sitting.pk,
        "candidate_id": Candidate.objects.filter(sitting=sitting).first().pk,
        "answer_id": Answer.objects.filter(candidate__sitting=sitting).first().pk,
        "batch_id": ImportBatch.objects.filter(contest=contest).first().pk,
        "entrant_id": contest.entrants.first().pk,
        "number": (Snapshot.objects.filter(contest=contest).first()
                   or Draw.objects.filter(contest=contest).first()).number,
        "token": "no-such-token",
        "key": "no-such-key",
        "fmt": "xlsx",
    }


def concrete(route: str, values: dict[str, object]) -> str:
    if route.startswith("^"):  # a regex route: the API's catch-all
        return "/" + route.lstrip("^") + "junk/甲"
    # An id this crawler does not know yet (a new kind of object) is tried as 1.
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), 1)), route)


@pytest.fixture
def world(db):
    demo.load()
    contest = Contest.objects.get(slug=demo.CITY_SLUG)
    users = get_user_model().objects
    people = {name: users.get(username=name) for name in (
        "organizer", "chief", "judge1", "inspector", "reporter", "reviewer", "county", "cand01")}
    people["bystander"] = users.create_user("bystander", password="x")
    people["root"] = users.create_superuser("root", password="x")
    return contest, people


def test_no_url_answers_5xx_to_anyone_whatever_it_is_sent(world):
    contest, people = world
    real = {"slug": contest.slug, **ids(contest)}
    huge = {**real, **{k: HUGE for k in real if k.endswith("_id") or k == "number"},
            "slug": "no-such-contest", "token": "甲" * 50, "key": "x" * 500, "fmt": "csv"}
    failures = []

    def call(client, who, method, url, data):
        try:
            response = getattr(client, method)(url, data)
        except Exception as exc:  # the test client re-raises what the view raised
            failures.append((who, method, url[:100], repr(exc)[:200]))
            return None
        if response.status_code >= 500:
            failures.append((who, method, url[:100], response.status_code))
        return response

    for route in routes():
        url, odd_url = concrete(route, real), concrete(route, huge)
        for who, user in [*people.items(), ("anonymous", None)]:
            client = Client()
            if user is not None:
                client.force_login(user)
            call(client, who, "get", url, JUNK_QUERY)
            if who not in DEEP:
                continue
            call(client, who, "get", odd_url, {"snapshot": HUGE})
            call(client, who, "post", odd_url, {})
            # Refused whatever is sent (wrong method, not this role's page): no junk needed.
            probe = call(client, who, "post", url, {})
            if probe is None or probe.status_code in (403, 404, 405):
                continue
            for value in JUNK:
                client.force_login(user)  # a junk POST to the logout URL logs out
                data = dict.fromkeys(FIELDS, value)
                call(client, who, "post", url, data)
                for action in ACTIONS if (who, value) == ("organizer", JUNK[0]) else []:
                    call(client, who, "post", url, {**data, "action": action})
    assert failures == []
