"""Page forms of the periodic app; the domain functions make every real check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.evidence.forms import EvidenceFilesField
from bipin.periodic.models import Field, Form, Unit, UnitPerson
from bipin.periodic.setup import COMBINES


class UnitForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100)
    level = forms.CharField(label=_("层级"), max_length=20, help_text=_("如 村、乡镇、县、市"))
    parent = forms.ModelChoiceField(
        label=_("上级单位"), queryset=Unit.objects.none(), required=False
    )
    entrant = forms.ModelChoiceField(
        label=_("对应参评单位"),
        queryset=None,
        required=False,
        help_text=_("县级单位对应参评单位,其下各单位的数据汇总计入该参评单位"),
    )

    def __init__(self, *args, contest, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(contest=contest)
        self.fields["parent"].queryset = units.exclude(pk=unit.pk) if unit else units
        self.fields["entrant"].queryset = contest.entrants.all()


class PersonForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    duty = forms.ChoiceField(label=_("职责"), choices=UnitPerson.Duty.choices)


class FormForm(forms.Form):
    name = forms.CharField(label=_("报表名称"), max_length=100)
    periodicity = forms.ChoiceField(label=_("报送周期"), choices=Form.Periodicity.choices)
    level = forms.CharField(
        label=_("填报层级"), max_length=20, help_text=_("由该层级的单位填报,如 乡镇")
    )
    to_city = forms.BooleanField(label=_("县级审核后再由市级终审"), required=False)


class FieldForm(forms.Form):
    code = forms.CharField(label=_("代号"), max_length=40, help_text=_("字母开头,如 households"))
    label = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Field.Kind.choices)
    unit = forms.CharField(label=_("计量单位"), max_length=20, required=False)
    minimum = forms.CharField(label=_("下限"), max_length=30, required=False)
    maximum = forms.CharField(label=_("上限"), max_length=30, required=False)
    numerator = forms.CharField(
        label=_("分子字段代号"),
        max_length=40,
        required=False,
        help_text=_("百分比由分子、分母字段计算时填写"),
    )
    denominator = forms.CharField(label=_("分母字段代号"), max_length=40, required=False)


class PeriodsForm(forms.Form):
    first = forms.CharField(
        label=_("开始期别"), max_length=10, help_text=_("月报如 2026-01,季报如 2026-Q1")
    )
    last = forms.CharField(label=_("结束期别"), max_length=10)
    deadline_days = forms.IntegerField(
        label=_("期末后几天截止"), min_value=0, max_value=366, initial=10
    )


class MapForm(forms.Form):
    leaf = forms.CharField(label=_("对应指标"), max_length=200, required=False)
    combine = forms.ChoiceField(
        label=_("各期合并"),
        required=False,
        choices=[("", _("按方案"))] + [(c, c) for c in COMBINES],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=500, required=False)


class AttachForm(forms.Form):
    files = EvidenceFilesField(label=_("佐证材料(台账、照片)"), required=True)
