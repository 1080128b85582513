from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.contests import forms as contests_forms
from bipin.contests.uploads import stored_length
from bipin.io import Problem
from bipin.results.models import ImportBatch


class UploadForm(contests_forms.UploadForm):
    """An observation file; a correction replaces values already imported and says why."""

    correction = forms.BooleanField(label=_("更正导入"), required=False)
    reason = forms.CharField(label=_("更正原因"), required=False, max_length=500)
    filename_length = min(contests_forms.UploadForm.filename_length,
                          stored_length(ImportBatch, "filename"))

    def clean(self):
        data = super().clean()
        if data.get("correction") and not (data.get("reason") or "").strip():
            self.add_error("reason", Problem("更正导入须填写更正原因", "a correction needs a reason"))
        return data


class CorrectValueForm(forms.Form):
    """One imported value and why it changes; the value is checked by the import itself."""

    value = forms.CharField(label=_("新值"), max_length=50, required=False,
                            help_text=_("留空表示该项没有值"))
    reason = forms.CharField(label=_("更正原因"), max_length=500)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=500)


class ReleaseForm(forms.Form):
    snapshot = forms.IntegerField(label=_("快照版本"), min_value=1)
    title = forms.CharField(label=_("发布名称"), max_length=200, required=False)


class NoticeForm(forms.Form):
    published = forms.BooleanField(label=_("发布公示"), required=False)
    start = forms.DateField(label=_("公示开始日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("公示截止日期"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    contact = forms.CharField(label=_("异议受理(联系人、电话、地址)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("截止日期不能早于开始日期"))
        return data
