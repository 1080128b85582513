"""评星活动: village committees score households on a checklist and award stars.

A campaign is a contest of the campaign kind with one :class:`Campaign` row
(checklist, star levels, objection period). Its areas form a tree: the
county at the root, townships, villages. A village scorer scores the
households of their village; a township reviewer checks a random sample of a
village's scores and approves the village's list (which freezes it) or
returns it with a reason; the organizer publishes an approved village's
star list (公示) for its objection period.

Nothing is edited in place: a household's new score is a new row and the
old one is marked superseded; a village's review and its publication are
rows of their own, the newest one in force.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Membership


class Level(models.TextChoices):
    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村")


class Campaign(models.Model):
    """The campaign's rules; the contest holds its name, people and audit chain."""

    contest = models.OneToOneField(Contest, on_delete=models.CASCADE, related_name="campaign")
    # [{"id", "text", "points", "kind": "yes_no"|"points", "veto"}]: points as text, read as Decimal.
    checklist = models.JSONField(_("评分项"))
    # [{"stars": 5, "min": "90"}, …], most stars first.
    levels = models.JSONField(_("星级分数线"))
    objection_days = models.PositiveSmallIntegerField(_("公示期(天)"))

    def __str__(self) -> str:
        return str(self.contest)

    @property
    def ref(self) -> str:
        return f"campaign:{self.pk}"


class Area(models.Model):
    """县 → 乡镇 → 村."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="areas")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    level = models.CharField(max_length=10, choices=Level.choices)
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        ordering = ["campaign", "level", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "parent", "name"], name="campaign_area_unique"),
            models.UniqueConstraint(fields=["campaign"], condition=models.Q(level="county"),
                                    name="campaign_one_county"),
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """Ties a village scorer to their village, a township reviewer to their township."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE,
                                      related_name="campaign_area")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="assignments")

    def __str__(self) -> str:
        return f"{self.membership} · {self.area}"


class Household(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="households")
    village = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="households")
    head = models.CharField(_("户主"), max_length=50)
    house_number = models.CharField(_("门牌号"), max_length=50)
    # What the household types on the public page to see its stars (bipin.certificates.codes).
    code = models.CharField(_("查询码"), max_length=14)
    row_number = models.PositiveIntegerField(default=0)  # where the import file had it

    class Meta:
        ordering = ["village", "house_number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="household_unique_code"),
            models.UniqueConstraint(fields=["village", "house_number"], name="household_unique_number"),
        ]
        indexes = [models.Index(fields=["village", "head"], name="household_head")]

    def __str__(self) -> str:
        return f"{self.head} ({self.house_number})"


class Score(models.Model):
    """One scoring of one household; a rescoring supersedes it, never edits it."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="scores")
    answers = models.JSONField()  # {item id: true/false or "7.5"}
    total = models.DecimalField(max_digits=7, decimal_places=1)
    stars = models.PositiveSmallIntegerField()
    vetoed_by = models.JSONField(default=list)
    # The phone's idempotency key: the same save sent twice is kept once.
    key = models.CharField(max_length=64)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["household", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=models.Q(superseded_at__isnull=True),
                                    name="score_one_current"),
            models.UniqueConstraint(fields=["household", "key"], name="score_unique_key"),
        ]

    def __str__(self) -> str:
        return f"score:{self.pk}"


class Review(models.Model):
    """A township's word on a village's list: approved (frozen) or returned with a reason."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("审核通过")
        RETURNED = "returned", _("退回")

    REASON_MAX_LENGTH = 500

    village = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="reviews")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("退回原因"), max_length=REASON_MAX_LENGTH, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["village", "reviewed_at", "pk"]

    def __str__(self) -> str:
        return f"review:{self.pk}"


class Sample(models.Model):
    """抽查: households drawn at random from a village's scored ones, by a recorded seed."""

    village = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="samples")
    seed = models.CharField(max_length=64)
    households = models.JSONField()  # ids, in the order drawn
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["village", "-drawn_at", "-pk"]

    def __str__(self) -> str:
        return f"sample:{self.pk}"


class Publication(models.Model):
    """公示 of one approved village's star list, as it stood when published."""

    village = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="publications")
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("异议截止"))
    # [{"household": id, "head", "house_number", "stars"}]
    stars = models.JSONField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["village", "-published_at", "-pk"]

    def __str__(self) -> str:
        return f"publication:{self.pk}"


class Objection(models.Model):
    """A household's objection to its own stars, filed by its code during 公示."""

    TEXT_MAX_LENGTH = 1000

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="objections")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="objections")
    reason = models.TextField(_("异议理由"), max_length=TEXT_MAX_LENGTH)
    filed_at = models.DateTimeField()
    answer = models.TextField(_("答复"), max_length=TEXT_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "pk"]

    def __str__(self) -> str:
        return f"objection:{self.pk}"
