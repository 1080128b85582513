"""获奖证书: one award of a released result, with the code anyone may check it by.

A certificate is printed and handed out; its code lets a buyer, a journalist
or the next year's organizer check on a public page that the award is real,
for which contest, sample and producer, and whether a later corrected result
has replaced it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant
from bipin.results.models import Release


class Certificate(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="certificates")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="certificates")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="certificates")
    # As printed: the names and the figure of the release, not of a later edit.
    award = models.CharField(_("奖项"), max_length=100)
    group = models.CharField(_("组别"), max_length=100, blank=True)
    holder = models.CharField(_("获奖者"), max_length=200)
    sample = models.CharField(_("样品编号"), max_length=40, blank=True)
    total = models.CharField(_("得分"), max_length=40, blank=True)
    code = models.CharField(_("核验码"), max_length=20, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(Release, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["contest", "release", "pk"]
        constraints = [models.UniqueConstraint(fields=["release", "entrant"],
                                               name="certificate_once_per_release")]

    def __str__(self) -> str:
        return f"{self.holder} · {self.award} · {self.code}"

    @property
    def valid(self) -> bool:
        return self.replaced_by_id is None


class Publication(models.Model):
    """获奖名单: a release's winners and every sample's score sheet, published for anyone.

    Product contests publish every judge's marks per sample, so that producers
    and the public can see how each award came about; judges are 评委1…n unless
    the organizer names them.
    """

    release = models.OneToOneField(Release, on_delete=models.PROTECT, related_name="publication")
    judges_named = models.BooleanField(_("公布评委姓名"), default=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"winners of {self.release}"
