"""The audit log sees the policy test's data: a question, paper, sitting,
candidate, answer or mark changed, deleted or added straight in the database
makes `bipin audit verify` fail and name that row; everything the app itself
writes verifies clean."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from bipin.exams import services
from bipin.exams.models import Answer, Candidate, Mark, Paper, Question, Sitting
from bipin.exams.tests.conftest import EXAMPLE, build_exam
from bipin.exams.tests.test_taking import login, save, urls
from bipin.testing.cast import make_user
from bipin.testing.files import csv_bytes
from bipin.testing.tampering import copy, delete, edit, named, row, verify


def verdict(capsys) -> tuple[int, set[tuple[str, str]]]:
    """`bipin audit verify`: its exit code and the rows it names, with the kind."""
    capsys.readouterr()
    code, out = verify(capsys)
    return code, named(out)


def added(obj, **values) -> str:
    """Copy ``obj``'s row under a new id straight in the database; how verify names the copy."""
    return f"{obj._meta.label_lower} #{copy(obj, **values)}"


@dataclass
class Taken:
    """A sitting taken and marked, and rows to tamper with that no other row hangs on."""

    exam: object
    spare_question: Question  # on no paper
    spare_paper: Paper  # one item, no sitting
    practice: Sitting  # no candidates
    absent: Candidate  # never started: no answers
    mark: Mark
    unmarked: Answer  # an objective answer: no marks


def take(exam) -> Taken:
    """cand_a answers everything and submits, cand_b one choice and a short answer;
    the judge marks; cand_c never starts. A practice sitting and a spare paper wait."""
    cast, organizer = exam.cast, exam.cast.organizer
    a, b = exam.candidates["cand_a"], exam.candidates["cand_b"]
    items = list(exam.paper.items.select_related("question").order_by("order"))
    with exam.at(1):
        services.start(a)
        services.start(b)
        for item in items:
            q = item.question
            response = (
                ["要点齐全"]
                if q.qtype == "short"
                else list(q.answer[:1] if q.qtype == "fill" else q.answer)
            )
            services.save_answer(a, item.pk, response)
        services.save_answer(a, items[0].pk, ["A"])  # a change of mind is a second save
        services.save_answer(b, items[0].pk, list(items[0].question.answer))
        short = [i for i in items if i.question.qtype == "short"]
        services.save_answer(b, short[0].pk, ["只写了一点"])
    with exam.at(10):
        services.finish(a)
        services.finish(b)
    for answer in services.marking_queue(exam.sitting, cast.judge):
        services.record_mark(cast.judge, answer, Decimal("3.5"))
    used = set(exam.paper.items.values_list("question_id", flat=True))
    spare = cast.contest.questions.exclude(pk__in=used).order_by("pk")
    spare_paper = services.create_fixed_paper(organizer, cast.contest, "备用卷", [spare[0]])
    practice = services.create_sitting(
        organizer,
        cast.contest,
        paper=exam.paper,
        name="模拟练习",
        counts=False,
        opens_at=exam.sitting.opens_at,
        closes_at=exam.sitting.closes_at,
        duration_minutes=30,
    )
    marked = Answer.objects.filter(candidate=b, marks__isnull=False).first()
    return Taken(
        exam,
        spare_question=spare.last(),
        spare_paper=spare_paper,
        practice=practice,
        absent=exam.candidates["cand_c"],
        mark=marked.marks.get(),
        unmarked=Answer.objects.get(candidate=b, item=items[0]),
    )


@pytest.fixture
def taken(exam) -> Taken:
    return take(exam)


def test_a_sitting_taken_and_marked_verifies_clean(taken, capsys):
    # cand_a's two short answers and cand_b's one; cand_b's blank one gets 0 unmarked.
    assert Mark.objects.filter(answer__candidate__sitting=taken.exam.sitting).count() == 3
    assert verdict(capsys) == (0, set())


# Each case tampers with one table straight in the database and says which rows
# `bipin audit verify` must name. A deleted row is one nothing else hangs on
# (the database would refuse the rest); a paper's items go with it, and since a
# paper is how they reach the contest, they are named too.
def _question_changed(t):
    question = t.exam.paper.items.order_by("order").first().question
    edit(question, answer='["D"]')
    return {(row(question), "changed")}


def _question_deleted(t):
    delete(t.spare_question)
    return {(row(t.spare_question), "deleted")}


def _question_added(t):
    return {(added(t.spare_question), "unrecorded")}


def _paper_changed(t):
    edit(t.exam.paper, seed="tampered")
    return {(row(t.exam.paper), "changed")}


def _paper_deleted(t):
    items = list(t.spare_paper.items.all())
    for obj in [*items, t.spare_paper]:
        delete(obj)
    return {(row(t.spare_paper), "deleted")} | {(row(i), "deleted") for i in items}


def _paper_added(t):
    return {(added(t.exam.paper), "unrecorded")}


def _item_changed(t):
    item = t.exam.paper.items.order_by("order").first()
    edit(item, points=item.points + 1)
    return {(row(item), "changed")}


def _item_deleted(t):
    item = t.spare_paper.items.get()
    delete(item)
    return {(row(item), "deleted")}


def _item_added(t):
    item = t.exam.paper.items.order_by("order").first()
    return {(added(item, question=t.spare_question.pk), "unrecorded")}


def _sitting_changed(t):
    edit(t.exam.sitting, report_as="raw")
    return {(row(t.exam.sitting), "changed")}


def _sitting_deleted(t):
    delete(t.practice)
    return {(row(t.practice), "deleted")}


def _sitting_added(t):
    return {(added(t.exam.sitting), "unrecorded")}


def _candidate_changed(t):
    candidate = Candidate.objects.get(pk=t.exam.candidates["cand_a"].pk)  # the fixture's is from before the test
    edit(candidate, score=candidate.score + 1)
    return {(row(candidate), "changed")}


def _candidate_deleted(t):
    delete(t.absent)
    return {(row(t.absent), "deleted")}


def _candidate_added(t):
    return {(added(t.absent, user=t.exam.cast.users["bystander"].pk), "unrecorded")}


def _answer_changed(t):
    edit(t.unmarked, points=t.unmarked.points + 1)
    return {(row(t.unmarked), "changed")}


def _answer_deleted(t):
    delete(t.unmarked)
    return {(row(t.unmarked), "deleted")}


def _answer_added(t):
    return {(added(t.unmarked, candidate=t.absent.pk), "unrecorded")}


def _mark_changed(t):
    edit(t.mark, points=t.mark.points + 1)
    return {(row(t.mark), "changed")}


def _mark_deleted(t):
    delete(t.mark)
    return {(row(t.mark), "deleted")}


def _mark_added(t):
    return {(added(t.mark, marker=t.exam.cast.users["chief"].pk), "unrecorded")}


TAMPERING = {
    name.strip("_"): f
    for name, f in list(globals().items())
    if name.startswith("_") and name.endswith(("_changed", "_deleted", "_added"))
}


def test_every_exam_table_is_tampered_with_in_every_way():
    tables = ("question", "paper", "item", "sitting", "candidate", "answer", "mark")
    assert sorted(TAMPERING) == sorted(
        f"{t}_{k}" for t in tables for k in ("changed", "deleted", "added")
    )


@pytest.mark.parametrize("tampering", sorted(TAMPERING))
def test_a_row_tampered_with_in_the_database_is_named(taken, capsys, tampering):
    expected = TAMPERING[tampering](taken)
    assert verdict(capsys) == (1, expected)


def page_response(question) -> list[str]:
    return {"true_false": ["true"], "fill": ["答"], "short": ["答"]}.get(question.qtype, ["B"])


def test_the_whole_exam_flow_verifies_clean(cast, client, capsys):
    """Double marking with a third marker, a bank imported twice, a rule paper,
    candidates from a file, answers over the pages, a time-out and an absence."""
    exam = build_exam(cast, double_marking=True, marking_gap=Decimal(1), multiple_rule="half")
    organizer = cast.organizer
    services.import_bank(organizer, cast.contest, EXAMPLE.read_bytes(), EXAMPLE.name)
    services.assemble_paper(organizer, cast.contest, "抽题卷", "监测帮扶,,2", seed="s")
    make_user("cand_d", contest=cast.contest)
    data = csv_bytes(
        [["账号", "姓名", "参评单位"], ["cand_d", "丁", "南川县"], ["cand_e", "戊", "教育局"]]
    )
    assert services.import_candidates(organizer, exam.sitting, data, "考生.csv").count == 2
    b = exam.candidates["cand_b"]
    d = Candidate.objects.get(sitting=exam.sitting, user__username="cand_d")
    items = list(exam.paper.items.select_related("question").order_by("order"))
    short = [i for i in items if i.question.qtype == "short"]
    login(client, exam)
    with exam.at(1):
        client.post(urls(exam)["start"])
        for item in items:
            assert save(client, exam, item, page_response(item.question)).status_code == 200
        client.post(urls(exam)["submit"])
        services.start(b)
        services.start(d)
        services.save_answer(b, short[0].pk, ["要点"])
    with exam.at(40):  # b's time is up: the late answer closes the attempt
        with pytest.raises(services.ExamError):
            services.save_answer(b, items[0].pk, ["A"])
    services.expire_overdue(exam.sitting, now=exam.sitting.closes_at + timedelta(minutes=1))
    assert Candidate.objects.get(pk=d.pk).finish == Candidate.Finish.TIMEOUT
    assert Candidate.objects.get(pk=exam.candidates["cand_c"].pk).finish == Candidate.Finish.ABSENT
    judges = [cast.judge, cast.users["judge2"], cast.chief]
    for n, marker in enumerate(judges):
        for answer in services.marking_queue(exam.sitting, marker):
            services.record_mark(marker, answer, Decimal(n * 2))  # 0 and 2 are 2 apart: a third
    assert Answer.objects.filter(marks__isnull=False).distinct().count() == 3
    assert Mark.objects.count() == 9
    assert not Candidate.objects.filter(sitting=exam.sitting, score__isnull=True).exists()
    assert verdict(capsys) == (0, set())
