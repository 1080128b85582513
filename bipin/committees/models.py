"""评审委员会: a standing committee that reviews a contest's entries over its term.

The organizer appoints the committee (members from the contest's people, one
chair), each member declares conflicts once, entries arrive over months and
go to members round robin or by hand (never to a conflicted member), each
assigned member reviews with the rubric, a vote and a comment, and the chair
decides by the committee's rule. A decision (决议) keeps everything it was
made from; reopening it is a new fact on the same row, never an edit.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Rule(models.TextChoices):
    MEAN = "mean", _("平均分达到合格线")
    MAJORITY = "majority", _("多数表决")
    CHAIR = "chair", _("主任委员决定")


class Position(models.TextChoices):
    CHAIR = "chair", _("主任委员")
    DEPUTY = "deputy", _("副主任委员")
    MEMBER = "member", pgettext_lazy("position", "委员")


class Vote(models.TextChoices):
    APPROVE = "approve", _("同意")
    REJECT = "reject", _("不同意")
    ABSTAIN = "abstain", _("弃权")


class Outcome(models.TextChoices):
    APPROVED = "approved", _("通过")
    REJECTED = "rejected", _("不通过")


class Committee(models.Model):
    """One committee for one term, with its rule and rubric."""

    contest = models.ForeignKey("contests.Contest", on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(_("委员会名称"), max_length=100)
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期结束"))
    rule = models.CharField(_("决议规则"), max_length=10, choices=Rule.choices)
    # Only the mean rule reads it; kept to two decimals like the mean it is compared with.
    pass_mark = models.DecimalField(_("合格线"), max_digits=8, decimal_places=2, null=True, blank=True)
    reviewers_per_entry = models.PositiveSmallIntegerField(_("每项评审人数"))
    # [{"id": "content", "name": "内容导向", "max": "40"}, …]: points as text, read as Decimal.
    rubric = models.JSONField(_("评审细则"))
    # The round robin goes on after this member (by appointment order) for the next entry,
    # so the rotation survives restarts and is the same on every app worker.
    rotation_after = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "-term_start", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"],
                                               name="committee_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def ref(self) -> str:
        return f"committee:{self.pk}"


class Member(models.Model):
    """A person appointed to the committee, with the conflicts they declared."""

    CONFLICTS_MAX_LENGTH = 2000

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("职务"), max_length=10, choices=Position.choices)
    # Names of parties or organisations, one a line; matched against each entry's party.
    conflicts = models.TextField(_("利益冲突申报"), blank=True)
    conflicts_declared_at = models.DateTimeField(null=True, blank=True)
    appointed_at = models.DateTimeField(auto_now_add=True)
    # 免去: a member who leaves during the term stays on record (their reviews, their
    # history) but is given no new entry and submits no more reviews.
    relieved_at = models.DateTimeField(null=True, blank=True)
    relieve_reason = models.CharField(_("免职原因"), max_length=500, blank=True)

    class Meta:
        ordering = ["committee", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="committee_member_once"),
            models.UniqueConstraint(fields=["committee"], condition=models.Q(position="chair"),
                                    name="committee_one_chair"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def conflict_list(self) -> list[str]:
        return [line.strip() for line in self.conflicts.splitlines() if line.strip()]

    @property
    def serving(self) -> bool:
        return self.relieved_at is None

    def conflicts_with(self, party: str) -> bool:
        """Whether ``party`` is one this member declared (case and outer spaces aside)."""
        wanted = party.strip().casefold()
        return any(line.casefold() == wanted for line in self.conflict_list)


class Entry(models.Model):
    """An application, a programme episode or a project the committee reviews."""

    DESCRIPTION_MAX_LENGTH = 2000

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="entries")
    title = models.CharField(_("事项名称"), max_length=200)
    party = models.CharField(_("申报单位"), max_length=200)
    description = models.TextField(_("事项说明"), blank=True)
    received_on = models.DateField(_("收到日期"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["committee", "-received_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def ref(self) -> str:
        return f"committee-entry:{self.pk}"


class Assignment(models.Model):
    """One member asked to review one entry."""

    class How(models.TextChoices):
        ROUND_ROBIN = "round_robin", _("轮流分配")
        BY_HAND = "by_hand", pgettext_lazy("assigned", "指定")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="assignments")
    how = models.CharField(max_length=12, choices=How.choices)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "member"],
                                               name="committee_assigned_once")]

    def __str__(self) -> str:
        return f"assignment:{self.pk}"


class Review(models.Model):
    """An assigned member's review: a score per criterion, a vote and a comment."""

    COMMENT_MAX_LENGTH = 2000

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    # {criterion id: "7.5"}; the total is their sum, kept so lists need not add them up.
    scores = models.JSONField()
    total = models.DecimalField(max_digits=9, decimal_places=1)
    vote = models.CharField(_("表决意见"), max_length=10, choices=Vote.choices)
    comment = models.TextField(pgettext_lazy("one review", "评审意见"))
    submitted_at = models.DateTimeField(auto_now_add=True)
    revised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment"]

    def __str__(self) -> str:
        return f"review:{self.pk}"


class Decision(models.Model):
    """决议: the outcome and everything it was decided from, copied at the time.

    Reopening keeps the row (who reopened, when, why) and a new decision is a
    new row, so an entry's decisions are its whole history.
    """

    REASON_MAX_LENGTH = 500

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("决议结果"), max_length=10, choices=Outcome.choices)
    rule = models.CharField(_("决议规则"), max_length=10, choices=Rule.choices)
    mean_total = models.DecimalField(_("平均总分"), max_digits=9, decimal_places=2, null=True)
    votes_for = models.PositiveSmallIntegerField(_("同意"))
    votes_against = models.PositiveSmallIntegerField(_("不同意"))
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"))
    # [{"member", "position", "scores", "total", "vote", "comment"}] as reviewed.
    reviews = models.JSONField()
    # [{"member", "vote", "comment"}]: those whose vote opposes the outcome.
    dissent = models.JSONField(default=list)
    missing = models.JSONField(default=list)  # names of assigned members without a review
    missing_reason = models.CharField(_("缺评说明"), max_length=REASON_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField()
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(_("重新审议原因"), max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["entry", "decided_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry"],
                                               condition=models.Q(reopened_at__isnull=True),
                                               name="committee_one_standing_decision")]

    def __str__(self) -> str:
        return f"decision:{self.pk}"
