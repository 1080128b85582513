"""整改台账: one rectification task per upheld finding, and the 回头看 that re-checks it.

A task's state changes only through bipin.rectification.services, and every
change is a :class:`Transition` row (who, when, from, to, why) as well as an
audit record, so the ledger's history is never rewritten. A withdrawn
finding cancels its task; the task stays, with the reason.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant
from bipin.inspections.models import Finding, Round

# Days an entrant has to rectify when the organizer set no term for the round.
DEFAULT_DAYS = 30


class State(models.TextChoices):
    OPEN = "open", _("待整改")
    IN_PROGRESS = "in_progress", _("整改中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回")
    VERIFIED = "verified", _("已核查")
    CLOSED = "closed", _("已销号")
    CANCELLED = "cancelled", _("已撤销")


# States in which the entrant still owes work, so a passed deadline is overdue.
OWING = (State.OPEN, State.IN_PROGRESS, State.RETURNED)


class Term(models.Model):
    """整改期限: how many days after confirmation a round's findings must be rectified."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="rectification_term")
    days = models.PositiveIntegerField(_("整改期限(天)"), default=DEFAULT_DAYS)

    def __str__(self) -> str:
        return f"{self.round}: {self.days}"


class Task(models.Model):
    """整改任务 opened by an upheld finding, with the entrant's answer to it."""

    TEXT_MAX_LENGTH = 2000

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="rectification_tasks"
    )
    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="rectification")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.OPEN)
    deadline = models.DateField(_("整改时限"))
    measures = models.TextField(_("整改措施"), blank=True)
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    completion = models.TextField(_("完成情况"), blank=True)
    # The last verdict on the rectification: why it was returned, or the verifier's note.
    verdict = models.CharField(_("核查意见"), max_length=300, blank=True)
    evidence = models.ManyToManyField("evidence.EvidenceFile", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["contest", "state", "deadline"]),
            models.Index(fields=["contest", "entrant", "state"]),
        ]

    def __str__(self) -> str:
        return f"task:{self.pk}"

    @property
    def is_overdue(self) -> bool:
        """The deadline has passed while the entrant still owes the work."""
        return self.state in OWING and self.deadline < timezone.localdate()


class Transition(models.Model):
    """One change of a task's state: the ledger's history."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["task", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.task}: {self.from_state} → {self.to_state}"


class Extension(models.Model):
    """延期申请: the entrant asks for a later deadline; the organizer grants or refuses."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        GRANTED = "granted", _("同意")
        REFUSED = "refused", _("不同意")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    reason = models.CharField(_("延期理由"), max_length=300)
    old_deadline = models.DateField(_("原时限"))
    new_deadline = models.DateField(_("申请延至"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        _("审批"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["task", "requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(decision="pending"),
                name="extension_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"extension:{self.pk}"


class Recheck(models.Model):
    """回头看: a re-check round's verdict on an upheld finding of a visited entrant.

    "not_rectified" and "recurred" charge the finding's deduction again by the
    factor the scheme's leaf declares under ``recheck`` (none declared: no charge).
    """

    class Outcome(models.TextChoices):
        RECTIFIED = "rectified", _("已整改")
        NOT_RECTIFIED = "not_rectified", _("整改不到位")
        RECURRED = "recurred", _("问题反弹")

    NOTE_MAX_LENGTH = 2000

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="rechecks")
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="rechecks")
    outcome = models.CharField(_("回头看结果"), max_length=16, choices=Outcome.choices)
    note = models.TextField(_("说明"), blank=True)
    evidence = models.ManyToManyField("evidence.EvidenceFile", blank=True, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The organizer's correction of a mistaken outcome: what it was, who, when, why.
    corrected_from = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_reason = models.CharField(_("更正原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "finding"], name="recheck_once_a_round")
        ]

    def __str__(self) -> str:
        return f"recheck:{self.pk}"

    @property
    def ref(self) -> str:
        return f"recheck:{self.pk}"
