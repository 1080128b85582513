"""The organizer assigns, the assignee notes, the organizer answers, corrects and
closes; each role tries what it must not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.contests.services import create_contest
from bipin.objections import services
from bipin.objections.models import Note, Objection, Outcome, Status
from bipin.objections.tests.conftest import file, photo
from bipin.results import services as results
from bipin.results.models import Snapshot

pytestmark = pytest.mark.django_db


def at(cast, o, step: str = "") -> str:
    if not step:
        return reverse("objections:detail", args=[cast.contest.slug, o.pk])
    return reverse(f"objections:{step}", args=[cast.contest.slug, o.pk])


def newer_snapshot(cast) -> Snapshot:
    """Recompute after a correction import: snapshot 2."""
    results.import_observations(cast.organizer, cast.contest, "参评对象,来源,指标,分值\n南川县,data,饮水达标率,100\n"
                                .encode(), "fix.csv", correction=True, reason="复核更正")
    snapshot, created = results.compute_snapshot(cast.organizer, cast.contest)
    assert created and snapshot.number == 2
    return snapshot


def test_the_organizer_assigns_and_the_inspector_notes(cast, objection, client_as):
    organizer = client_as("organizer")
    organizer.post(at(cast, objection, "assign"), {"assignee": cast.inspector.pk})
    objection.refresh_from_db()
    assert (objection.status, objection.assignee) == (Status.ASSIGNED, cast.inspector)
    inspector = client_as("inspector")
    assert inspector.get(at(cast, objection)).status_code == 200
    inspector.post(at(cast, objection, "note"), {"note": "已调取公示栏台账"})
    assert Note.objects.get().author == cast.inspector
    assert [r.action for r in Record.objects.filter(action__startswith="objection.")] == [
        "objection.file", "objection.assign", "objection.note"]


def test_an_objection_goes_only_to_people_of_the_contest(cast, objection):
    with pytest.raises(services.JudgingError):
        services.assign(cast.organizer, objection, cast.bystander)
    with pytest.raises(services.JudgingError):
        services.assign(cast.organizer, objection, cast.entrant)  # the unit itself
    assert Objection.objects.get().status == Status.RECEIVED


def test_the_organizer_answers_with_an_outcome(cast, objection, client_as):
    client_as("organizer").post(at(cast, objection, "answer"),
                                {"outcome": Outcome.NOT_UPHELD, "answer": "经复核,计分无误"})
    objection.refresh_from_db()
    assert (objection.status, objection.outcome, objection.answer) == (
        Status.ANSWERED, Outcome.NOT_UPHELD, "经复核,计分无误")
    assert "经复核,计分无误" in client_as("entrant").get(at(cast, objection)).content.decode()


def test_answering_without_text_is_refused(cast, objection, client_as):
    response = client_as("organizer").post(at(cast, objection, "answer"),
                                           {"outcome": Outcome.UPHELD, "answer": "  "}, follow=True)
    assert "请填写答复内容" in response.content.decode()
    objection.refresh_from_db()
    assert objection.status == Status.RECEIVED and objection.answer == ""
    with pytest.raises(services.JudgingError):
        services.answer(cast.organizer, objection, "maybe", "理由")


@pytest.mark.parametrize("who", ["judge", "chief", "inspector", "entrant", "reporter"])
def test_only_the_organizer_answers_assigns_corrects_and_closes(cast, objection, client_as, who):
    services.assign(cast.organizer, objection, cast.inspector)
    client = client_as(who)
    for step, data in (("answer", {"outcome": "upheld", "answer": "成立"}),
                       ("assign", {"assignee": cast.users[who].pk}),
                       ("correct", {"snapshot": 1, "correction_reason": "x"}), ("close", {})):
        assert client.post(at(cast, objection, step), data).status_code == 403
    objection.refresh_from_db()
    assert (objection.status, objection.answer) == (Status.ASSIGNED, "")


def test_a_judge_not_assigned_cannot_read_or_note(cast, objection, client_as):
    judge = client_as("judge")
    assert judge.get(at(cast, objection)).status_code == 404
    assert judge.post(at(cast, objection, "note"), {"note": "x"}).status_code == 404
    assert not Note.objects.exists()


def test_the_filer_reads_but_does_not_note(cast, objection, client_as):
    assert client_as("entrant").post(at(cast, objection, "note"), {"note": "补充"}).status_code == 403


def test_a_county_cannot_read_another_countys_objection(cast, objection, client_as):
    other = client_as("entrant2")
    assert other.get(at(cast, objection)).status_code == 404
    listed = other.get(reverse("objections:list", args=[cast.contest.slug])).context["page"]
    assert list(listed) == []


def test_another_contests_organizer_finds_nothing(cast, objection, client_as):
    client = client_as("other_organizer")
    for step in ("", "assign", "answer", "close"):
        method = client.get if not step else client.post
        assert method(at(cast, objection, step)).status_code == 404
    assert client.get(reverse("objections:list", args=[cast.contest.slug])).status_code == 404


def test_a_correction_must_be_newer_than_the_released_snapshot(cast, objection):
    with pytest.raises(services.JudgingError) as refused:
        services.record_correction(cast.organizer, objection, cast.release.snapshot, "更正")
    assert "之后计算的快照" in refused.value.problems[0].zh
    objection.refresh_from_db()
    assert objection.correction is None


def test_a_correction_from_another_contest_is_refused(cast, objection):
    other = create_contest(cast.other_organizer, name="别处", slug="elsewhere")
    foreign = Snapshot.objects.create(contest=other, number=9, input_hash="f" * 64, scheme_sha256="",
                                      evaluation={}, inputs={})
    with pytest.raises(services.JudgingError) as refused:
        services.record_correction(cast.organizer, objection, foreign, "更正")
    assert refused.value.status == 404


def test_an_upheld_objection_records_its_correction_and_closes(cast, objection, client_as):
    newer = newer_snapshot(cast)
    organizer = client_as("organizer")
    organizer.post(at(cast, objection, "answer"), {"outcome": "upheld", "answer": "饮水达标率数据有误"})
    organizer.post(at(cast, objection, "correct"), {"snapshot": 2, "correction_reason": "采用复核数据"})
    organizer.post(at(cast, objection, "close"))
    objection.refresh_from_db()
    assert (objection.correction, objection.correction_reason, objection.status) == (
        newer, "采用复核数据", Status.CLOSED)
    correct = Record.objects.get(action="objection.correct")
    assert correct.reason == "采用复核数据" and correct.data["snapshot"] == 2
    with pytest.raises(services.JudgingError):
        services.add_note(cast.organizer, objection, "办结后")


def test_a_correction_without_a_reason_is_refused(cast, objection, client_as):
    newer_snapshot(cast)
    response = client_as("organizer").post(at(cast, objection, "correct"),
                                           {"snapshot": 2, "correction_reason": ""}, follow=True)
    assert "请填写更正原因" in response.content.decode()
    objection.refresh_from_db()
    assert objection.correction is None


def test_only_an_answered_objection_closes(cast, objection):
    with pytest.raises(services.JudgingError) as refused:
        services.close(cast.organizer, objection)
    assert refused.value.status == 409


def test_evidence_opens_for_the_filer_the_assignee_and_the_organizer_only(cast, notice, client_as):
    o = file(cast, files=[photo()])
    services.assign(cast.organizer, o, cast.chief)
    url = o.evidence.get().get_absolute_url()
    for who in ("entrant", "chief", "organizer"):
        assert client_as(who).get(url).status_code == 200, who
    for who in ("entrant2", "judge", "inspector"):
        assert client_as(who).get(url).status_code == 403, who
    assert client_as("other_organizer").get(url).status_code == 404
