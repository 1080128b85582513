"""The review workflow (填报 → 审核) that any submission-like model can use.

A submission is filled in (填报中), submitted (已提交), then approved (已审核)
or returned with a reason (已退回). Approval may take several levels along an
area's hierarchy (village → township → county → city): each level approves
what the level below approved, in order, and a level's approval locks
everything below it — a lower level cannot undo its approval, and nobody can
change the values, until every level above has undone its own, with a reason.
The organizer may reopen a submission at any point (reason required), which
puts it back into 填报中 and clears every level's approval.

How a model takes part::

    class Submission(Reviewed):            # adds state, approved_level, changed_at
        contest = models.ForeignKey(Contest, ...)   # or override review_contest()
        review_audit = "submission"        # audit actions "submission.submit", ...

    class SubmissionEvent(ReviewEventBase):
        submission = models.ForeignKey(Submission, on_delete=models.PROTECT,
                                       related_name="review_events")

The level chain is the caller's, passed to every function as ``levels``: a
sequence of short keys, lowest first, e.g. ``("department",)`` for a sector
department's one reviewer, ``("township", "county", "city")`` for periodic
statistics. Who may act at a level is an access decision, taken by the
caller's access module before calling these functions; they check only that
the transition is allowed in the submission's state, write the history row
and the audit record in one transaction, and refuse with a
:class:`ReviewError` in Chinese and English otherwise.

Every function accepts ``saved`` (more rows of tracked tables that the caller
wrote in the same transaction, to be named in the one audit record) and
``data`` (more audit data). Callers that write rows of their own open a
``transaction.atomic()`` around both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.audit.chain import record

__all__ = [
    "REASON_MAX_LENGTH",
    "ReviewAction",
    "ReviewError",
    "ReviewEventBase",
    "ReviewState",
    "Reviewed",
    "approve",
    "approved_levels",
    "awaiting",
    "editable",
    "locking_level",
    "pending_level",
    "q_approved_through",
    "q_awaiting",
    "record_correction",
    "reopen",
    "send_back",
    "submit",
    "undo_approval",
]

REASON_MAX_LENGTH = 500


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回")
    UNDO = "undo", _("撤销审核")
    REOPEN = "reopen", _("重新打开")
    CORRECT = "correct", _("更正")


class ReviewError(Exception):
    """A refused transition; ``status`` is the HTTP status a page or API answers with."""

    def __init__(self, field: str, zh: str, en: str, status: int = 409) -> None:
        self.field, self.zh, self.en, self.status = field, zh, en, status
        super().__init__(en)

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "zh": self.zh, "en": self.en}


class Reviewed(models.Model):
    """Abstract mixin: the review state of one submission."""

    state = models.CharField(
        _("状态"), max_length=12, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    # The key of the highest level that has approved ("" for none yet). Levels
    # approve in order, so this one key says which levels approved.
    approved_level = models.CharField(_("已审核至"), max_length=40, blank=True)
    changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Prefix of the audit actions ("<prefix>.submit", ...) and targets ("<prefix>:<pk>").
    review_audit = "submission"

    class Meta:
        abstract = True

    def review_contest(self):
        """The contest whose audit chain records this submission's transitions."""
        return self.contest

    @property
    def review_target(self) -> str:
        return f"{self.review_audit}:{self.pk}"


class ReviewEventBase(models.Model):
    """Abstract history row: who did what to a submission, when, from which state
    to which, at which level, and why. The concrete model adds the foreign key
    to its submission with ``related_name="review_events"``."""

    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=10, choices=ReviewAction.choices)
    from_state = models.CharField(max_length=12, choices=ReviewState.choices)
    to_state = models.CharField(max_length=12, choices=ReviewState.choices)
    level = models.CharField(_("审核层级"), max_length=40, blank=True)
    reason = models.CharField(_("原因"), max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


# --- reading the state -------------------------------------------------------------------


def _check_levels(levels: Sequence[str]) -> tuple[str, ...]:
    chain = tuple(levels)
    if not chain or len(set(chain)) != len(chain) or not all(chain):
        raise ValueError(f"levels must be distinct non-empty keys, got {chain!r}")
    return chain


def approved_levels(obj: Reviewed, levels: Sequence[str]) -> tuple[str, ...]:
    """The levels that have approved ``obj``, lowest first."""
    chain = _check_levels(levels)
    if not obj.approved_level or obj.state not in (ReviewState.SUBMITTED, ReviewState.APPROVED):
        return ()
    if obj.approved_level not in chain:
        raise ValueError(f"{obj.approved_level!r} is not one of the levels {chain!r}")
    return chain[: chain.index(obj.approved_level) + 1]


def pending_level(obj: Reviewed, levels: Sequence[str]) -> str | None:
    """The level whose approval ``obj`` awaits, or None (not submitted, or fully approved)."""
    if obj.state != ReviewState.SUBMITTED:
        return None
    chain = _check_levels(levels)
    done = approved_levels(obj, chain)
    return chain[len(done)] if len(done) < len(chain) else None


def locking_level(obj: Reviewed, levels: Sequence[str]) -> str | None:
    """The highest level that has approved: only it may undo its approval."""
    done = approved_levels(obj, levels)
    return done[-1] if done else None


def editable(obj: Reviewed) -> bool:
    """Whether the filler may change the values (填报中 or 已退回)."""
    return obj.state in (ReviewState.DRAFT, ReviewState.RETURNED)


def awaiting(obj: Reviewed, level: str, levels: Sequence[str]) -> bool:
    return pending_level(obj, levels) == level


def q_awaiting(levels: Sequence[str], level: str, prefix: str = "") -> Q:
    """Filter for submissions awaiting ``level``'s approval (``prefix`` e.g. "submission__")."""
    chain = _check_levels(levels)
    i = chain.index(level)
    below = chain[i - 1] if i else ""
    return Q(**{f"{prefix}state": ReviewState.SUBMITTED, f"{prefix}approved_level": below})


def q_approved_through(levels: Sequence[str], level: str, prefix: str = "") -> Q:
    """Filter for submissions that ``level`` (and so every level below) has approved."""
    chain = _check_levels(levels)
    return Q(
        **{
            f"{prefix}state__in": (ReviewState.SUBMITTED, ReviewState.APPROVED),
            f"{prefix}approved_level__in": chain[chain.index(level) :],
        }
    )


# --- transitions -------------------------------------------------------------------------


def _reason(reason: str, required: bool, what_zh: str, what_en: str) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise ReviewError(
            "reason", f"{what_zh}须填写原因", f"a reason is required to {what_en}", 400
        )
    if len(text) > REASON_MAX_LENGTH:
        raise ReviewError(
            "reason",
            f"原因不能超过 {REASON_MAX_LENGTH} 字",
            f"reason: at most {REASON_MAX_LENGTH} characters",
            400,
        )
    return text


def _level(level: str, chain: tuple[str, ...]) -> str:
    if level not in chain:
        raise ValueError(f"{level!r} is not one of the levels {chain!r}")
    return level


def _locked(obj: Reviewed) -> Reviewed:
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _at(obj: Reviewed, level: str, levels: Sequence[str]) -> tuple[tuple[str, ...], Reviewed]:
    """The checked chain and the submission's row, locked until commit."""
    chain = _check_levels(levels)
    _level(level, chain)
    return chain, _locked(obj)


def _require_pending(obj: Reviewed, chain: tuple[str, ...], level: str, zh: str) -> None:
    if pending_level(obj, chain) != level:
        raise _refuse_state(obj, zh, f"this submission is not awaiting approval at {level}")


def _move(
    obj: Reviewed,
    actor,
    action: ReviewAction,
    to_state: str,
    approved_level: str,
    *,
    level: str = "",
    reason: str = "",
    saved: Iterable[models.Model] = (),
    data: dict[str, Any] | None = None,
):
    from_state = obj.state
    obj.state, obj.approved_level = to_state, approved_level
    obj.changed_at, obj.changed_by = timezone.now(), actor
    obj.save(update_fields=["state", "approved_level", "changed_at", "changed_by"])
    event = obj.review_events.create(
        at=obj.changed_at,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        level=level,
        reason=reason,
    )
    record(
        f"{obj.review_audit}.{action}",
        contest=obj.review_contest(),
        actor=actor,
        target=obj.review_target,
        data={"from": from_state, "to": to_state, "level": level, **(data or {})},
        reason=reason,
        saved=[obj, event, *saved],
    )
    return obj


def _refuse_state(obj: Reviewed, zh: str, en: str) -> ReviewError:
    return ReviewError(
        "state",
        f"{zh}(当前状态:{ReviewState(obj.state).label})",
        f"{en} (it is {obj.state})",
    )


@transaction.atomic
def submit(obj: Reviewed, actor, *, levels: Sequence[str], saved=(), data=None) -> Reviewed:
    """填报中/已退回 → 已提交, awaiting the lowest level."""
    _check_levels(levels)
    obj = _locked(obj)
    if not editable(obj):
        raise _refuse_state(
            obj,
            "只有填报中或已退回的报送可以提交",
            "only a draft or returned submission can be submitted",
        )
    return _move(obj, actor, ReviewAction.SUBMIT, ReviewState.SUBMITTED, "", saved=saved, data=data)


@transaction.atomic
def approve(
    obj: Reviewed,
    actor,
    *,
    level: str,
    levels: Sequence[str],
    reason: str = "",
    saved=(),
    data=None,
) -> Reviewed:
    """``level`` approves; after the highest level the submission is 已审核."""
    text = _reason(reason, False, "审核", "approve")
    chain, obj = _at(obj, level, levels)
    _require_pending(obj, chain, level, "该报送不在本级待审核")
    state = ReviewState.APPROVED if level == chain[-1] else ReviewState.SUBMITTED
    return _move(
        obj,
        actor,
        ReviewAction.APPROVE,
        state,
        level,
        level=level,
        reason=text,
        saved=saved,
        data=data,
    )


@transaction.atomic
def send_back(
    obj: Reviewed, actor, *, level: str, levels: Sequence[str], reason: str, saved=(), data=None
) -> Reviewed:
    """退回: the level awaiting approval returns it to the filler; every lower
    level's approval goes too, since the values will change."""
    text = _reason(reason, True, "退回", "return a submission")
    chain, obj = _at(obj, level, levels)
    _require_pending(obj, chain, level, "该报送不在本级待审核,不能退回")
    return _move(
        obj,
        actor,
        ReviewAction.RETURN,
        ReviewState.RETURNED,
        "",
        level=level,
        reason=text,
        saved=saved,
        data=data,
    )


@transaction.atomic
def undo_approval(
    obj: Reviewed, actor, *, level: str, levels: Sequence[str], reason: str, saved=(), data=None
) -> Reviewed:
    """撤销审核: ``level`` withdraws its approval, which it may only while no higher
    level has approved (their approval locks it). The submission awaits ``level`` again."""
    text = _reason(reason, True, "撤销审核", "undo an approval")
    chain, obj = _at(obj, level, levels)
    top = locking_level(obj, chain)
    if level not in approved_levels(obj, chain):
        raise _refuse_state(
            obj, "本级尚未审核通过,无可撤销", f"{level} has not approved this submission"
        )
    if top != level:
        raise ReviewError(
            "level",
            f"上级({top})已审核通过,须先由上级撤销",
            f"a higher level ({top}) has approved it and must undo its approval first",
        )
    i = chain.index(level)
    below = chain[i - 1] if i else ""
    return _move(
        obj,
        actor,
        ReviewAction.UNDO,
        ReviewState.SUBMITTED,
        below,
        level=level,
        reason=text,
        saved=saved,
        data=data,
    )


@transaction.atomic
def reopen(obj: Reviewed, actor, *, reason: str, saved=(), data=None) -> Reviewed:
    """The organizer reopens a submitted, returned or approved submission: back to 填报中,
    every approval cleared."""
    text = _reason(reason, True, "重新打开", "reopen a submission")
    obj = _locked(obj)
    if obj.state == ReviewState.DRAFT:
        raise _refuse_state(
            obj, "该报送正在填报中,无需重新打开", "this submission is already a draft"
        )
    return _move(
        obj, actor, ReviewAction.REOPEN, ReviewState.DRAFT, "", reason=text, saved=saved, data=data
    )


@transaction.atomic
def record_correction(
    obj: Reviewed, actor, *, reason: str, level: str = "", saved=(), data=None
) -> Reviewed:
    """更正: a change to approved values, kept in the history with its reason. The
    state stays as it is; the caller writes the corrected rows and passes them in
    ``saved``. Only an approved (by at least one level) submission takes corrections."""
    text = _reason(reason, True, "更正", "correct an approved value")
    obj = _locked(obj)
    if obj.state not in (ReviewState.APPROVED, ReviewState.SUBMITTED) or not obj.approved_level:
        raise _refuse_state(
            obj, "只有已审核的报送可以更正", "only an approved submission takes corrections"
        )
    return _move(
        obj,
        actor,
        ReviewAction.CORRECT,
        obj.state,
        obj.approved_level,
        level=level,
        reason=text,
        saved=saved,
        data=data,
    )
