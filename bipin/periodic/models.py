"""Periodic statistics reporting (定期报表): an area's hierarchy of units, the forms
lower units fill each period, and each report's values and review history.

A report (one unit, one period of one form) goes up the hierarchy for approval
through :mod:`bipin.reporting.review`; its level chain is the list of units
above the reporting unit, kept on the report when it is submitted so that a
later change to the hierarchy never changes who approves what is in flight.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Entrant
from bipin.reporting.review import REASON_MAX_LENGTH, Reviewed, ReviewEventBase


class Unit(models.Model):
    """One unit of the area (村/乡镇/县/市); a county maps to the contest's entrant."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="periodic_units")
    name = models.CharField(_("单位名称"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.CharField(_("层级"), max_length=20)
    entrant = models.ForeignKey(
        Entrant, null=True, blank=True, on_delete=models.PROTECT, related_name="periodic_units"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["contest", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="periodic_unit_unique_name"),
            models.UniqueConstraint(
                fields=["contest", "entrant"], name="periodic_unit_unique_entrant"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        """This unit's key in a report's level chain."""
        return f"u{self.pk}"


class UnitPerson(models.Model):
    """Who fills in (填报) or reviews (审核) a unit's reports."""

    class Duty(models.TextChoices):
        REPORTER = "reporter", _("填报")
        REVIEWER = "reviewer", _("审核")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="periodic_duties"
    )
    duty = models.CharField(_("职责"), max_length=10, choices=Duty.choices)

    class Meta:
        ordering = ["unit", "duty", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "user", "duty"], name="periodic_person_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_duty_display()} · {self.user}"


class Form(models.Model):
    """A statistics form (报表): its fields, periods, and the level that reports."""

    class Periodicity(models.TextChoices):
        MONTHLY = "monthly", _("月报")
        QUARTERLY = "quarterly", _("季报")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="periodic_forms")
    name = models.CharField(_("报表名称"), max_length=100)
    periodicity = models.CharField(
        _("报送周期"), max_length=10, choices=Periodicity.choices, default=Periodicity.MONTHLY
    )
    level = models.CharField(_("填报层级"), max_length=20)
    # Approval goes up to the county (the unit mapped to an entrant); with this
    # set, the county's parent (the city) approves last.
    to_city = models.BooleanField(_("市级终审"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contest", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="periodic_form_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Field(models.Model):
    """One figure of a form, and the scheme data leaf it feeds, if any."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("整数")
        DECIMAL = "decimal", _("小数")
        PERCENT = "percent", _("百分比")
        TEXT = "text", _("文字")

    class Combine(models.TextChoices):
        SUM = "sum", _("各期求和")
        LAST = "last", _("取最后一期")
        MEAN = "mean", _("各期平均")

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="fields")
    code = models.CharField(_("代号"), max_length=40)
    label = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    minimum = models.DecimalField(_("下限"), max_digits=18, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(_("上限"), max_digits=18, decimal_places=4, null=True, blank=True)
    # A rate computed from two additive fields of the same form (never typed in):
    # 100 × numerator / denominator, for a unit and for a county's total alike.
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leaf = models.CharField(_("对应指标"), max_length=200, blank=True)
    combine = models.CharField(_("各期合并"), max_length=10, choices=Combine.choices, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["form", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="periodic_field_unique_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def computed(self) -> bool:
        return self.numerator_id is not None

    @property
    def typed(self) -> bool:
        """Whether reporters type this field in (a computed rate is not)."""
        return not self.computed


class Period(models.Model):
    """One period of a form (2026-01, 2026-Q1) and its deadline."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(_("期别"), max_length=20)
    deadline = models.DateField(_("截止日期"))

    class Meta:
        ordering = ["form", "label"]
        constraints = [
            models.UniqueConstraint(fields=["form", "label"], name="periodic_period_unique_label")
        ]

    def __str__(self) -> str:
        return self.label

    def overdue(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.deadline


class Report(Reviewed):
    """One unit's figures for one period, and where they are on the way up."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    # The units that approve, lowest first, as their keys ("u12"); set on submit.
    levels = models.JSONField(default=list, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(null=True, blank=True)
    # Files the unit attached (台账、佐证照片); they never change a figure.
    evidence = models.ManyToManyField(
        "evidence.EvidenceFile", blank=True, related_name="period_reports"
    )

    review_audit = "period-report"

    class Meta:
        ordering = ["period", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="periodic_report_unique")
        ]

    def review_contest(self):
        return self.unit.contest


class ReportEvent(ReviewEventBase):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="review_events")


class Value(models.Model):
    """A report's current figure for one field (a number, or text for a text field)."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="values")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="values")
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["report", "field"]
        constraints = [
            models.UniqueConstraint(fields=["report", "field"], name="periodic_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.text or self.number}"


class Correction(models.Model):
    """A change to a value of a report that had been approved before: old, new, who, why."""

    value = models.ForeignKey(Value, on_delete=models.PROTECT, related_name="corrections")
    old_number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    old_text = models.CharField(max_length=500, blank=True)
    new_number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    new_text = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("更正原因"), max_length=REASON_MAX_LENGTH)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.value.field}: {self.old_number} → {self.new_number}"
