"""实地核查: inspection rounds, teams and the findings they record.

A finding counts towards the score (it is "upheld") exactly while it is
confirmed and not withdrawn. A withdrawn finding stays, with who withdrew it
and why, so the history of a county's deductions is never rewritten.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant


class Round(models.Model):
    """一轮核查: an inspection round (实地核查) or a later re-check (回头看)."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("实地核查")
        RECHECK = "recheck", _("回头看")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="inspection_rounds")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.INSPECTION)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    # Days after a finding is confirmed during which the entrant may file a 申辩.
    appeal_days = models.PositiveIntegerField(_("申辩期限(天)"), default=5)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["contest", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="round_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """核查组 of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("组名"), max_length=100)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """An inspector (Role.INSPECTOR in the contest) in a team; the leader confirms findings."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    is_leader = models.BooleanField(_("组长"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="teammember_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team}"


class Visit(models.Model):
    """An entrant a team visits, with the villages or households (sites) to see there.

    The sites are named by the organizer, or drawn (:class:`SiteDraw`) so
    that the county cannot know them in advance.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visits")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    sites = models.JSONField(_("核查点"), default=list, blank=True)

    class Meta:
        ordering = ["team", "entrant__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "entrant"], name="visit_unique_entrant")
        ]

    def __str__(self) -> str:
        return f"{self.team} → {self.entrant}"


class SiteDraw(models.Model):
    """抽取核查点: which villages or households of a visit are inspected, by
    commit–reveal (algorithm bipin.scoring.draw, the candidates as its ids).

    ``seed`` stays secret (never rendered) until the draw is revealed; on
    reveal the first ``count`` of ``order`` become the visit's sites. A redraw
    is a new SiteDraw that names the one it ``replaces`` and why.
    """

    class Status(models.TextChoices):
        COMMITTED = "committed", _("已公布承诺值")
        REVEALED = "revealed", _("已揭晓")
        REPLACED = "replaced", _("已重抽作废")

    CANDIDATES_MAX = 500
    CANDIDATE_MAX_LENGTH = 100

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="site_draws")
    number = models.PositiveIntegerField()  # 1, 2, … within the visit
    candidates = models.JSONField(_("候选村/户"), default=list)
    count = models.PositiveIntegerField(_("抽取数量"))
    commitment = models.CharField(max_length=64)
    seed = models.CharField(max_length=128)
    inputs = models.JSONField(default=list)
    order = models.JSONField(default=list)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.COMMITTED)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    reason = models.CharField(_("重抽原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["visit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "number"], name="sitedraw_unique_number")
        ]

    def __str__(self) -> str:
        return f"visit:{self.visit_id}/draw:{self.number}"

    @property
    def revealed(self) -> bool:
        """Seed, inputs and order are public once the draw was revealed (even if redrawn since)."""
        return self.revealed_at is not None

    @property
    def sites(self) -> list[str]:
        return list(self.order[: self.count]) if self.revealed else []


class Finding(models.Model):
    """A problem an inspector recorded (发现问题) at an entrant."""

    class Status(models.TextChoices):
        RECORDED = "recorded", _("已记录")
        CONFIRMED = "confirmed", _("已确认(反馈)")
        WITHDRAWN = "withdrawn", _("已撤销")

    DESCRIPTION_MAX_LENGTH = 2000

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="findings")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="findings")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="findings")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=60)  # the scheme leaf's id (source inspection)
    category = models.CharField(_("问题类别"), max_length=100, blank=True)
    severity = models.CharField(_("严重程度"), max_length=40, blank=True)
    site = models.CharField(_("村/户"), max_length=200, blank=True)
    description = models.TextField(_("问题描述"))
    # Re-encoded, EXIF-stripped, content-addressed files (bipin.evidence).
    photos = models.ManyToManyField("evidence.EvidenceFile", blank=True, related_name="findings")
    # The phone's idempotency key: a resend after a lost reply finds this row.
    key = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECORDED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The leader sent it back to the recorder (still "recorded"): why.
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "key"], name="finding_unique_key")
        ]
        indexes = [
            models.Index(fields=["contest", "status"]),
            models.Index(fields=["contest", "entrant", "status"]),
        ]

    def __str__(self) -> str:
        return f"finding:{self.pk}"

    @property
    def ref(self) -> str:
        return f"finding:{self.pk}"

    @property
    def counts(self) -> bool:
        """Upheld: confirmed and not withdrawn, so it costs points."""
        return self.status == self.Status.CONFIRMED

    @property
    def appeal_deadline(self):
        if self.confirmed_at is None:
            return None
        return self.confirmed_at + timedelta(days=self.round.appeal_days)


class Appeal(models.Model):
    """申辩: the entrant disputes a confirmed finding; the organizer decides."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待裁定")
        UPHELD = "upheld", _("维持")
        WITHDRAWN = "withdrawn", _("撤销问题")

    TEXT_MAX_LENGTH = 2000

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="appeals")
    text = models.TextField(_("申辩理由"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        _("裁定"), max_length=12, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("裁定理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["finding", "filed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding"],
                condition=models.Q(decision="pending"),
                name="appeal_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"appeal:{self.pk}"
