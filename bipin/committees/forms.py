"""The committee forms: what the organizer and the members type, kept on a refusal.

Numbers that the rules check (scores, the pass mark) are read as text here
and checked once in bipin.committees.services, whose refusal names the
criterion and its range in both languages.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bipin.committees.models import Committee, Decision, Entry, Member, Position, Review, Rule, Vote
from bipin.committees.services import MAX_REVIEWERS
from bipin.contests.params import max_length

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(forms.Form):
    name = forms.CharField(label=_("委员会名称"), max_length=max_length(Committee, "name"))
    term_start = forms.DateField(label=_("任期开始"), widget=DATE)
    term_end = forms.DateField(label=_("任期结束"), widget=DATE)
    rule = forms.ChoiceField(label=_("决议规则"), choices=Rule.choices)
    pass_mark = forms.CharField(label=_("合格线(平均分规则)"), max_length=12, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    reviewers_per_entry = forms.IntegerField(label=_("每项评审人数"), min_value=1,
                                             max_value=MAX_REVIEWERS, initial=3)
    rubric = forms.CharField(
        label=_("评审细则(每行一项:编号 | 名称 | 分值)"), max_length=2000,
        help_text=_("例如:content | 内容导向 | 40;分值以 0.5 为单位"),
        widget=forms.Textarea(attrs={"rows": 5}))


class AppointForm(forms.Form):
    member = forms.ChoiceField(label=_("人员"))
    position = forms.ChoiceField(label=_("职务"), choices=Position.choices, initial=Position.MEMBER)

    def __init__(self, *args, people=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("请选择"))] + [
            (p.pk, p.get_full_name() or p.get_username()) for p in people]


class ConflictsForm(forms.Form):
    conflicts = forms.CharField(
        label=_("利益冲突申报(每行一个单位或组织名称,没有请填“无”)"),
        max_length=Member.CONFLICTS_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class EntryForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=max_length(Entry, "title"))
    party = forms.CharField(label=_("申报单位"), max_length=max_length(Entry, "party"))
    received_on = forms.DateField(label=_("收到日期"), widget=DATE)
    description = forms.CharField(label=_("事项说明"), max_length=Entry.DESCRIPTION_MAX_LENGTH,
                                  required=False, widget=forms.Textarea(attrs={"rows": 4}))
    by_hand = forms.BooleanField(label=_("不轮流分配,由主任委员或组织者指定评审委员"), required=False)


class ReviewForm(forms.Form):
    """A score per criterion of the committee's rubric, the vote and the comment."""

    vote = forms.ChoiceField(label=_("表决意见"), choices=Vote.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=pgettext_lazy("one review", "评审意见"),
                              max_length=Review.COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, rubric=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scores = {}
        for c in rubric:
            scores[f"score-{c['id']}"] = forms.CharField(
                label=f"{c['name']}(0–{c['max']})", max_length=12,
                widget=forms.NumberInput(attrs={"min": 0, "max": c["max"], "step": "0.5",
                                                "inputmode": "decimal"}))
        self.fields = {**scores, **self.fields}
        self.rubric = list(rubric)

    def scores(self) -> dict[str, str]:
        return {c["id"]: self.cleaned_data.get(f"score-{c['id']}", "") for c in self.rubric}


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("决议结果"), required=False,
                                choices=[("", _("请选择"))] + [
                                    ("approved", _("通过")), ("rejected", _("不通过"))])
    missing_reason = forms.CharField(label=_("缺评说明(有委员未提交时填写)"), required=False,
                                     max_length=Decision.REASON_MAX_LENGTH)


class ReopenForm(forms.Form):
    reopen_reason = forms.CharField(label=_("重新审议原因"), max_length=Decision.REASON_MAX_LENGTH)
