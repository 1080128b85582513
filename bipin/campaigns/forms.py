from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.campaigns.models import Area, Level, Objection, Review
from bipin.campaigns.services import LEVEL_OF_ROLE, MAX_SAMPLE


class AssignForm(forms.Form):
    """Tie one of the contest's people to their village (scorer) or township (reviewer)."""

    user = forms.ModelChoiceField(label=_("人员"), queryset=None)
    role = forms.ChoiceField(label=_("角色"), choices=[(r.value, r.label) for r in LEVEL_OF_ROLE])
    area = forms.ModelChoiceField(label=_("村或乡镇"), queryset=None)

    def __init__(self, *args, people, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["area"].queryset = (Area.objects.filter(campaign=campaign)
                                        .exclude(level=Level.COUNTY).order_by("level", "name"))
        self.fields["area"].label_from_instance = lambda a: f"{a.get_level_display()} · {a.name}"


class SampleForm(forms.Form):
    size = forms.IntegerField(label=_("抽查户数"), min_value=1, max_value=MAX_SAMPLE, initial=5)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审核意见"), choices=Review.Outcome.choices)
    reason = forms.CharField(label=_("退回原因"), max_length=Review.REASON_MAX_LENGTH, required=False)


class PublishForm(forms.Form):
    starts_on = forms.DateField(label=_("公示开始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), max_length=Objection.TEXT_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(label=_("异议理由"), max_length=Objection.TEXT_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 4}))

