"""Domain functions of the supervision record book.

Each runs in one transaction and writes its audit record in it. Values are
checked against the leaf's declared or implied range (bipin.scoring.ranges)
and refused with the field named, in Chinese and English; nothing is clipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from bipin.audit.chain import record as audit
from bipin.contests.models import Contest, Entrant
from bipin.contests.params import too_long
from bipin.evidence.refusals import EvidenceRefused
from bipin.evidence.services import store_many
from bipin.judging.engine import contest_scheme
from bipin.scoring import Node, Source
from bipin.scoring.ranges import row_problems
from bipin.scoring.records import RecordRule
from bipin.scoring.rules import Veto
from bipin.supervision.models import Record, RecordEvidence

Status = Record.Status


@dataclass(frozen=True)
class Problem:
    field: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


class Refused(Exception):
    """A change refused as a whole; ``problems`` name each field at fault."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.en for p in self.problems))


def _refuse(field: str, zh: str, en: str) -> Refused:
    return Refused([Problem(field, zh, en)])


def leaf_for(contest: Contest, entrant: Entrant, item: str) -> Node | None:
    """The supervision leaf ``item`` as it applies to the entrant's group (variants resolved)."""
    scheme = contest_scheme(contest)
    if scheme is None:
        return None
    return next(
        (n for n in scheme.leaves(Source.SUPERVISION, entrant.group.name) if n.id == item), None
    )


def needs_amount(leaf: Node) -> bool:
    """A veto or a bonus/deduction without a per-record ``each`` needs a value on each record."""
    return isinstance(leaf.rule, Veto) or (
        isinstance(leaf.rule, RecordRule) and leaf.rule.each is None
    )


@dataclass(frozen=True)
class Entry:
    """What a clerk types for one record."""

    entrant: Entrant
    item: str
    date: dt.date | None
    doc_number: str
    reason: str
    amount: Decimal | None


def check(contest: Contest, entry: Entry) -> list[Problem]:
    """Everything wrong with ``entry``, each naming its field."""
    problems = []
    if entry.entrant.contest_id != contest.pk:
        return [Problem("entrant", "参评对象不在本活动中", "the entrant is not in this contest")]
    leaf = leaf_for(contest, entry.entrant, entry.item)
    if leaf is None:
        problems.append(
            Problem(
                "item",
                f"“{entry.item}”不是“{entry.entrant.group.name}”组的日常监督指标",
                f"{entry.item!r} is not a supervision item of group {entry.entrant.group.name!r}",
            )
        )
    elif entry.amount is None and needs_amount(leaf):
        problems.append(
            Problem(
                "amount",
                f"“{leaf.id}”的每条记录须填写分值",
                f"{leaf.id!r}: each record needs a value",
            )
        )
    elif entry.amount is not None and not _storable(entry.amount):
        problems.append(
            Problem(
                "amount",
                f"分值{plain(entry.amount)}最多保留4位小数、整数部分最多10位",
                f"value {plain(entry.amount)}: at most 4 decimals and 10 whole digits",
            )
        )
    elif entry.amount is not None:
        problems += [
            Problem("amount", zh, en)
            for field, zh, en in row_problems(leaf, float(entry.amount), 1.0)
            if field == "value"
        ]
    if entry.date is None:
        problems.append(Problem("date", "请填写日期", "the date is required"))
    if not entry.reason.strip():
        problems.append(Problem("reason", "请填写事由", "the reason is required"))
    for column, text, zh in (
        ("doc_number", entry.doc_number, "文号"),
        ("reason", entry.reason, "事由"),
    ):
        limit = too_long(Record, column, text)
        if limit is not None:
            problems.append(
                Problem(column, f"{zh}不能超过 {limit} 字", f"{column}: at most {limit} characters")
            )
    return problems


def _storable(amount: Decimal) -> bool:
    """Fits the column as typed: the database would round a fifth decimal in silence."""
    return (
        amount.is_finite() and abs(amount) < 10**10 and amount == amount.quantize(Decimal("0.0001"))
    )


def plain(amount: Decimal) -> str:
    """2.5000 -> "2.5": the same text whether the value was just typed or read back."""
    return format(Decimal(amount).normalize(), "f")


def _reason(column: str, text: str, name_zh: str, missing_en: str) -> str:
    """A required reason, stripped; refused when blank or longer than its column."""
    if not text.strip():
        raise _refuse(column, f"请填写{name_zh}", missing_en)
    limit = too_long(Record, column, text)
    if limit is not None:
        raise _refuse(
            column, f"{name_zh}不能超过 {limit} 字", f"{column}: at most {limit} characters"
        )
    return text.strip()


def _snapshot(rec: Record) -> dict:
    """What the audit keeps of a record, its files by SHA-256."""
    return {**_fields(rec), "evidence": sorted(rec.evidence.values_list("sha256", flat=True))}


def _fields(rec: Record) -> dict:
    return {
        "entrant": rec.entrant.name,
        "item": rec.item,
        "date": rec.date.isoformat(),
        "doc_number": rec.doc_number,
        "reason": rec.reason,
        "amount": None if rec.amount is None else plain(rec.amount),
        "status": rec.status,
    }


def new_record(
    actor,
    contest: Contest,
    entry: Entry,
    supersedes: Record | None = None,
    correction_reason: str = "",
) -> Record:
    """The row of a checked entry, a draft; the caller records the audit."""
    return Record.objects.create(
        contest=contest,
        entrant=entry.entrant,
        item=entry.item,
        date=entry.date,
        doc_number=entry.doc_number.strip(),
        reason=entry.reason.strip(),
        amount=entry.amount,
        entered_by=actor,
        supersedes=supersedes,
        correction_reason=correction_reason,
    )


@transaction.atomic
def add_record(
    actor,
    contest: Contest,
    entry: Entry,
    *,
    files: Sequence[UploadedFile] = (),
    supersedes: Record | None = None,
    correction_reason: str = "",
) -> Record:
    problems = check(contest, entry)
    if problems:
        raise Refused(problems)
    rec = new_record(actor, contest, entry, supersedes, correction_reason)
    carried = list(supersedes.evidence.all()) if supersedes is not None else []
    links = attach(actor, rec, files, carried)
    action = "supervision.correct" if supersedes else "supervision.add"
    data = _snapshot(rec)
    if supersedes is not None:
        data["supersedes"] = supersedes.ref
    audit(
        action,
        contest=contest,
        actor=actor,
        target=rec.ref,
        data=data,
        reason=correction_reason,
        saved=[rec, *links],
    )
    return rec


def attach(actor, rec: Record, files: Sequence[UploadedFile], carried=()) -> list[RecordEvidence]:
    """Keep the uploads as evidence (all or none) and link them, with ``carried`` files, to ``rec``."""
    leaf = leaf_for(rec.contest, rec.entrant, rec.item)
    try:
        stored = store_many(
            actor, rec.contest, files, keep_location=bool(leaf and leaf.keep_location)
        )
    except EvidenceRefused as exc:
        raise _refuse("files", exc.zh, exc.en) from None
    have = set(rec.files.values_list("evidence_id", flat=True))
    links = []
    for f in [*carried, *stored]:
        if f.pk not in have:
            have.add(f.pk)
            links.append(RecordEvidence.objects.create(record=rec, evidence=f))
    return links


@transaction.atomic
def edit_record(actor, rec: Record, entry: Entry, files: Sequence[UploadedFile] = ()) -> Record:
    """Change a draft or a returned record; a returned one becomes a draft again."""
    rec = Record.objects.select_for_update().get(pk=rec.pk)
    if not rec.editable:
        raise _refuse(
            "status",
            f"“{rec.get_status_display()}”的记录不能修改;已通过的请提交更正",
            f"a {rec.status} record cannot be edited; correct an approved one instead",
        )
    problems = check(rec.contest, entry)
    if problems:
        raise Refused(problems)
    rec.entrant, rec.item, rec.date = entry.entrant, entry.item, entry.date
    rec.doc_number, rec.reason, rec.amount = (
        entry.doc_number.strip(),
        entry.reason.strip(),
        entry.amount,
    )
    rec.status = Status.DRAFT
    rec.save(update_fields=["entrant", "item", "date", "doc_number", "reason", "amount", "status"])
    links = attach(actor, rec, files)
    audit(
        "supervision.edit",
        contest=rec.contest,
        actor=actor,
        target=rec.ref,
        data=_snapshot(rec),
        saved=[rec, *links],
    )
    return rec


def _pending_correction(rec: Record) -> Record | None:
    return rec.corrections.exclude(status=Status.APPROVED).first()


def is_superseded(rec: Record) -> bool:
    return rec.corrections.filter(status=Status.APPROVED).exists()


def correct_record(
    actor, rec: Record, entry: Entry, reason: str, files: Sequence[UploadedFile] = ()
) -> Record:
    """A new draft replacing an approved record; the old one counts until it is approved."""
    if rec.status != Status.APPROVED or is_superseded(rec):
        raise _refuse(
            "status",
            "只能更正已通过且仍有效的记录",
            "only an approved record still in force can be corrected",
        )
    pending = _pending_correction(rec)
    if pending is not None:
        raise _refuse(
            "status",
            f"该记录已有未审核完的更正(#{pending.pk}),请先处理它",
            f"this record already has a correction in progress (#{pending.pk})",
        )
    reason = _reason("correction_reason", reason, "更正原因", "a correction needs a reason")
    return add_record(
        actor, rec.contest, entry, files=files, supersedes=rec, correction_reason=reason
    )


@transaction.atomic
def submit_records(actor, records: Iterable[Record]) -> list[Record]:
    """Submit drafts for review, all or none."""
    ids = [r.pk for r in records]
    if not ids:
        raise _refuse("records", "请至少选择一条记录", "choose at least one record")
    locked = list(Record.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    wrong = [r for r in locked if r.status != Status.DRAFT]
    if wrong:
        raise Refused(
            [
                Problem(
                    "records",
                    f"记录#{r.pk}是“{r.get_status_display()}”,只能提交草稿",
                    f"record #{r.pk} is {r.status}; only drafts are submitted",
                )
                for r in wrong
            ]
        )
    now = timezone.now()
    for r in locked:
        r.status, r.submitted_at = Status.SUBMITTED, now
        r.reviewed_by, r.reviewed_at, r.return_reason = None, None, ""
        r.save(
            update_fields=["status", "submitted_at", "reviewed_by", "reviewed_at", "return_reason"]
        )
    audit(
        "supervision.submit",
        contest=locked[0].contest,
        actor=actor,
        target=", ".join(r.ref for r in locked),
        data={"records": [r.pk for r in locked]},
        saved=locked,
    )
    return locked


def _decide(actor, rec: Record, status: str, reason: str) -> Record:
    rec = Record.objects.select_for_update().select_related("contest").get(pk=rec.pk)
    if rec.status != Status.SUBMITTED:
        raise _refuse(
            "status",
            f"记录#{rec.pk}是“{rec.get_status_display()}”,只能审核待审核的记录",
            f"record #{rec.pk} is {rec.status}; only submitted records are reviewed",
        )
    rec.status, rec.reviewed_by, rec.reviewed_at = status, actor, timezone.now()
    rec.return_reason = reason
    rec.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_reason"])
    return rec


@transaction.atomic
def approve_record(actor, rec: Record) -> Record:
    rec = _decide(actor, rec, Status.APPROVED, "")
    data = _snapshot(rec)
    if rec.supersedes_id:
        data["supersedes"] = f"supervision:{rec.supersedes_id}"
    audit(
        "supervision.approve",
        contest=rec.contest,
        actor=actor,
        target=rec.ref,
        data=data,
        saved=[rec],
    )
    return rec


@transaction.atomic
def return_record(actor, rec: Record, reason: str) -> Record:
    reason = _reason("return_reason", reason, "退回原因", "a return needs a reason")
    rec = _decide(actor, rec, Status.RETURNED, reason)
    audit(
        "supervision.return",
        contest=rec.contest,
        actor=actor,
        target=rec.ref,
        data=_snapshot(rec),
        reason=rec.return_reason,
        saved=[rec],
    )
    return rec


def counting(records: QuerySet) -> QuerySet:
    """Records that reach the engine: approved, and no approved correction replaces them."""
    return (
        records.filter(status=Status.APPROVED)
        .exclude(Q(corrections__status=Status.APPROVED))
        .distinct()
    )


@dataclass(frozen=True)
class Tally:
    """One entrant's approved records of one item against the item's cap."""

    entrant: Entrant
    item: str
    count: int
    total: Decimal
    cap: float | None
    veto: bool

    @property
    def over(self) -> bool:
        return self.cap is not None and float(self.total) > self.cap

    @property
    def counted(self) -> Decimal:
        if self.over:
            return Decimal(str(self.cap))
        return self.total

    @property
    def triggered(self) -> bool:
        return self.veto and self.total != 0


def tallies(contest: Contest, records: QuerySet) -> list[Tally]:
    """The running sum of counting records per entrant and item, with the item's cap.

    The engine applies the cap; this only shows it, so a sum over the cap is
    visible ("超出上限的部分不计分") rather than clipped in silence.
    """
    sums: dict[tuple[int, str], list] = {}
    for rec in counting(records).select_related("entrant__group").order_by("entrant__name", "item"):
        key = (rec.entrant_id, rec.item)
        entry = sums.setdefault(key, [rec.entrant, 0, []])
        entry[1] += 1
        entry[2].append(rec.amount)
    out = []
    for (_, item), (entrant, count, amounts) in sums.items():
        leaf = leaf_for(contest, entrant, item)
        rule = leaf.rule if leaf else None
        each = getattr(rule, "each", None)
        # As the rule prices a record: its ``each`` when declared, else its value (sign ignored).
        total = sum(
            (Decimal(str(each)) if each is not None else abs(a or 0) for a in amounts), Decimal(0)
        )
        cap = rule.limit(leaf.points) if isinstance(rule, RecordRule) else None
        out.append(Tally(entrant, item, count, total, cap, isinstance(rule, Veto)))
    return out


def superseded_ids(records: QuerySet) -> list[int]:
    """Records among ``records`` that an approved correction replaces."""
    return list(
        Record.objects.filter(
            pk__in=records.values("pk"), corrections__status=Status.APPROVED
        ).values_list("pk", flat=True)
    )


def history(rec: Record) -> list[Record]:
    """The record's line of corrections, oldest first: what it corrected and what corrects it."""
    first = rec
    while first.supersedes_id:
        first = Record.objects.select_related("entered_by", "reviewed_by").get(
            pk=first.supersedes_id
        )
    line, todo = [], [first]
    while todo:
        current = todo.pop(0)
        line.append(current)
        todo += list(current.corrections.select_related("entered_by", "reviewed_by").order_by("pk"))
    return line
