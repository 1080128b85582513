from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))


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
