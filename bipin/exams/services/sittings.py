"""Sittings and attempts: candidates, start, autosave, finish, time-up.

Server time decides everything: a candidate's deadline is fixed when they
start (start + duration, never past the sitting's close) and only a small
declared network grace lets an answer sent just before time-up arrive.
"""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from bipin.accounts.origins import account_for, belongs_to
from bipin.audit.chain import record
from bipin.contests.models import Contest, Entrant
from bipin.contests.uploads import stored_length
from bipin.exams import grading
from bipin.exams.models import Answer, Candidate, Paper, PaperItem, Sitting
from bipin.exams.papers import shuffled
from bipin.exams.services.errors import ExamError, time_up
from bipin.io import Column, ImportFailed, read_table
from bipin.io.problems import Problems
from bipin.io.question_bank import QuestionType

# An answer sent in the last moment may arrive a little late over venue Wi-Fi;
# this much lateness is accepted and no more.
NETWORK_GRACE = timedelta(seconds=5)
MAX_TEXT = 2000


@transaction.atomic
def create_sitting(
    actor,
    contest: Contest,
    *,
    paper: Paper,
    name: str,
    opens_at,
    closes_at,
    duration_minutes: int,
    item_id: str = "政策测试",
    aggregate: str = "mean",
    multiple_rule: str = "all_or_nothing",
    double_marking: bool = False,
    marking_gap: Decimal = Decimal(2),
    on_stage: bool = True,
    counts: bool = True,
    report_as: str = "percent",
    show_score: bool = False,
) -> Sitting:
    if paper.contest_id != contest.pk:
        raise ExamError("试卷不属于本活动", "the paper belongs to another contest")
    if closes_at <= opens_at or duration_minutes < 1:
        raise ExamError(
            "截止时间应晚于开放时间,时长至少1分钟",
            "the close must be after the opening and the duration at least 1 minute",
        )
    sitting = Sitting.objects.create(
        contest=contest,
        paper=paper,
        name=name,
        item_id=item_id,
        opens_at=opens_at,
        closes_at=closes_at,
        duration_minutes=duration_minutes,
        aggregate=aggregate,
        multiple_rule=multiple_rule,
        double_marking=double_marking,
        marking_gap=marking_gap,
        on_stage=on_stage,
        counts=counts,
        report_as=report_as,
        show_score=show_score,
        seed=secrets.token_hex(8),
    )
    record(
        "exam.sitting_create",
        contest=contest,
        actor=actor,
        target=name,
        data={
            "paper": paper.pk,
            "item": item_id,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "minutes": duration_minutes,
            "aggregate": aggregate,
            "multiple": multiple_rule,
            "double": double_marking,
            "gap": marking_gap,
            "counts": counts,
            "report_as": report_as,
            "show_score": show_score,
            "seed": sitting.seed,
        },
        saved=[sitting],
    )
    return sitting


@transaction.atomic
def add_candidate(actor, sitting: Sitting, user, entrant: Entrant) -> Candidate:
    if entrant.contest_id != sitting.contest_id:
        raise ExamError("参评单位不属于本活动", "the entrant belongs to another contest")
    if sitting.candidates.filter(user=user).exists():
        raise ExamError(
            f"{user.get_username()} 已是本场考生", f"{user.get_username()} is already a candidate"
        )
    candidate = Candidate.objects.create(sitting=sitting, user=user, entrant=entrant)
    record(
        "exam.candidate_add",
        contest=sitting.contest,
        actor=actor,
        target=user.get_username(),
        data={"sitting": sitting.pk, "entrant": entrant.name},
        saved=[candidate],
    )
    return candidate


@transaction.atomic
def add_candidate_by_username(
    actor, sitting: Sitting, username: str, entrant: Entrant, full_name: str = ""
) -> Candidate:
    """Add a candidate, creating the account for this contest if new (no password: they
    log in by link). An existing account from elsewhere takes the test under its own
    log-in; the contest may not print a link for it (:mod:`bipin.accounts.links`)."""
    user, _belongs = account_for(actor, sitting.contest, username, full_name)
    return add_candidate(actor, sitting, user, entrant)


@dataclass(frozen=True)
class CandidateImport:
    count: int
    foreign: tuple[str, ...]  # existing accounts from elsewhere: no login link for them


User = get_user_model()

CANDIDATE_COLUMNS = [
    Column("username", ("考生账号", "账号", "用户名", "username"),
           max_length=stored_length(User, "username")),
    Column("full_name", ("姓名", "name", "full name"), required=False,
           max_length=stored_length(User, "first_name")),
    Column("entrant", ("参评单位", "所属单位", "单位", "entrant")),
]


def import_candidates(
    actor, sitting: Sitting, data: bytes, filename: str, *, sheet: str | None = None
) -> CandidateImport:
    """Add every candidate of a CSV/XLSX file (账号, 姓名, 参评单位), or none."""
    problems = Problems()
    rows = read_table(data, CANDIDATE_COLUMNS, filename=filename, sheet=sheet, problems=problems)
    entrants = {e.name: e for e in sitting.contest.entrants.all()}
    taken = set(sitting.candidates.values_list("user__username", flat=True))
    seen: dict[str, int] = {}
    for row in rows:
        # A cell with a problem of its own is None and not checked again.
        username, unit = row["username"], row["entrant"]
        if unit is not None and unit not in entrants:
            problems.append(
                row.problem(
                    "entrant", f"参评单位“{unit}”不存在", f"unknown entrant '{unit}'", filename
                )
            )
        if username is None:
            continue
        if username in taken:
            problems.append(
                row.problem(
                    "username",
                    f"{username} 已是本场考生",
                    f"{username} is already a candidate",
                    filename,
                )
            )
        elif username in seen:
            problems.append(
                row.problem(
                    "username",
                    f"与第{seen[username]}行重复",
                    f"duplicate of row {seen[username]}",
                    filename,
                )
            )
        seen.setdefault(username, row.number)
    if problems:
        raise ImportFailed(problems)
    foreign = []
    with transaction.atomic():
        for row in rows:
            candidate = add_candidate_by_username(
                actor,
                sitting,
                row["username"],
                entrants[row["entrant"]],
                row.get("full_name") or "",
            )
            if not belongs_to(sitting.contest, candidate.user):
                foreign.append(row["username"])
    return CandidateImport(len(rows), tuple(foreign))


def items_for(candidate: Candidate) -> list[tuple[PaperItem, list[int]]]:
    """The candidate's items in their order, each with its option order (indices)."""
    sitting, paper = candidate.sitting, candidate.sitting.paper
    items = list(paper.items.select_related("question"))
    if paper.shuffle_questions:
        items = shuffled(items, sitting.seed, candidate.pk, ident=lambda i: i.pk)
    out = []
    for item in items:
        order = list(range(len(item.question.options)))
        if paper.shuffle_options and QuestionType(item.question.qtype).is_choice:
            order = shuffled(order, sitting.seed, candidate.pk, item.pk, "options")
        out.append((item, order))
    return out


def _locked(candidate: Candidate) -> Candidate:
    return (
        Candidate.objects.select_for_update()
        .select_related("sitting", "sitting__contest", "user")
        .get(pk=candidate.pk)
    )


@transaction.atomic
def start(candidate: Candidate, now=None) -> Candidate:
    """Start the clock once; starting again (a reload) changes nothing."""
    now = now or timezone.now()
    candidate = _locked(candidate)
    if candidate.started_at is not None or candidate.is_finished:
        return candidate
    sitting = candidate.sitting
    if now < sitting.opens_at:
        raise ExamError("测试尚未开始", "the sitting has not opened yet", "not_open")
    if now >= sitting.closes_at:
        raise ExamError("测试已截止", "the sitting has closed", "closed")
    candidate.started_at = now
    candidate.deadline = min(now + timedelta(minutes=sitting.duration_minutes), sitting.closes_at)
    candidate.save(update_fields=["started_at", "deadline"])
    record(
        "exam.start",
        contest=sitting.contest,
        actor=candidate.user,
        target=candidate.user.get_username(),
        data={"sitting": sitting.pk, "deadline": candidate.deadline},
        saved=[candidate],
    )
    return candidate


def _clean_response(item: PaperItem, response) -> list[str]:
    q = item.question
    if not isinstance(response, list) or not all(isinstance(r, str) for r in response):
        raise ExamError("作答格式错误", "a response is a list of strings")
    qtype = QuestionType(q.qtype)
    if qtype.is_choice:
        letters = "ABCDEF"[: len(q.options)]
        if (
            any(r not in letters for r in response)
            or len(set(response)) != len(response)
            or (qtype == QuestionType.SINGLE and len(response) > 1)
        ):
            raise ExamError("选项无效", "invalid choice")
        return sorted(response)
    if qtype == QuestionType.TRUE_FALSE:
        if response not in ([], ["true"], ["false"]):
            raise ExamError("判断题只能选“对”或“错”", "true/false takes 'true' or 'false'")
        return response
    if len(response) > 1 or any(len(r) > MAX_TEXT for r in response):
        raise ExamError(f"答案不能超过{MAX_TEXT}字", f"an answer has at most {MAX_TEXT} characters")
    return [r.strip() for r in response if r.strip()]


def _is_newer(seq: int, stored: Answer | None) -> bool:
    # A page from before sequence numbers sends none (0): it still saves over
    # another 0, never over an answer a numbered page has saved.
    return stored is None or seq > stored.seq or seq == stored.seq == 0


def save_answer(candidate: Candidate, item_id: int, response, now=None, seq: int = 0) -> Answer:
    """Autosave one answer; refused once finished or after deadline + grace.

    ``seq`` is the page's number for this change of the answer. A page gives
    up on a save the server may still carry out later, after a newer one:
    a save numbered no higher than the stored answer's changes nothing and
    the stored answer is returned, so the page learns what will be graded.

    Every save is recorded: the response is what :func:`finish` grades, so a
    draft changed in the database would change the score. The record names
    the item only; the response itself is in the row's digest, and
    :func:`finish` records a hash of every final response.
    """
    now = now or timezone.now()
    with transaction.atomic():
        candidate = _locked(candidate)
        if candidate.started_at is None:
            raise ExamError("尚未开始答题", "the candidate has not started", "not_started")
        if candidate.is_finished:
            raise ExamError("已交卷,不能再修改", "already submitted", "finished")
        late = now > candidate.deadline + NETWORK_GRACE
        if not late:
            item = (
                PaperItem.objects.select_related("question")
                .filter(paper_id=candidate.sitting.paper_id, pk=item_id)
                .first()
            )
            if item is None:
                raise ExamError("没有这道题", "no such question on this paper")
            cleaned = _clean_response(item, response)
            # The candidate's row is locked, so no other save of this paper
            # runs between this read and the write.
            stored = Answer.objects.filter(candidate=candidate, item=item).first()
            if not _is_newer(seq, stored):
                return stored
            answer = stored or Answer(candidate=candidate, item=item)
            answer.response, answer.saved_at, answer.seq = cleaned, now, seq
            if stored is None:
                answer.save()
            else:
                answer.save(update_fields=["response", "saved_at", "seq"])
            record(
                "exam.answer_save",
                contest=candidate.sitting.contest,
                actor=candidate.user,
                target=candidate.user.get_username(),
                data={"sitting": candidate.sitting_id, "item": item.pk},
                saved=[answer],
            )
            return answer
    # Time is up: close the attempt (in its own transaction) and refuse the answer.
    finish(candidate, Candidate.Finish.TIMEOUT, now=now)
    raise time_up()


@transaction.atomic
def finish(candidate: Candidate, how: str = Candidate.Finish.SUBMITTED, now=None) -> Candidate:
    """Close the attempt once, grade the objective items and sum what is final."""
    now = now or timezone.now()
    candidate = _locked(candidate)
    if candidate.is_finished:
        return candidate
    sitting = candidate.sitting
    if candidate.started_at is not None and now > candidate.deadline:
        how = Candidate.Finish.TIMEOUT
        now = min(now, candidate.deadline + NETWORK_GRACE)
    existing = {a.item_id: a for a in candidate.answers.all()}
    answers = []
    for item in sitting.paper.items.select_related("question"):
        answer = existing.get(item.pk) or Answer(
            candidate=candidate, item=item, response=[], saved_at=now
        )
        q = item.question
        if q.qtype == QuestionType.SHORT and not answer.response:
            answer.points = Decimal("0.00")
        else:
            answer.points = grading.grade(
                q.qtype, q.answer, item.points, answer.response, sitting.multiple_rule
            )
        answers.append(answer)
    new = [a for a in answers if a.pk is None]
    # Split before inserting: bulk_create sets the new rows' pks (SQLite and
    # PostgreSQL, which the record names them by), and they need no update.
    Answer.objects.bulk_update([a for a in answers if a.pk is not None], ["points"])
    Answer.objects.bulk_create(new)
    candidate.finished_at, candidate.finish = now, how
    candidate.score = total_of(answers)
    candidate.save(update_fields=["finished_at", "finish", "score"])
    responses = {str(a.item_id): a.response for a in answers}
    record(
        "exam.finish",
        contest=sitting.contest,
        actor=candidate.user if how == "submitted" else None,
        target=candidate.user.get_username(),
        data={
            "sitting": sitting.pk,
            "how": how,
            "score": candidate.score,
            "answers_sha256": hashlib.sha256(
                json.dumps(responses, sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest(),
        },
        saved=[*answers, candidate],
    )
    return candidate


def total_of(answers) -> Decimal | None:
    if any(a.points is None for a in answers):
        return None
    return sum((a.points for a in answers), Decimal("0.00"))


def expire_overdue(sitting: Sitting, now=None) -> int:
    """Finish every attempt whose time is up; after the close, mark no-shows absent.

    Called lazily by the pages and by ``observations.collect``, so no
    background worker is needed: an attempt is closed as of its deadline
    whenever anyone next looks.
    """
    now = now or timezone.now()
    count = 0
    overdue = sitting.candidates.filter(finished_at__isnull=True, deadline__lt=now - NETWORK_GRACE)
    for candidate in overdue:
        finish(candidate, Candidate.Finish.TIMEOUT, now=now)
        count += 1
    if now > sitting.closes_at + NETWORK_GRACE:
        for candidate in sitting.candidates.filter(
            finished_at__isnull=True, started_at__isnull=True
        ):
            with transaction.atomic():
                candidate = _locked(candidate)
                if candidate.started_at is None and not candidate.is_finished:
                    candidate.finished_at, candidate.finish = now, Candidate.Finish.ABSENT
                    candidate.score = Decimal("0.00")
                    candidate.save(update_fields=["finished_at", "finish", "score"])
                    record(
                        "exam.absent",
                        contest=sitting.contest,
                        target=candidate.user.get_username(),
                        data={"sitting": sitting.pk},
                        saved=[candidate],
                    )
                    count += 1
    return count
