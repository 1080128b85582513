"""The objection forms: what the filer picks and writes, kept on a refusal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.evidence.forms import EvidenceFilesField
from bipin.objections.models import Note, Objection, Outcome


class FileForm(forms.Form):
    """An entrant viewer's objection; ``choices`` are its unit's figures and findings."""

    about = forms.ChoiceField(label=_("异议对象"))
    reasons = forms.CharField(label=_("异议理由"), max_length=Objection.REASONS_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 6}))
    evidence = EvidenceFilesField()

    def __init__(self, *args, choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", _("请选择"))] + [(c.value, c.label) for c in choices]


class PublicForm(FileForm):
    """The public's objection: also who files and how to reach them."""

    public_name = forms.CharField(label=_("姓名"), max_length=50)
    public_phone = forms.CharField(label=_("联系电话"), max_length=20)
    # A stranger's upload is kept at most three files at a time.
    evidence = EvidenceFilesField(max_files=3)

    field_order = ["public_name", "public_phone", "about", "reasons", "evidence"]


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=Outcome.choices)
    answer = forms.CharField(label=_("答复内容"), max_length=Objection.ANSWER_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 5}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("调查记录"), max_length=Note.TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))


class PolicyForm(forms.Form):
    public_may_file = forms.BooleanField(label=_("公众(未登录)也可以在公示期内提出异议"), required=False)
    publish_answers = forms.BooleanField(label=_("答复和更正随结果公示(不含异议人信息)"),
                                         required=False)
