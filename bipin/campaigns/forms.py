import re

from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.campaigns.models import Area, Level, Objection, Review
from bipin.campaigns.services import LEVEL_OF_ROLE, MAX_OBJECTION_DAYS, MAX_SAMPLE


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



_SPLIT = re.compile(r"\s*[|,,]\s*")
KINDS = {"计分": "points", "points": "points", "是否": "yes_no", "yes_no": "yes_no"}
VETO = ("否决", "veto")


def parse_items(text: str) -> list[dict]:
    """The checklist as typed, one item a line: ``id | 内容 | 分值`` (a yes/no item),
    ``id | 内容 | 分值 | 计分`` (0 to its points) or ``id | 内容 | 否决`` (a veto item).

    >>> parse_items("clean | 庭院整洁 | 30\\ngreen|绿化|20|计分\\nlaw | 遵纪守法 | 否决")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'id': 'clean', 'text': '庭院整洁', 'points': '30', 'kind': 'yes_no'},
     {'id': 'green', 'text': '绿化', 'points': '20', 'kind': 'points'},
     {'id': 'law', 'text': '遵纪守法', 'veto': True}]
    """
    items = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = _SPLIT.split(line.strip())
        if len(parts) == 3 and parts[2] in VETO:
            items.append({"id": parts[0], "text": parts[1], "veto": True})
        elif len(parts) in (3, 4) and (len(parts) == 3 or parts[3] in KINDS):
            items.append({"id": parts[0], "text": parts[1], "points": parts[2],
                          "kind": KINDS[parts[3]] if len(parts) == 4 else "yes_no"})
        else:
            raise forms.ValidationError(
                f"评分项第 {n} 行应为“编号 | 内容 | 分值”“编号 | 内容 | 分值 | 计分”或“编号 | 内容 | 否决” / "
                f"item line {n}: write 'id | text | points', 'id | text | points | points' or 'id | text | veto'")
    return items


def parse_levels(text: str) -> list[dict]:
    """Star levels as typed, one a line: ``星数 | 最低分``.

    >>> parse_levels("5 | 90\\n4, 80")
    [{'stars': 5, 'min': '90'}, {'stars': 4, 'min': '80'}]
    """
    levels = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = _SPLIT.split(line.strip())
        if len(parts) != 2 or not parts[0].isascii() or not parts[0].isdigit():
            raise forms.ValidationError(f"星级第 {n} 行应为“星数 | 最低分” / star line {n}: write 'stars | minimum'")
        levels.append({"stars": int(parts[0]), "min": parts[1]})
    return levels


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("活动名称"), max_length=200)
    slug = forms.SlugField(label=_("网址代号"), max_length=60)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    county = forms.CharField(label=_("县名"), max_length=100)
    items = forms.CharField(label=_("评分项"), widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("每行一项:编号 | 内容 | 分值(是否题,答“是”得分);"
                                        "编号 | 内容 | 分值 | 计分(0 到分值);编号 | 内容 | 否决(答“否”不评星)"))
    levels = forms.CharField(label=_("星级分数线"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("每行一级:星数 | 最低分,如 5 | 90(达到即评,含本数)"))
    objection_days = forms.IntegerField(label=_("公示期(天)"), min_value=1, max_value=MAX_OBJECTION_DAYS,
                                        initial=7)

    def clean_items(self):
        return parse_items(self.cleaned_data["items"])

    def clean_levels(self):
        return parse_levels(self.cleaned_data["levels"])
