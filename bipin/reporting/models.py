"""Sector departments' grids (行业部门评价): one submission per department, its values
and its review history.

Values are append-only: a change writes a new row that supersedes the current
one, so every value ever entered stays in the history with who, when, how and,
for a correction after approval, why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant
from bipin.reporting.review import Reviewed, ReviewEventBase


class Submission(Reviewed):
    """A department's grid in one contest (and round or period, if it reports more than once)."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="dept_submissions")
    department = models.CharField(_("考核部门"), max_length=100)
    label = models.CharField(_("轮次"), max_length=60, blank=True)
    deadline = models.DateTimeField(_("截止时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    review_audit = "dept-submission"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "department", "label"], name="dept_submission_unique"
            )
        ]
        ordering = ["department", "label"]

    def __str__(self) -> str:
        return f"{self.department} {self.label}".strip()


class ReviewEvent(ReviewEventBase):
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="review_events"
    )


class Value(models.Model):
    """One cell of a grid as entered at one time; ``current`` marks the one that stands."""

    class Via(models.TextChoices):
        PAGE = "page", _("网页填报")
        FILE = "file", _("表格上传")
        API = "api", _("接口报送")

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="values")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=100)
    # None: the cell was cleared (the row keeps that it once held a value).
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6, null=True, blank=True)
    current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=4, choices=Via.choices, default=Via.PAGE)
    # A change after approval (更正) and its reason.
    is_correction = models.BooleanField(default=False)
    reason = models.CharField(_("更正原因"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "entrant", "item"],
                condition=models.Q(current=True),
                name="dept_value_one_current",
            )
        ]
        indexes = [models.Index(fields=["submission", "current"])]

    def __str__(self) -> str:
        return f"{self.entrant_id}/{self.item}={self.text}"

    @property
    def text(self) -> str:
        """The value as typed: 8 and 99.5, not the column's 8.000000 ("" when cleared)."""
        if self.value is None:
            return ""
        return format(self.value.normalize(), "f")


class Attachment(models.Model):
    """An evidence file (佐证材料) for an entrant's row of a grid, or for one cell (``item``)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="attachments")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=100, blank=True)  # blank: the whole row
    file = models.ForeignKey("evidence.EvidenceFile", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "entrant", "item", "file"], name="dept_attachment_unique"
            )
        ]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.entrant_id}/{self.item or '*'}: evidence {self.file_id}"
