"""Event day in the hall: panels, score sheets, lot draws and the live stage.

Marks are append-only: a stored sheet is never edited. A correction after the
chief judge reopens a sheet is a new sheet that ``supersedes`` the old one,
which keeps its marks and only changes status.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant, Group


class RevealMode(models.TextChoices):
    IMMEDIATE = "immediate", _("评完即公布")
    AT_END = "at_end", _("全部评完后统一公布")
    RANKS_ONLY = "ranks_only", _("只公布名次,不显示分数")


class Panel(models.Model):
    """评委组 for one panel item of the scheme (e.g. 脱稿汇报, or the apple criteria).

    ``criteria`` is a copy of the scheme's panel criteria taken when the panel
    is set up: [{"id", "name", "max", "step", "descriptor"}], so a sheet is
    always checked against what the judge saw.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="panels")
    item = models.CharField(_("评分项代号"), max_length=60)
    name = models.CharField(_("名称"), max_length=100)
    criteria = models.JSONField(default=list)
    # Used only while the contest has no scheme with this panel; otherwise the
    # scheme's panel rule governs (see bipin.judging.engine).
    trim = models.PositiveSmallIntegerField(_("去掉最高分和最低分各几个"), default=1)
    trim_min = models.PositiveSmallIntegerField(_("至少几份评分才去分"), default=5)
    decimals = models.PositiveSmallIntegerField(_("保留小数位"), default=2)
    double_entry = models.BooleanField(_("纸质评分须二人录入核对"), default=False)
    # The scheme panel's ``timer``: None means no presentation timer (a tasting).
    timer = models.PositiveIntegerField(_("汇报时长(秒)"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "item"], name="panel_unique_item")]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A judge (Membership role judge or chief judge) sitting on a panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "user"], name="seat_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.panel}"


class Recusal(models.Model):
    """回避: the judge never sees the entrant, and the panel is smaller for it."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("回避原因"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "user", "entrant"],
                                               name="recusal_unique")]

    def __str__(self) -> str:
        return f"{self.user} ∉ {self.entrant}"


class Sheet(models.Model):
    """One judge's score sheet for one entrant (评分表). Stored sheets are locked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待第二人核对")
        LOCKED = "locked", _("已锁定")
        REOPENED = "reopened", _("已退回更正")
        SUPERSEDED = "superseded", _("已被更正")

    ACTIVE = (Status.PENDING, Status.LOCKED, Status.REOPENED)
    # A TextField has no limit in the database; this one is the page's and the API's.
    COMMENT_MAX_LENGTH = 2000

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="sheets")
    entrant = models.ForeignKey(Entrant, on_delete=models.PROTECT, related_name="+")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The scheme's stage the sheet was filed in (see Cut); "" is the first stage,
    # so sheets filed before the contest had stages belong to its first stage.
    round = models.CharField(_("轮次"), max_length=60, blank=True, default="")
    # The phone's idempotency key: a resend after a lost reply finds this row.
    key = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.LOCKED)
    comment = models.TextField(_("评价指导"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                     related_name="+")
    supersedes = models.OneToOneField("self", null=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                    related_name="+")
    reopen_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["judge", "key"], name="sheet_unique_key"),
            # Two phones of one judge (or a phone and a clerk) cannot both file
            # a sheet for the same entrant: the second one hits this.
            models.UniqueConstraint(fields=["panel", "entrant", "judge", "round"],
                                    condition=models.Q(status__in=["pending", "locked", "reopened"]),
                                    name="sheet_one_active_per_round"),
        ]
        indexes = [models.Index(fields=["panel", "status"])]

    def __str__(self) -> str:
        return f"sheet:{self.pk}"


class Mark(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.PROTECT, related_name="marks")
    criterion = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="mark_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}={self.value}"


class Stage(models.Model):
    """The live state of the day, one row per contest, read by every screen.

    ``version`` is bumped in the same transaction as every change a screen
    shows, so pollers on any worker process see a change by one cheap query.
    """

    contest = models.OneToOneField(Contest, on_delete=models.CASCADE, related_name="stage")
    version = models.BigIntegerField(default=0)
    reveal_mode = models.CharField(_("大屏公布方式"), max_length=12, choices=RevealMode.choices,
                                   default=RevealMode.IMMEDIATE)
    results_shown = models.BooleanField(default=False)
    key_released = models.BooleanField(default=False)
    panel = models.ForeignKey(Panel, null=True, on_delete=models.SET_NULL, related_name="+")
    entrant = models.ForeignKey(Entrant, null=True, on_delete=models.SET_NULL, related_name="+")
    timer_seconds = models.PositiveIntegerField(_("汇报时长(秒)"), default=480)
    started_at = models.DateTimeField(null=True)
    paused_at = models.DateTimeField(null=True)
    paused_seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"stage:{self.contest_id}@{self.version}"


class Presentation(models.Model):
    """An entrant's time on stage, with the overtime recorded on its record."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="presentations")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="+")
    round = models.CharField(_("轮次"), max_length=60, blank=True, default="")  # as Sheet.round
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    allowed_seconds = models.PositiveIntegerField()
    used_seconds = models.PositiveIntegerField()
    overtime_seconds = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.entrant} +{self.overtime_seconds}s"


class Draw(models.Model):
    """抽签 by commit–reveal (algorithm in :mod:`bipin.scoring.draw`).

    ``seed`` stays secret (never rendered) until the draw is revealed; a
    redraw is a new Draw that names the one it ``replaces`` and why.
    """

    class Status(models.TextChoices):
        COMMITTED = "committed", _("已公布承诺值")
        REVEALED = "revealed", _("已揭晓")
        REPLACED = "replaced", _("已重抽作废")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="draws")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Each stage draws its own order over its own entrants (as Sheet.round).
    round = models.CharField(_("轮次"), max_length=60, blank=True, default="")
    number = models.PositiveIntegerField()
    commitment = models.CharField(max_length=64)
    seed = models.CharField(max_length=128)
    entrant_ids = models.JSONField(default=list)
    inputs = models.JSONField(default=list)
    order = models.JSONField(default=list)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.COMMITTED)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by")
    reason = models.CharField(_("重抽原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revealed_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["contest", "number"]
        constraints = [models.UniqueConstraint(fields=["contest", "number"], name="draw_unique_number")]

    def __str__(self) -> str:
        return f"draw:{self.number}"


class Cut(models.Model):
    """晋级: the organizer closed stage ``stage`` of the scheme's ``stages:`` and
    ``next_stage`` opened with exactly the ``advancing`` entrants (pks, in the
    order the core ranked them).

    ``standings`` is what the organizer saw and confirmed: the core's ranks,
    who advances and its notes on ties at the cut. The hall's current stage is
    the ``next_stage`` of the contest's last cut, or the first stage.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="cuts")
    stage = models.CharField(_("轮次"), max_length=60)
    next_stage = models.CharField(_("下一轮"), max_length=60)
    advancing = models.JSONField(default=list)
    standings = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "stage"], name="cut_once_per_stage")]

    def __str__(self) -> str:
        return f"cut:{self.stage}->{self.next_stage}"


class ScreenLink(models.Model):
    """大屏专用链接: opens the big screen (and its poll) of one contest, read-only,
    on a projector PC where nobody logs in. Only the token's hash is stored."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="screen_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"screen-link:{self.pk}"


class Flight(models.Model):
    """分桌: one table (flight) of a panel in one stage, with a few of its judges
    and some of the stage's samples; each judge scores only their table's samples.

    Tables are dealt at random from ``seed`` (:func:`bipin.scoring.flights.deal`),
    the same seed for every table of one split, so the split can be redone by
    anyone. ``round`` is the stage's key, as Sheet.round stores it.
    """

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="flights")
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="flights")
    round = models.CharField(_("轮次"), max_length=60, blank=True, default="")
    number = models.PositiveSmallIntegerField(_("桌号"))
    seed = models.CharField(max_length=128)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["panel", "round", "number"]
        constraints = [models.UniqueConstraint(fields=["panel", "round", "number"], name="flight_unique_number")]

    def __str__(self) -> str:
        return f"flight:{self.panel_id}/{self.round}/{self.number}"

    @property
    def name(self) -> str:
        # The table's id, as the core's Entrant.flight and the results carry it:
        # the same in every language, as the scheme's stage ids are.
        return f"第{self.number}桌"


class FlightSeat(models.Model):
    """A seated judge at one table; a judge sits at one table per panel and stage."""

    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="seats")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    round = models.CharField(max_length=60, blank=True, default="")  # the flight's, for the constraint

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seat", "round"], name="flight_one_table_per_seat")]

    def __str__(self) -> str:
        return f"{self.seat} @ {self.flight}"


class FlightSample(models.Model):
    """A sample (entrant) at one table; at one table per panel and stage."""

    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="samples")
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="+")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="+")
    round = models.CharField(max_length=60, blank=True, default="")  # the flight's, for the constraint

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panel", "round", "entrant"],
                                               name="flight_one_table_per_sample")]

    def __str__(self) -> str:
        return f"{self.entrant_id} @ {self.flight}"
