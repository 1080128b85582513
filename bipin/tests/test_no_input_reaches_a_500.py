"""A crawler: every URL pattern, as every role, with junk parameters, and no 5xx.

The demo contests give every page something to show (panels, sheets, draws,
sittings, answers, snapshots, and the year's findings, tasks, grids, records and
reports). A URL whose object passes through states (a draft, one waiting for
review, an approved one) is opened once for each. Each URL is opened with junk in the query
(superscript digits, huge numbers, overlong and non-ASCII text) by everyone,
and posted junk form fields by the roles that get past the access check. A
refusal is a 4xx, a form error or a redirect with a message; a 5xx is a fault.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from bipin.contests import demo
from bipin.contests.models import Contest, Membership, Role
from bipin.judging.engine import contest_scheme
from bipin.testing.demo import load_demo

# Overlong text is one longer than the longest column (1,000 characters): every length
# check is met, and the 160 fields of a junk form stay a request, not a megabyte.
JUNK = ["²", "9" * 30, "x" * 1001, "甲", "NaN"]
JUNK_QUERY = {"snapshot": "²", "page": "²", "sort": "d²", "next": "甲" * 300}
# Every field name a page form or a view reads; a junk value for all of them at once.
FIELDS = [
    "action", "entry", "minutes", "mode", "results_shown", "member", "panel", "entrant", "reason",
    "name", "item", "double_entry", "group", "replaces", "inputs", "judge", "key", "comment",
    "points", "hours", "candidate", "title", "username", "full_name", "role", "snapshot",
    "published", "start", "end", "contact", "slug", "kind", "year", "description", "short_name",
    "code", "rule", "total_points", "questions", "opens_at", "closes_at", "duration_minutes",
    "back", "counts", "report_as", "aggregate", "multiple_rule", "marking_gap", "paper", "item_id", "auto",
    "language", "next", "mark-content", "mark-delivery", "mark-着色率", "sort", "page", "tables", "table",
    # the year-round apps: findings, rectification, department grids, supervision, periodic
    "appeal_days", "category", "decision", "ends_on", "is_leader", "photos", "round", "severity",
    "site", "sites", "starts_on", "status", "team", "text", "visit", "completion", "days",
    "deadline", "measures", "new_deadline", "note", "outcome", "overdue", "responsible_person",
    "responsible_unit", "state", "submit", "then", "values", "files", "records", "amount",
    "correction_reason", "date", "doc_number", "combine", "deadline_days", "denominator", "duty",
    "first", "label", "last", "leaf", "level", "maximum", "minimum", "numerator", "parent",
    "periodicity", "to_city", "unit", "v-households", "v-helped", "v-funds", "v-note",
    "candidates", "count", "link", "version",
    # objections during the notice (公示异议)
    "about", "reasons", "evidence", "public_name", "public_phone", "assignee", "answer",
    "correction_reason", "public_may_file", "publish_answers",
    # set-up corrected in the browser: entrants, panels' criteria, one imported value, release
    "criterion", "max", "step", "descriptor", "value", "confirm", "shuffle_questions",
    "shuffle_options", "on_stage", "show_score", "double_marking", "department", "qtype", "stem",
    "explanation", "topic", "difficulty", "option_A", "option_B",
    # standing review committees (评审委员会): set-up, entries, reviews, decisions
    "term_start", "term_end", "pass_mark", "reviewers_per_entry", "rubric", "position",
    "conflicts", "party", "received_on", "by_hand", "score-guide", "score-content",
    "score-craft", "vote", "missing_reason", "reopen_reason",
    # registration and receiving of samples (报名与收样)
    "producer", "phone", "variety", "origin", "area", "receipt", "per_producer", "low", "high",
    "decimals", "copies", "q", "m-1",
    # rating campaigns (评星): people's villages, a household's answers, the sample
    "user", "size", "item_clean", "item_green", "item_law", "h",
]
ACTIONS = ["call", "start", "reveal", "release_key", "panel", "seat", "recuse", "stage",
           "criterion", "delete_criterion", "undo",
           "edit", "member", "remove_member", "remove_visit", "team", "visit", "screen_link",
           "revoke_screen_link"]
HUGE = "99999999999999999999999"
FORM_ENCODED = "application/x-www-form-urlencoded"
# Who gets past the access checks to where input is read: the organizer, the
# chief judge, a judge and an exam candidate everywhere; the year's people (the
# inspection team's leader, the county, a department's reporter and reviewer,
# the supervision office, the city's reviewer) on the year-round apps' pages.
# Everyone else is sent junk in the query only; a refusal before any input is
# read is the same for any input.
DEEP = ("organizer", "chief", "judge1", "cand01")
YEAR_DEEP = ("inspector", "county", "reporter", "reviewer", "dd_reviewer", "supervisor",
             "supervisor_review", "cityreviewer")
YEAR_APPS = ("/evidence/", "/inspections/", "/rectification/", "/reporting/", "/supervision/",
             "/periodic/", "/objections/")
# A rating campaign's village scorer and township reviewer, on its pages.
CAMPAIGN_DEEP = ("village_scorer", "township_reviewer")
# Pages that read input from anyone, logged in or not: the public's objection forms.
OPEN_FORMS = ("/objections/public/", "/check/")


def routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def ids(contest) -> dict[str, str]:
    """A real object of the demo contest for every kind of id in the URLs."""
    from bipin.exams.models import Answer, Candidate, PaperItem, Sitting
    from bipin.judging.models import Draw, Panel, Seat, Sheet
    from bipin.results.models import ImportBatch, ImportedObservation, Snapshot

    sitting = Sitting.objects.filter(contest=contest).first()
    return {
        "group_id": contest.groups.first().pk,
        "membership_id": Membership.objects.filter(contest=contest, role=Role.INSPECTOR).first().pk,
        "sheet_id": Sheet.objects.filter(panel__contest=contest).first().pk,
        "panel_id": Panel.objects.filter(contest=contest).first().pk,
        "judge_id": Seat.objects.filter(panel__contest=contest).order_by("pk").first().user_id,
        "sitting_id": sitting.pk,
        "candidate_id": Candidate.objects.filter(sitting=sitting).first().pk,
        "answer_id": Answer.objects.filter(candidate__sitting=sitting).first().pk,
        "batch_id": ImportBatch.objects.filter(contest=contest).first().pk,
        "row_id": ImportedObservation.objects.filter(batch__contest=contest).first().pk,
        "paper_id": sitting.paper_id,
        "question_id": PaperItem.objects.filter(paper_id=sitting.paper_id).first().question_id,
        "entrant_id": contest.entrants.first().pk,
        "number": (Snapshot.objects.filter(contest=contest).first()
                   or Draw.objects.filter(contest=contest).first()).number,
        "token": "no-such-token",
        "key": "no-such-key",
        "fmt": "xlsx",
        "kind": "scheme",  # a blank form to download (contests:blank_form)
    }


def year_ids(contest) -> dict[str, dict[str, list]]:
    """The year-round apps' objects, by the part of the route they belong to (one name,
    such as round_id or pk, means another kind of object in another app). Several
    objects of one kind are in the states that open different steps; the i-th URL
    of a route takes each name's i-th object (or its last)."""
    from bipin.committees.models import Committee, Entry, Member
    from bipin.evidence.models import EvidenceFile
    from bipin.inspections.models import Appeal, Finding, Round, SiteDraw
    from bipin.objections.models import Objection, Status
    from bipin.periodic.models import Field, Form, Period, Unit, UnitPerson
    from bipin.rectification.models import Extension, Recheck, State, Task
    from bipin.supervision.models import Record

    def pks(queryset, *filters) -> list:
        return [queryset.filter(**f).values_list("pk", flat=True).first() for f in filters]

    findings, tasks = Finding.objects.filter(contest=contest), Task.objects.filter(contest=contest)
    draw = SiteDraw.objects.filter(visit__team__round__contest=contest).first()
    recheck = Recheck.objects.filter(round__contest=contest).first()
    form = Form.objects.get(contest=contest)
    month = {p.label: p.pk for p in Period.objects.filter(form=form)}
    town = {u.name: u.pk for u in Unit.objects.filter(contest=contest)}
    waiting = Extension.objects.filter(task__contest=contest, decision=Extension.Decision.PENDING)
    return {
        "c/<slug:slug>/evidence/": {
            "pk": [f.pk for f in EvidenceFile.objects.filter(contest=contest).order_by("pk")][:2],
        },
        "c/<slug:slug>/supervision/": {
            "pk": pks(Record.objects.filter(contest=contest), *(
                {"status": s} for s in ("submitted", "approved", "draft"))),
        },
        "c/<slug:slug>/inspections/": {
            "round_id": pks(Round.objects.filter(contest=contest),
                            {"kind": Round.Kind.INSPECTION}, {"kind": Round.Kind.RECHECK}),
            "finding_id": pks(findings, {"status": Finding.Status.RECORDED},
                              {"appeals__isnull": False}, {"status": Finding.Status.CONFIRMED}),
            "appeal_id": pks(Appeal.objects.filter(finding__contest=contest), {}),
        },
        # a visit with its revealed draw of villages (抽取核查点), as the demo leaves it
        "inspections/visits/": {"visit_id": [draw.visit_id], "number": [draw.number]},
        "api/inspections/": {"key": [findings.first().key, "no-such-key"]},
        "api/inspections/<slug:slug>/visits/": {"visit_id": [draw.visit_id],
                                                 "number": [draw.number]},
        "c/<slug:slug>/rectification/": {
            "task_id": pks(tasks, *({"state": s} for s in (
                State.SUBMITTED, State.IN_PROGRESS, State.RETURNED, State.VERIFIED, State.OPEN))),
            "extension_id": [waiting.first().pk],
        },
        "c/<slug:slug>/rectification/recheck/": {
            "round_id": [recheck.round_id],
            "finding_id": [recheck.finding_id, tasks.filter(state=State.SUBMITTED).first().finding_id],
        },
        "reporting/": {"department": ["示例乡村振兴局", "示例市督导组"]},
        "c/<slug:slug>/objections/": {
            "objection_id": pks(Objection.objects.filter(contest=contest),
                                *({"status": s} for s in Status.values)),
        },
        # an entry decided and one waiting for reviews; the chair and a conflicted member
        "c/<slug:slug>/committees/": {
            "committee_id": pks(Committee.objects.filter(contest=contest), {}),
            "entry_id": pks(Entry.objects.filter(committee__contest=contest),
                            {"decisions__isnull": False}, {"decisions__isnull": True}),
            "member_id": pks(Member.objects.filter(committee__contest=contest),
                             {"position": "chair"}, {"conflicts__gt": ""}),
        },
        # the demo's campaign: a published village and one being scored
        **campaign_ids(),
        "c/<slug:slug>/periodic/": {
            "form_id": [form.pk],
            # returned to the town; waiting for the county; approved up to the city
            "period_id": [month["2026-03"], month["2026-03"], month["2026-01"]],
            "unit_id": [town["示例一县城关镇"], town["示例一县河口镇"]],
            "field_id": pks(Field.objects.filter(form=form), {"code": "coverage"}),
            "person_id": pks(UnitPerson.objects.filter(unit__contest=contest), {}),
        },
    }


def campaign_ids() -> dict[str, dict[str, list]]:
    from bipin.campaigns.demo import SLUG
    from bipin.campaigns.models import Area, Household, Objection

    villages = Area.objects.filter(campaign__contest__slug=SLUG, level="village")
    scope = {"slug": [SLUG],
             "village_id": pks(villages, {"publications__isnull": False}, {"publications__isnull": True}),
             "household_id": pks(Household.objects.filter(campaign__contest__slug=SLUG),
                                 {"village__publications__isnull": True}),
             "objection_id": pks(Objection.objects.filter(household__campaign__contest__slug=SLUG), {})}
    return {"c/<slug:slug>/campaign/": scope, "campaign/<slug:slug>/": scope}


def pks(queryset, *filters) -> list:
    return [queryset.filter(**f).values_list("pk", flat=True).first() for f in filters]


def year_fields(contest) -> list[str]:
    """The cells of the department grids' forms: v-<entrant id>-<indicator>."""
    from bipin.reporting import grid as grids
    from bipin.reporting.services import cell_field

    scheme = contest_scheme(contest)
    return [cell_field(key) for department in grids.departments(scheme)
            for key in list(grids.build(contest, department, scheme).cells)[:2]]


def variants(route: str, real: dict, scoped: dict[str, dict[str, list]]):
    """The values to fill this route with: one set, or one per state of its objects."""
    names = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    chosen: dict[str, list] = {}
    for fragment in sorted(scoped, key=len):  # the most specific part of the route wins
        if fragment in route:
            chosen.update({k: v for k, v in scoped[fragment].items() if k in names})
    for n in range(max((len(v) for v in chosen.values()), default=1)):
        yield {**real, **{k: v[min(n, len(v) - 1)] for k, v in chosen.items()}}


def concrete(route: str, values: dict[str, object]) -> str:
    if route.startswith("^"):  # a regex route: the API's catch-all
        return "/" + route.lstrip("^") + "junk/甲"
    # An id this crawler does not know yet (a new kind of object) is tried as 1.
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), 1)), route)


@pytest.fixture
def world(db, settings):
    # Jobs a junk post starts are queued, not run: what the crawl checks is the view
    # that reads the post (a job's own failure is a failed job, never a 5xx), and
    # making every report card for each of the organizer's 24 posts to 全部成绩单
    # was a fifth of the crawl.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    load_demo()
    contest = Contest.objects.get(slug=demo.CITY_SLUG)
    users = get_user_model().objects
    people = {name: users.get(username=name) for name in (
        "organizer", "chief", "judge1", "inspector", "reporter", "reviewer", "county", "cand01",
        "dd_reviewer", "supervisor", "supervisor_review", "cityreviewer", *CAMPAIGN_DEEP)}
    # Released, with its notice out, so the notice and its 核验数据 pages are reached too.
    from bipin.results import services as results

    current = results.release_results(people["organizer"], results.latest_snapshot(contest), "示例发布")
    results.publish_notice(people["organizer"], current, start=None, end=None, contact="示例联系人")
    people["bystander"] = users.create_user("bystander", password="x")
    people["root"] = users.create_superuser("root", password="x")
    return contest, people


# The crawl is the suite's longest test; in shards of the routes the two
# workers share it instead of one waiting alone at the end of the run.
SHARDS = 3


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_url_answers_5xx_to_anyone_whatever_it_is_sent(world, shard):
    contest, people = world
    real = {"slug": contest.slug, **ids(contest)}
    scoped = year_ids(contest)
    fields = FIELDS + year_fields(contest)
    failures = []

    def call(client, who, method, url, data):
        try:
            # Form-encoded, as a browser posts a form without files: parsing a multipart body
            # of 160 junk fields cost the crawl more than the views it reached.
            response = (client.get(url, data) if method == "get" else
                        client.post(url, urlencode(data), content_type=FORM_ENCODED))
        except Exception as exc:  # the test client re-raises what the view raised
            failures.append((who, method, url[:100], repr(exc)[:200]))
            return None
        if response.status_code >= 500:
            failures.append((who, method, url[:100], response.status_code))
        return response

    # One client per person, logged in again only when a post logged it out (the logout
    # URL does, and so may a junk post to it): logging in for every request doubled the crawl.
    clients = {who: Client() for who in [*people, "anonymous"]}

    def client_of(who):
        client, user = clients[who], people.get(who)
        if user is not None and SESSION_KEY not in client.session:
            client.force_login(user)
        return client

    for route in list(routes())[shard::SHARDS]:
        for n, values in enumerate(variants(route, real, scoped)):
            url = concrete(route, values)
            huge = {**values, **{k: HUGE for k in values if k.endswith("_id") or k in ("number", "pk")},
                    "slug": "no-such-contest", "token": "甲" * 50, "key": "x" * 500, "fmt": "csv",
                    "department": "甲" * 300}
            odd_url = concrete(route, huge) if n == 0 else None
            deep = DEEP + YEAR_DEEP if any(app in url for app in YEAR_APPS) else DEEP
            if "/campaign/" in url:
                deep += CAMPAIGN_DEEP
            if any(form in url for form in OPEN_FORMS):
                deep += ("anonymous",)
            for who in clients:
                call(client_of(who), who, "get", url, JUNK_QUERY)
                if who not in deep:
                    continue
                if odd_url:
                    call(client_of(who), who, "get", odd_url, {"snapshot": HUGE})
                    call(client_of(who), who, "post", odd_url, {})
                # Refused whatever is sent (wrong method, not this role's page): no junk needed.
                probe = call(client_of(who), who, "post", url, {})
                if probe is None or probe.status_code in (403, 404, 405):
                    continue
                for value in JUNK:
                    data = dict.fromkeys(fields, value)
                    call(client_of(who), who, "post", url, data)
                    for action in ACTIONS if (who, value) == ("organizer", JUNK[0]) else []:
                        call(client_of(who), who, "post", url, {**data, "action": action})
    assert failures == [], "\n".join(map(str, failures))
