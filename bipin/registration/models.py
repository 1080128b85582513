"""报名与收样: samples producers register, the organizer receives, codes and measures.

A registration is one sample a producer (合作社 or 果农) sends to a blind
product contest. At the venue it is received or sent back with a reason; a
received sample becomes the contest's entrant under a random blind code, and
the link (``entrant``) is the sealed key between the two. The objective
measurements (糖度, 果径, 单果重 …) the organizer declares are entered per sample.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant, Group
from bipin.evidence.models import EvidenceFile


def shown(value: Decimal) -> str:
    """
    >>> shown(Decimal("14.6000")), shown(Decimal("200"))
    ('14.6', '200')
    """
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Window(models.Model):
    """The contest's registration window and its entry rule."""

    contest = models.OneToOneField(Contest, on_delete=models.CASCADE, related_name="registration_window")
    opens_at = models.DateTimeField(_("报名开始"))
    closes_at = models.DateTimeField(_("报名截止"))
    per_producer = models.PositiveSmallIntegerField(
        _("每个报送者每个组别最多样品数"), default=1)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"registration window of {self.contest}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Status(models.TextChoices):
    REGISTERED = "registered", _("已报名")
    RECEIVED = "received", _("已收样")
    REJECTED = "rejected", _("退样")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上报名")
    IMPORT = "import", _("组织者导入")


class Registration(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="registrations")
    number = models.PositiveIntegerField(_("报名号"))
    # The producer's own key to the status page: never shown to anyone else.
    receipt = models.CharField(_("查询码"), max_length=20, unique=True)
    producer = models.CharField(_("报送者(合作社/果农)"), max_length=200)
    contact = models.CharField(_("联系人"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=20)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="registrations",
                              verbose_name=_("组别"))
    variety = models.CharField(_("品种"), max_length=100)
    origin = models.CharField(_("产地(村)"), max_length=100)
    area = models.DecimalField(_("果园面积(亩)"), max_digits=9, decimal_places=2)
    photos = models.ManyToManyField(EvidenceFile, blank=True, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices,
                              default=Status.REGISTERED)
    reason = models.CharField(_("退样原因"), max_length=300, blank=True)
    registered_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(_("收样时间"), null=True, blank=True)
    # The sealed key: which coded entrant this sample became (生成盲评编号).
    entrant = models.OneToOneField(Entrant, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="registration")

    class Meta:
        ordering = ["contest", "number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"],
                                               name="registration_unique_number")]

    def __str__(self) -> str:
        return f"{self.label} {self.producer}"

    @property
    def label(self) -> str:
        return f"{self.number:03d}"

    @property
    def area_shown(self) -> str:
        return shown(self.area)


class Measure(models.Model):
    """客观指标 the organizer enters per sample; ``name`` is the scheme's data leaf that scores it."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(_("指标"), max_length=60)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    low = models.DecimalField(_("最小值"), max_digits=12, decimal_places=4)
    high = models.DecimalField(_("最大值"), max_digits=12, decimal_places=4)
    decimals = models.PositiveSmallIntegerField(_("小数位数"), default=1)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["contest", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="measure_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}({self.unit})" if self.unit else self.name

    @property
    def range_shown(self) -> str:
        return f"{shown(self.low)}–{shown(self.high)}"


class Measurement(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="measurements")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="measurements")
    value = models.DecimalField(_("测定值"), max_digits=12, decimal_places=4)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["registration", "measure__order", "measure_id"]
        constraints = [models.UniqueConstraint(fields=["registration", "measure"],
                                               name="measurement_once_per_sample")]

    def __str__(self) -> str:
        return f"{self.registration} {self.measure.name}={self.value}"

    @property
    def shown(self) -> str:
        return shown(self.value)
