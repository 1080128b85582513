"""Imported observation batches, evaluation snapshots and their release.

A snapshot keeps the evaluation exactly as the engine returned it (its
``to_dict(explain=True)``) together with every input it used, so a page, a
workbook or a PDF printed months later shows the figures that were released,
not a recomputation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant, SchemeVersion
from bipin.db.packed import PackedJSONField


class Source(models.TextChoices):
    """Mirrors :class:`bipin.scoring.Source`; panel and exam come from their apps."""

    PANEL = "panel", _("现场打分")
    EXAM = "exam", _("政策测试")
    INSPECTION = "inspection", _("实地核查")
    DEPARTMENT = "department", _("行业部门评价")
    SUPERVISION = "supervision", _("日常监督")
    DATA = "data", _("客观数据")


class ImportBatch(models.Model):
    """One uploaded observation file; withdrawn batches stay for the audit trail."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("有效")
        # Being saved by a background import; counts only once the import completes.
        PENDING = "pending", _("导入中")
        WITHDRAWN = "withdrawn", _("已撤回")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="observation_batches")
    filename = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.TextField(blank=True)
    # A correction's values replace earlier values of the same entrant and item.
    is_correction = models.BooleanField(_("更正导入"), default=False)
    reason = models.TextField(_("更正原因"), blank=True)

    class Meta:
        ordering = ["contest", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.row_count})"


class ImportedObservation(models.Model):
    """One row of an imported file, kept as the engine will read it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices)
    item = models.CharField(max_length=100)
    value = models.FloatField(null=True, blank=True)
    judge = models.CharField(max_length=100, blank=True)
    round = models.CharField(max_length=50, blank=True)
    # 期间: None is the current period; an earlier one is read as a previous value only.
    period = models.IntegerField(null=True, blank=True)
    factor = models.FloatField(default=1.0)
    category = models.CharField(max_length=100, blank=True)
    severity = models.CharField(max_length=50, blank=True)
    row_number = models.PositiveIntegerField()

    class Meta:
        ordering = ["batch", "row_number"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number} {self.item}"


class Supersession(models.Model):
    """An imported value replaced by a later one for the same entrant, item, judge and round.

    Neither row is changed. The earlier row stays, shown as superseded by the
    later row's batch (who imported it, when, and the correction's reason),
    and the engine leaves it out while that batch is active; withdrawing the
    correction brings the earlier value back.
    """

    old = models.ForeignKey(ImportedObservation, on_delete=models.CASCADE,
                            related_name="superseded_by")
    new = models.ForeignKey(ImportedObservation, on_delete=models.CASCADE, related_name="supersedes")

    class Meta:
        ordering = ["-new__batch__uploaded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="supersession_unique")]

    def __str__(self) -> str:
        return f"{self.old} -> {self.new}"


class Snapshot(models.Model):
    """Numbered, hashed result of one evaluation of a contest."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="snapshots")
    number = models.PositiveIntegerField()
    input_hash = models.CharField(max_length=64)
    scheme_version = models.ForeignKey(SchemeVersion, null=True, on_delete=models.SET_NULL,
                                       related_name="+")
    scheme_sha256 = models.CharField(max_length=64)
    # Compressed: a campaign's snapshot is over PostgreSQL's 1 GB for one jsonb value.
    evaluation = PackedJSONField()  # Evaluation.to_dict(explain=True), verbatim
    inputs = PackedJSONField()  # {"entrants": [...], "observations": [...]} as hashed
    # The engine's output version (bipin.scoring.version); "" for snapshots before it was kept.
    engine = models.CharField(max_length=20, default="")
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contest", "-number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"],
                                               name="snapshot_unique_number")]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def short_hash(self) -> str:
        return self.input_hash[:8]

    @property
    def label(self) -> str:
        return _("第%(n)s版 · %(h)s") % {"n": self.number, "h": self.short_hash}


class Release(models.Model):
    """The organizer's release of one snapshot, and its optional public notice (公示)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="releases")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="releases")
    title = models.CharField(_("发布名称"), max_length=200)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    released_at = models.DateTimeField(default=timezone.now)
    notice_published = models.BooleanField(_("公示已发布"), default=False)
    notice_start = models.DateField(_("公示开始"), null=True, blank=True)
    notice_end = models.DateField(_("公示截止"), null=True, blank=True)
    notice_contact = models.TextField(_("异议受理"), blank=True)

    class Meta:
        ordering = ["contest", "-released_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def notice_visible(self, today=None) -> bool:
        """Anyone may read the notice once published and its period has begun."""
        today = today or timezone.localdate()
        return self.notice_published and (self.notice_start is None or self.notice_start <= today)

    def notice_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.notice_visible(today) and (self.notice_end is None or today <= self.notice_end)
