"""日常监督: bonus, deduction and veto records kept by the supervision office.

A record is entered as a draft by the office's clerk, submitted, and approved
or returned by the office's reviewer. An approved record is never edited: a
correction is a new record that ``supersedes`` it with a reason, and needs
approval in its turn. Until the correction is approved the old record keeps
counting, so a value never disappears while its replacement waits.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant


class Record(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已通过")
        RETURNED = "returned", _("已退回")

    contest = models.ForeignKey(
        Contest, on_delete=models.CASCADE, related_name="supervision_records"
    )
    entrant = models.ForeignKey(
        Entrant, on_delete=models.CASCADE, related_name="supervision_records"
    )
    item = models.CharField(_("指标"), max_length=100)  # a supervision leaf's id
    date = models.DateField(_("日期"))
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    reason = models.TextField(_("事由"), max_length=1000)
    amount = models.DecimalField(_("分值"), max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), max_length=1000, blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    correction_reason = models.TextField(_("更正原因"), max_length=1000, blank=True)
    evidence = models.ManyToManyField(
        "evidence.EvidenceFile", through="RecordEvidence", blank=True, related_name="+"
    )

    class Meta:
        ordering = ["contest", "-date", "-pk"]
        indexes = [models.Index(fields=["contest", "status"])]

    def __str__(self) -> str:
        return f"{self.entrant} · {self.item} · {self.doc_number or self.pk}"

    @property
    def ref(self) -> str:
        return f"supervision:{self.pk}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class RecordEvidence(models.Model):
    """A file a record carries (a scan of the 文件, a photo).

    A correction carries its old record's files.
    """

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="files")
    evidence = models.ForeignKey(
        "evidence.EvidenceFile", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "evidence"], name="supervision_evidence_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} · {self.evidence_id}"
