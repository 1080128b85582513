"""Domain functions of the department grids: save values, correct them, review.

Each runs in one transaction and writes its audit record in it. A grid is
saved all or nothing: one bad cell refuses the whole save, naming the cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import IntegrityError, transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.reporting import review
from bipin.reporting.grid import LEVELS, CellError, Grid, check, parse_value
from bipin.reporting.models import Submission, Value
from bipin.reporting.review import ReviewState
from bipin.scoring.ranges import value_range

Key = tuple[int, str]  # (entrant id, item)


@dataclass(frozen=True)
class Problem:
    """One refused cell (``key``) or form field, in both languages."""

    field: str
    zh: str
    en: str
    key: Key | None = None

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "zh": self.zh, "en": self.en}


class ReportingError(Exception):
    """A refused change; ``status`` is the HTTP status the API answers with."""

    def __init__(self, problems: list[Problem], status: int = 400) -> None:
        self.problems, self.status = problems, status
        super().__init__("; ".join(p.en for p in problems))

    def by_cell(self) -> dict[Key, Problem]:
        return {p.key: p for p in self.problems if p.key is not None}


def cell_field(key: Key) -> str:
    return f"v-{key[0]}-{key[1]}"


def submission_of(contest: Contest, department: str, label: str = "") -> Submission | None:
    return Submission.objects.filter(contest=contest, department=department, label=label).first()


def reported(contest: Contest, department: str, label: str = "") -> Submission:
    """The department's submission, for a decision on it; refused when nothing was reported."""
    sub = submission_of(contest, department, label)
    if sub is None:
        raise review.ReviewError("state", "该部门尚未填报", "nothing has been reported yet")
    return sub


def _submission(actor, contest: Contest, department: str, label: str = "") -> Submission:
    """The department's submission, created (and recorded) on its first write."""
    found = submission_of(contest, department, label)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            sub = Submission.objects.create(contest=contest, department=department, label=label)
    except IntegrityError:  # another request created it first
        return Submission.objects.get(contest=contest, department=department, label=label)
    record(
        "dept-submission.create",
        contest=contest,
        actor=actor,
        target=sub.review_target,
        data={"department": department, "label": label},
        saved=[sub],
    )
    return sub


def current_values(sub: Submission | None) -> dict[Key, Value]:
    if sub is None:
        return {}
    return {(v.entrant_id, v.item): v for v in Value.objects.filter(submission=sub, current=True)}


def _name(grid: Grid, key: Key) -> str:
    names = {e.pk: e.name for e in grid.entrants}
    return f"{names.get(key[0], key[0])} · {key[1]}"


def parse_cells(
    grid: Grid, raw: Mapping[Key, object]
) -> tuple[dict[Key, Decimal | None], list[Problem]]:
    """Read and check every cell; the problems name the entrant and the indicator."""
    clean: dict[Key, Decimal | None] = {}
    problems: list[Problem] = []
    for key, text in raw.items():
        node = grid.node(*key)
        where = _name(grid, key)
        derived = grid.leaves.get(key)
        if derived is not None and derived.formula is not None:
            # The engine refuses a row for a computed leaf; say so at the cell, with its inputs.
            said = "、".join(derived.formula.inputs)
            problems.append(
                Problem(
                    cell_field(key),
                    f"{where}:按公式 {derived.formula.text} 计算,不直接填写;请填写输入项{said}",
                    f"{where}: computed by {derived.formula.text}; give its inputs "
                    f"({', '.join(derived.formula.inputs)})",
                    key,
                )
            )
            continue
        if node is None:
            problems.append(
                Problem(
                    cell_field(key),
                    f"{where}:该指标不评价该单位",
                    f"{where}: this indicator does not rate this entrant",
                    key,
                )
            )
            continue
        try:
            value = parse_value(text)
        except CellError as exc:
            problems.append(
                Problem(cell_field(key), f"{where}:{exc.zh}", f"{where}: {exc.en}", key)
            )
            continue
        for zh, en in check(node, value):
            problems.append(Problem(cell_field(key), f"{where}:{zh}", f"{where}: {en}", key))
        clean[key] = value
    return clean, problems


def check_derived(
    grid: Grid, sub: Submission | None, clean: Mapping[Key, Decimal | None]
) -> None:
    """Refuse a save that gives a derived leaf a value outside its valid range.

    The engine would refuse the whole computation at the first input row; the
    department hears it here, at its own inputs, while it can still fix them.
    """
    values: dict[Key, Decimal | None] = {k: v.value for k, v in current_values(sub).items()}
    values.update(clean)
    names = {e.pk: e.name for e in grid.entrants}
    problems = []
    for (entrant_id, leaf_id), leaf in grid.leaves.items():
        found = grid.computed(entrant_id, leaf_id, values)
        rng = value_range(leaf)
        if found is None or found.value is None or rng is None:
            continue
        if not rng.outside(np.array([found.value]))[0]:
            continue
        assert leaf.formula is not None
        text, shown = leaf.formula.text, f"{found.value:g}"
        key = next(
            (k for k in ((entrant_id, n) for n in leaf.formula.inputs) if k in clean),
            (entrant_id, leaf.formula.inputs[0]),
        )
        where = f"{names[entrant_id]} · {leaf_id}"
        problems.append(
            Problem(
                cell_field(key),
                f"{where}:按公式 {text} 算得{shown},超出有效范围{rng.text}({rng.why_zh})",
                f"{where}: {text} gives {shown}, outside its valid range {rng.text} "
                f"({rng.why_en})",
                key,
            )
        )
    if problems:
        raise ReportingError(problems)


def _reason(reason: str, required: bool) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise ReportingError([Problem("reason", "更正须填写原因", "a correction needs a reason")])
    if len(text) > review.REASON_MAX_LENGTH:
        raise ReportingError(
            [
                Problem(
                    "reason",
                    f"原因不能超过 {review.REASON_MAX_LENGTH} 字",
                    f"reason: at most {review.REASON_MAX_LENGTH} characters",
                )
            ]
        )
    return text


def _write(
    sub: Submission, actor, clean: Mapping[Key, Decimal | None], via: str, reason: str
) -> list[Value]:
    """New rows for the cells whose value changed; the rows they supersede stop being current."""
    old = current_values(sub)
    now = timezone.now()
    superseded: list[Value] = []
    new: list[Value] = []
    for key, value in clean.items():
        before = old.get(key)
        if (before.value if before else None) == value:
            continue  # unchanged (also what makes a resent PUT idempotent)
        if before is not None:
            before.current = False
            superseded.append(before)
        new.append(
            Value(
                submission=sub,
                entrant_id=key[0],
                item=key[1],
                value=value,
                supersedes=before,
                entered_by=actor,
                entered_at=now,
                via=via,
                is_correction=bool(reason),
                reason=reason,
            )
        )
    # Two statements for the whole grid, not two per cell: a 24 × 60 grid is 1,440 cells.
    Value.objects.filter(pk__in=[v.pk for v in superseded]).update(current=False)
    Value.objects.bulk_create(new, batch_size=500)
    return [*superseded, *new]


def _changes(written: list[Value]) -> dict[str, str | None]:
    return {
        f"{v.entrant_id}:{v.item}": (None if v.value is None else str(v.value))
        for v in written
        if v.current
    }


@transaction.atomic
def save_values(
    actor,
    contest: Contest,
    grid: Grid,
    raw: Mapping[Key, object],
    *,
    via: str = Value.Via.PAGE,
    label: str = "",
) -> int:
    """The reporter saves cells of a draft or returned grid; returns how many changed.

    All or nothing: any bad cell refuses the whole save, naming each bad cell.
    """
    clean, problems = parse_cells(grid, raw)
    if problems:
        raise ReportingError(problems)
    sub = _submission(actor, contest, grid.department, label)
    sub = Submission.objects.select_for_update().get(pk=sub.pk)
    if not review.editable(sub):
        raise ReportingError(
            [
                Problem(
                    "state",
                    f"报送{sub.get_state_display()},不能修改;审核通过后请由审核人更正,或请组织者重新打开",
                    f"the submission is {sub.state} and cannot be changed; after approval the "
                    "reviewer corrects it, or the organizer reopens it",
                )
            ],
            409,
        )
    check_derived(grid, sub, clean)
    written = _write(sub, actor, clean, via, "")
    if written:
        record(
            "dept-value.save",
            contest=contest,
            actor=actor,
            target=sub.review_target,
            data={"department": grid.department, "via": via, "values": _changes(written)},
            saved=written,
        )
    return sum(1 for v in written if v.current)


@transaction.atomic
def correct_values(
    actor, contest: Contest, grid: Grid, raw: Mapping[Key, object], reason: str, *, label: str = ""
) -> int:
    """更正 after approval by the department's reviewer: takes effect at once, with its
    reason kept on each new row and in the submission's history."""
    text = _reason(reason, True)
    clean, problems = parse_cells(grid, raw)
    if problems:
        raise ReportingError(problems)
    sub = submission_of(contest, grid.department, label)
    if sub is None or sub.state != ReviewState.APPROVED:
        raise ReportingError(
            [
                Problem(
                    "state",
                    "只有已审核的报送可以更正",
                    "only an approved submission takes corrections",
                )
            ],
            409,
        )
    sub = Submission.objects.select_for_update().get(pk=sub.pk)
    check_derived(grid, sub, clean)
    written = _write(sub, actor, clean, Value.Via.PAGE, text)
    if not written:
        raise ReportingError(
            [Problem("values", "没有数值改变,无需更正", "no value changed; nothing to correct")]
        )
    review.record_correction(
        sub,
        actor,
        reason=text,
        level=LEVELS[0],
        saved=written,
        data={"department": grid.department, "values": _changes(written)},
    )
    return sum(1 for v in written if v.current)


def _missing(grid: Grid, sub: Submission) -> int:
    filled = {k for k, v in current_values(sub).items() if v.value is not None}
    return sum(1 for k in grid.cells if k not in filled)


@transaction.atomic
def submit(actor, contest: Contest, grid: Grid, *, label: str = "") -> Submission:
    """提交: every cell of the grid must hold a value."""
    sub = _submission(actor, contest, grid.department, label)
    missing = _missing(grid, sub)
    if missing:
        raise ReportingError(
            [
                Problem(
                    "values",
                    f"还有 {missing} 个单元格未填写,不能提交",
                    f"{missing} cells are still blank",
                )
            ]
        )
    return review.submit(sub, actor, levels=LEVELS, data={"department": grid.department})


def approve(actor, sub: Submission, reason: str = "") -> Submission:
    return review.approve(sub, actor, level=LEVELS[0], levels=LEVELS, reason=reason)


def send_back(actor, sub: Submission, reason: str) -> Submission:
    return review.send_back(sub, actor, level=LEVELS[0], levels=LEVELS, reason=reason)


def reopen(actor, sub: Submission, reason: str) -> Submission:
    return review.reopen(sub, actor, reason=reason)


@transaction.atomic
def set_deadline(
    actor, contest: Contest, department: str, deadline, *, label: str = ""
) -> Submission:
    sub = _submission(actor, contest, department, label)
    sub = Submission.objects.select_for_update().get(pk=sub.pk)
    sub.deadline = deadline
    sub.save(update_fields=["deadline"])
    record(
        "dept-submission.deadline",
        contest=contest,
        actor=actor,
        target=sub.review_target,
        data={"department": department, "deadline": deadline.isoformat() if deadline else None},
        saved=[sub],
    )
    return sub


@transaction.atomic
def attach(
    actor, contest: Contest, grid: Grid, entrant_id: int, item: str, uploads, *, label: str = ""
):
    """Keep evidence files for an entrant's row (``item`` blank) or one cell of the grid.

    All or nothing: a refused file (bipin.evidence) stops every file.
    """
    from bipin.evidence.services import store_many
    from bipin.reporting.models import Attachment

    where = {e.pk: e.name for e in grid.entrants}
    if entrant_id not in where or (item and grid.node(entrant_id, item) is None):
        raise ReportingError([Problem("cell", "本表没有该单元格", "this grid has no such cell")])
    if not uploads:
        raise ReportingError(
            [Problem("files", "请选择要上传的佐证材料", "choose the files to attach")]
        )
    sub = _submission(actor, contest, grid.department, label)
    files = store_many(actor, contest, uploads)
    rows = []
    for f in files:
        row, created = Attachment.objects.get_or_create(
            submission=sub, entrant_id=entrant_id, item=item, file=f, defaults={"added_by": actor}
        )
        if created:
            rows.append(row)
    if rows:
        record(
            "dept-evidence.attach",
            contest=contest,
            actor=actor,
            target=sub.review_target,
            data={
                "department": grid.department,
                "entrant": where[entrant_id],
                "item": item,
                "files": [f"evidence:{r.file_id}" for r in rows],
            },
            saved=rows,
        )
    return rows
