"""公示异议: objections filed against a released result during its notice period.

An objection is about one figure of the released snapshot (an entrant's total
or one indicator) or one inspection finding charged to that entrant, picked
from a list. The organizer assigns it to someone in the contest, who notes
what they found; the organizer answers it with an outcome, may record a
correction (a newer snapshot and why), and closes it. Nothing is rewritten:
notes are appended, and every step is an audit record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant
from bipin.results.models import Release, Snapshot


class Policy(models.Model):
    """What the organizer decided for one release's objections; no row: the defaults."""

    release = models.OneToOneField(Release, on_delete=models.CASCADE, related_name="objection_policy")
    public_may_file = models.BooleanField(_("公众可提出异议"), default=False)
    publish_answers = models.BooleanField(_("答复随结果公示"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"policy:{self.release_id}"


class Status(models.TextChoices):
    RECEIVED = "received", _("已收到")
    ASSIGNED = "assigned", _("调查中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


# Still waiting for an answer: what the notice counts as 处理中.
OPEN = (Status.RECEIVED, Status.ASSIGNED)
ANSWERED = (Status.ANSWERED, Status.CLOSED)


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("异议成立")
    PARTLY = "partly", _("异议部分成立")
    NOT_UPHELD = "not_upheld", _("异议不成立")


class Target(models.TextChoices):
    TOTAL = "total", _("总分")
    INDICATOR = "indicator", _("指标得分")
    FINDING = "finding", _("核查问题")


class Objection(models.Model):
    """One objection to a released result."""

    REASONS_MAX_LENGTH = 2000
    ANSWER_MAX_LENGTH = 2000

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="objections")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="objections")
    # A logged-in filer (the unit's entrant viewer), or a member of the public by name and phone.
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    public_name = models.CharField(_("姓名"), max_length=50, blank=True)
    public_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    filed_at = models.DateTimeField(auto_now_add=True)
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(_("异议对象"), max_length=12, choices=Target.choices)
    # The indicator's id in the scheme (target "indicator"), or the finding (target "finding").
    node = models.CharField(max_length=100, blank=True)
    finding = models.ForeignKey("inspections.Finding", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="objections")
    # How the target read when filed ("工作落实 › 实地核查 13.50 分"), kept as the filer saw it.
    target_label = models.CharField(max_length=300)
    reasons = models.TextField(_("异议理由"))
    evidence = models.ManyToManyField("evidence.EvidenceFile", blank=True, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.RECEIVED)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=12, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # A correction: the newer snapshot that puts the result right, and why.
    correction = models.ForeignKey(Snapshot, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    correction_reason = models.CharField(_("更正原因"), max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-pk"]
        indexes = [models.Index(fields=["contest", "status"]),
                   models.Index(fields=["release", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(filed_by__isnull=False) | ~models.Q(public_phone=""),
                name="objection_has_a_filer"),
        ]

    def __str__(self) -> str:
        return f"objection:{self.pk}"

    @property
    def ref(self) -> str:
        return f"objection:{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.filed_by_id is None


class Note(models.Model):
    """调查记录: what the assignee (or the organizer) found, appended, never edited."""

    TEXT_MAX_LENGTH = 2000

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("调查记录"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["objection", "at", "pk"]

    def __str__(self) -> str:
        return f"note:{self.pk}"
