"""The registration pages' forms: each field checked here, the rules in services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.evidence.forms import EvidenceFilesField, MultipleFileInput
from bipin.registration.models import Registration
from bipin.registration.services import MAX_PHOTOS

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(label=_("报名开始"), widget=_WHEN)
    closes_at = forms.DateTimeField(label=_("报名截止"), widget=_WHEN)
    per_producer = forms.IntegerField(label=_("每个报送者每个组别最多样品数"), min_value=1,
                                      max_value=100, initial=1)


def _text(label, field: str, **attrs) -> forms.CharField:
    return forms.CharField(label=label, max_length=Registration._meta.get_field(field).max_length,
                           widget=forms.TextInput(attrs=attrs))


class RegisterForm(forms.Form):
    producer = _text(_("报送者(合作社或果农姓名)"), "producer", autocomplete="organization")
    contact = _text(_("联系人"), "contact", autocomplete="name")
    phone = _text(_("联系电话"), "phone", autocomplete="tel", inputmode="tel")
    group = forms.ModelChoiceField(label=_("参评组别"), queryset=None, empty_label=None)
    variety = _text(_("品种"), "variety")
    origin = _text(_("产地(村)"), "origin")
    area = forms.DecimalField(label=_("果园面积(亩)"), min_value=Decimal("0.01"),
                              max_value=Decimal("100000"), decimal_places=2, max_digits=9,
                              widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))
    photos = EvidenceFilesField(
        label=_("样品照片(最多 3 张,可不传)"), max_files=MAX_PHOTOS,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}))

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = contest.groups.all()


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("查询码"), max_length=40)


class MeasureForm(forms.Form):
    name = forms.CharField(label=_("指标名称(与方案中的数据指标同名)"), max_length=60)
    unit = forms.CharField(label=_("单位"), max_length=20, required=False)
    low = forms.DecimalField(label=_("最小值"), max_digits=12, decimal_places=4)
    high = forms.DecimalField(label=_("最大值"), max_digits=12, decimal_places=4)
    decimals = forms.IntegerField(label=_("小数位数"), min_value=0, max_value=4, initial=1)
