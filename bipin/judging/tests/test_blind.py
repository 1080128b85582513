"""盲评: until the organizer releases the key, no one on the day learns whose sample is whose.

The chief judge and the judges never see an entrant's name, short name or
contact on any page, API answer or export; the organizer sees them only on
the key page (盲评编号标签) and the set-up pages, which are not used in front of
the judges. Lists are ordered by the random codes, and once a sheet or a draw
names the codes they can no longer be regenerated.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from bipin.audit.models import Record
from bipin.judging import draws, live, services, timer
from bipin.judging.models import Sheet
from bipin.judging.services import JudgingError

SECRETS = {  # what each sample's label must never give away: name, short name, contact
    "南川县": ("南川示范园", "联系人甲"),
    "北原县": ("北原果业", "联系人乙"),
    "教育局": ("教育果园", "联系人丙"),
}
# Codes chosen so that code order is not registration order (南川县, 北原县, 教育局).
CODES = {"南川县": "Y900", "北原县": "C200", "教育局": "M500"}
MARKS = {"content": "5", "delivery": "3"}
KEY = "blind-sheet-01"  # the judge's and the chief's own sheets both use it


def named_routes(patterns=None, prefix: str = "", namespace: str = ""):
    """(namespace:name, route) of every URL pattern in the site."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from named_routes(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", prefix + str(p.pattern)


ROUTES = sorted(set(named_routes()))
# The organizer's own pages that must show names: the key itself, and setting
# up who is in the contest and who is recused from whom. Results and the audit
# log are the organizer's records; results reach anyone else only when released.
ORGANIZER_MAY_SEE_NAMES = {
    "judging:labels", "judging:setup", "contests:entrants", "contests:entrants_import",
    "contests:people", "contests:people_import", "audit:contest",
}
EVENT_DAY = [(n, r) for n, r in ROUTES if n.startswith("judging:") and n not in ORGANIZER_MAY_SEE_NAMES]


def give_fixed_codes(event) -> None:
    """Fixed codes make the expected orders exact.

    Cleared first: a random code drawn a moment ago may be one of the fixed
    ones (about 1 in 1,800 each time), and codes are unique within a contest.
    """
    event.contest.entrants.update(code="")
    for name, code in CODES.items():
        e = event.entrants[name]
        e.code = code
        e.save(update_fields=["code"])


@pytest.fixture
def blind(event):
    """A blind contest in mid-day: codes, a revealed draw, sheets of every state, a talk on stage."""
    contest, panel = event.contest, event.panel
    contest.blind = True
    contest.save(update_fields=["blind"])
    for name, (short, contact) in SECRETS.items():
        e = event.entrants[name]
        e.short_name, e.contact = short, contact
        e.save(update_fields=["short_name", "contact"])
    services.assign_blind_codes(event.organizer, contest)
    give_fixed_codes(event)
    panel.double_entry = True
    panel.save(update_fields=["double_entry"])
    u = event.users
    locked, _ = services.submit_sheet(u["judge"], panel, event.entrants["南川县"], key=KEY, marks=MARKS)
    services.reopen_sheet(u["chief"], locked, "表达分记错")
    services.submit_sheet(u["chief"], panel, event.entrants["北原县"], key=KEY, marks=MARKS)
    services.submit_sheet(u["judge2"], panel, event.entrants["教育局"], key="paper-sheet-01", marks=MARKS,
                          entered_by=u["chief"])  # typed from paper, waiting for a second person
    draws.reveal_draw(event.organizer, draws.commit_draw(event.organizer, contest), ["7"])
    timer.call_entrant(event.organizer, contest, event.entrants["北原县"], 60)
    timer.timer_action(event.organizer, contest, "start")
    timer.timer_action(event.organizer, contest, "stop")
    timer.call_entrant(event.organizer, contest, event.entrants["教育局"], 60)
    return event


def url_for(route: str, blind) -> str:
    contest = blind.contest
    values = {"slug": contest.slug, "sheet_id": Sheet.objects.filter(panel__contest=contest).first().pk,
              "number": 1, "entrant_id": blind.entrants["南川县"].pk, "group_id": contest.groups.first().pk,
              "key": KEY, "fmt": "xlsx"}
    if route.startswith("^"):
        return "/" + route.lstrip("^") + "unknown"
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), 1)), route)


def text_of(response) -> str:
    """What a person could read in the answer: HTML, JSON, CSV, or the cells of a workbook."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        book = zipfile.ZipFile(io.BytesIO(body))
        return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "json" in response.get("Content-Type", ""):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body.decode("utf-8", "replace")


def leaks(text: str) -> list[str]:
    words = [w for name in SECRETS for w in (name, *SECRETS[name])]
    return [w for w in words if w in text]


def pages_that_leak(client, blind, routes) -> list[tuple]:
    """(page, status or names it shows) for every route whose answer gives a name away.

    One client walks every route in one test: the day set up once, not once per
    page (it was 900 tests of a tenth of a second's set-up each on PostgreSQL).
    """
    found = []
    for name, route in routes:
        response = client.get(url_for(route, blind))
        if response.status_code >= 500:
            found.append((name, response.status_code))
        elif shown := leaks(text_of(response)):
            found.append((name, shown))
    return found


class TestNoPageShowsWhoseSampleItIs:
    @pytest.mark.parametrize("who", ["chief", "judge"])
    def test_judges_see_codes_only(self, blind, who):
        client = Client()
        client.force_login(blind.users[who])
        assert pages_that_leak(client, blind, ROUTES) == []

    def test_the_organizers_event_day_pages_show_codes_only(self, blind, client_as):
        # The console, the sheets and paper entry are used in the hall, in front of judges.
        assert pages_that_leak(client_as("organizer"), blind, EVENT_DAY) == []

    def test_the_pages_that_matter_were_really_shown(self, blind, client_as):
        """The crawl above proves something only if these pages answered with their content."""
        chief = client_as("chief")
        for url in ("sheets/", "paper/", "screen/", "score/"):
            response = chief.get(f"/c/test-contest/judging/{url}")
            assert response.status_code == 200
        assert "Y900" in chief.get("/c/test-contest/judging/sheets/").content.decode()
        assert "Y900" in chief.get("/c/test-contest/judging/paper/").content.decode()
        organizer = client_as("organizer")
        console = organizer.get("/c/test-contest/judging/console/").content.decode()
        assert "M500" in console and "C200" in console  # on stage, and in the talks' record

    def test_the_key_page_shows_names_to_the_organizer_alone(self, blind, client_as):
        page = client_as("organizer").get("/c/test-contest/judging/labels/").content.decode()
        assert all(name in page and code in page for name, code in CODES.items())
        assert client_as("chief").get("/c/test-contest/judging/labels/").status_code == 403

    def test_names_show_on_the_day_once_the_key_is_released(self, blind, client_as):
        services.release_key(blind.organizer, blind.contest)
        chief = client_as("chief")
        assert "南川县" in chief.get("/c/test-contest/judging/sheets/").content.decode()
        assert "北原县 · C200" in chief.get("/c/test-contest/judging/paper/").content.decode()
        tasks = client_as("judge").get("/api/judging/test-contest/tasks").json()
        assert "南川示范园" in json.dumps(tasks, ensure_ascii=False)
        assert "北原县" in client_as("organizer").get("/c/test-contest/judging/console/").content.decode()


def labels_in(html: str, codes) -> list[str]:
    """The codes in the order they appear on a page."""
    found = [(html.index(c), c) for c in codes if c in html]
    return [c for _, c in sorted(found)]


class TestListsAreOrderedByCode:
    """Registration order is 南川县 Y900, 北原县 C200, 教育局 M500; code order C200, M500, Y900."""

    BY_CODE = ["C200", "M500", "Y900"]

    def test_the_judges_phone_list(self, blind, client_as):
        tasks = client_as("judge").get("/api/judging/test-contest/tasks").json()
        assert [e["label"] for e in tasks["panels"][0]["entries"]] == self.BY_CODE

    def test_the_chiefs_sheet_list(self, blind, client_as):
        page = client_as("chief").get("/c/test-contest/judging/sheets/").content.decode()
        rows = re.findall(r'<tr id="sheet-\d+">\s*<td>[^<]*</td>\s*<td>([^<]*)</td>', page)
        assert rows == ["C200", "M500", "Y900"]

    def test_paper_entry(self, blind, client_as):
        page = client_as("chief").get("/c/test-contest/judging/paper/").content.decode()
        options = re.findall(r'<option value="[0-9a-f]{16}">([^<]*)</option>', page)
        assert options == self.BY_CODE

    def test_the_big_screen_and_the_console(self, blind):
        stage = services.stage_of(blind.contest)
        assert [e["label"] for e in live.board(blind.contest, stage)["entries"]] == self.BY_CODE
        assert [e["label"] for e in live.console(blind.contest, stage)["entries"]] == self.BY_CODE

    def test_without_a_draw_the_hall_calls_samples_by_code(self, event):
        event.contest.blind = True
        event.contest.save(update_fields=["blind"])
        give_fixed_codes(event)
        called = []
        for _ in CODES:
            stage = timer.call_entrant(event.organizer, event.contest)
            called.append(stage.entrant.code)
            timer.timer_action(event.organizer, event.contest, "start")
            timer.timer_action(event.organizer, event.contest, "stop")
        assert called == self.BY_CODE

    def test_after_the_key_is_released_lists_follow_registration_again(self, blind, client_as):
        services.release_key(blind.organizer, blind.contest)
        tasks = client_as("judge").get("/api/judging/test-contest/tasks").json()
        drawn = blind.contest.draws.get().order  # the revealed draw over the codes
        assert [e["label"] for e in tasks["panels"][0]["entries"]] == [
            {"Y900": "南川示范园", "C200": "北原果业", "M500": "教育果园"}[code] for code in drawn]


class TestCodesAreFixedOnceUsed:
    @pytest.fixture
    def coded(self, event):
        """A blind contest whose codes are assigned; what ``scored`` leaves must stay so."""
        event.contest.blind = True
        event.contest.save(update_fields=["blind"])
        services.assign_blind_codes(event.organizer, event.contest)
        return event

    @pytest.fixture
    def scored(self, coded):
        services.submit_sheet(coded.users["judge"], coded.panel, coded.entrants["北原县"], key=KEY, marks=MARKS)
        coded.codes = dict(coded.contest.entrants.values_list("name", "code"))
        coded.records = Record.objects.count()
        return coded

    @staticmethod
    def assert_unchanged(scored):
        assert dict(scored.contest.entrants.values_list("name", "code")) == scored.codes
        assert Record.objects.count() == scored.records

    def test_the_service_refuses_new_codes_once_a_sheet_exists(self, scored):
        with pytest.raises(JudgingError) as refused:
            services.assign_blind_codes(scored.organizer, scored.contest)
        assert refused.value.status == 409
        assert [(p.zh, p.en) for p in refused.value.problems] == [
            ("已有评分表,不能再重新生成编号", "sheets exist already; the codes can no longer be regenerated")]
        self.assert_unchanged(scored)

    def test_the_labels_page_says_why_and_changes_nothing(self, scored, client_as):
        response = client_as("organizer").post("/c/test-contest/judging/labels/", follow=True)
        assert response.redirect_chain == [("/c/test-contest/judging/labels/", 302)]
        assert ("已有评分表,不能再重新生成编号 / sheets exist already; the codes can no longer be regenerated"
                in response.content.decode())
        self.assert_unchanged(scored)

    def test_a_draw_fixes_the_codes_too(self, coded):
        event = coded
        draws.commit_draw(event.organizer, event.contest)
        with pytest.raises(JudgingError) as refused:
            services.assign_blind_codes(event.organizer, event.contest)
        assert refused.value.problems[0].en == "a draw names the codes already; they can no longer be regenerated"

    def test_a_blind_contest_draws_only_after_its_codes(self, event):
        event.contest.blind = True
        event.contest.save(update_fields=["blind"])
        event.contest.entrants.filter(name="教育局").update(code="")
        with pytest.raises(JudgingError) as refused:
            draws.commit_draw(event.organizer, event.contest)
        assert refused.value.problems[0].zh == "盲评须先生成编号再抽签"
        assert not event.contest.draws.exists()

    def test_before_any_sheet_the_organizer_may_still_regenerate(self, coded, client_as):
        event = coded
        first = dict(event.contest.entrants.values_list("name", "code"))
        assert client_as("organizer").post("/c/test-contest/judging/labels/").status_code == 302
        again = dict(event.contest.entrants.values_list("name", "code"))
        assert again.keys() == first.keys() and len(set(again.values())) == 3
        assert Record.objects.filter(action="blind.codes").count() == 2
