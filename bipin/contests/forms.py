from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Contest, Role


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["name", "slug", "kind", "year", "description", "blind", "is_public"]
        help_texts = {"slug": _("用于网址,只能包含字母、数字、短横线,例如 dabipin-2026")}


class GroupForm(forms.Form):
    name = forms.CharField(label=_("组别名称"), max_length=100)


class EntrantForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=200)
    group = forms.ModelChoiceField(label=_("组别"), queryset=None)
    short_name = forms.CharField(label=_("简称"), max_length=60, required=False)
    code = forms.CharField(label=_("编号"), max_length=20, required=False)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.fields["group"].queryset = contest.groups.all()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.contest.entrants.filter(name=name).exists():
            raise forms.ValidationError(_("该参评单位已存在"))
        return name

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code and self.contest.entrants.filter(code=code).exists():
            raise forms.ValidationError(_("该编号已被使用"))
        return code


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))


class RoleForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices, initial=Role.JUDGE)
    entrant = forms.ModelChoiceField(label=_("所属单位"), queryset=None, required=False)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrant"].queryset = contest.entrants.all()

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.ENTRANT_VIEWER and not data.get("entrant"):
            self.add_error("entrant", _("参评单位角色必须选择所属单位"))
        return data


class LoginLinksForm(forms.Form):
    """Which members get a fresh one-time login link, valid for how many hours."""

    member = forms.TypedMultipleChoiceField(coerce=int, required=False)
    hours = forms.IntegerField(label=_("有效时长(小时)"), min_value=1, max_value=24 * 14,
                               initial=settings.LOGIN_LINK_HOURS)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, str(m)) for m in members]
