"""Evidence files: the photos and documents a finding, a rectification, a
department's value or a supervision record carries.

A file is stored once per contest under a name made from the SHA-256 of the
bytes kept (after a photo is re-encoded), so the same photo attached to two
records is one row and one file, and the digest in the audit log proves the
file on disk is the one that was uploaded.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest

THUMB_SIDE = 320  # the longest side of a thumbnail (bipin.evidence.images)


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("照片")
    DOCUMENT = "document", _("文件")


class EvidenceFile(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="evidence_files")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("类型"), max_length=10, choices=EvidenceKind.choices)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    # evidence/<contest pk>/<sha[:2]>/<sha>.<ext>, written by bipin.evidence.services.
    file = models.FileField(upload_to="evidence/", max_length=200)
    thumbnail = models.FileField(upload_to="evidence/", max_length=200, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    location_kept = models.BooleanField(_("保留了拍摄位置"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contest", "sha256"], name="evidence_unique_content")
        ]
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("evidence:file", args=[self.contest.slug, self.pk])

    @property
    def is_photo(self) -> bool:
        return self.kind == EvidenceKind.PHOTO

    def _thumb_size(self) -> tuple[int | None, int | None]:
        if not (self.width and self.height):
            return None, None
        scale = min(1.0, THUMB_SIDE / max(self.width, self.height))
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))

    @property
    def thumb_width(self) -> int | None:
        return self._thumb_size()[0]

    @property
    def thumb_height(self) -> int | None:
        return self._thumb_size()[1]

    def thumb_url(self) -> str:
        """The thumbnail's address, or "" for a document (which has none)."""
        if not self.thumbnail:
            return ""
        return reverse("evidence:thumb", args=[self.contest.slug, self.pk])
