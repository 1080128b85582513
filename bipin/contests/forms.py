from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from bipin.audit.models import Record
from bipin.contests.models import Contest, Entrant, Membership, Role, SchemeVersion
from bipin.contests.uploads import Upload, stored_length, upload_limit
from bipin.io import ImportFailed, Problem
from bipin.io.formats import TABLE_ACCEPT


def errors_in_words(form) -> str:
    """A form's errors for a one-line message, each after its field's label (never "* end")."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        parts += [f"{label}:{e}" if label else str(e) for e in errors]
    return ";".join(parts)


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["name", "slug", "kind", "year", "description", "blind", "is_public"]
        help_texts = {"slug": _("用于网址,只能包含字母、数字、短横线,例如 dabipin-2026")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A campaign has its checklist and stars set up with it, on its own page (bipin.campaigns).
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != Contest.Kind.CAMPAIGN]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("组别名称"), max_length=100)


class EntrantForm(forms.Form):
    """One entrant, checked like a row of the entrants import (lengths, unique name and code)."""

    name = forms.CharField(label=_("名称"), max_length=stored_length(Entrant, "name"))
    group = forms.ModelChoiceField(label=_("组别"), queryset=None)
    short_name = forms.CharField(label=_("简称"), max_length=stored_length(Entrant, "short_name"),
                                 required=False)
    code = forms.CharField(label=_("编号"), max_length=stored_length(Entrant, "code"), required=False)
    contact = forms.CharField(label=_("联系人"), max_length=stored_length(Entrant, "contact"),
                              required=False)
    # The scheme's multipliers read it (仅有搬迁任务的单位扣分加倍); the import has the same column.
    kind = forms.CharField(label=_("类型"), max_length=stored_length(Entrant, "kind"), required=False,
                           help_text=_("如 搬迁任务县;方案按类型加倍计分时使用,同一组别内仍一起排名"))

    def __init__(self, *args, contest, entrant=None, **kwargs):
        if entrant is not None:
            kwargs.setdefault("initial", {f: getattr(entrant, f) for f in self.base_fields})
        super().__init__(*args, **kwargs)
        self.others = contest.entrants.exclude(pk=entrant.pk) if entrant else contest.entrants.all()
        self.fields["group"].queryset = contest.groups.all()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.others.filter(name=name).exists():
            raise forms.ValidationError(_("该参评单位已存在"))
        return name

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code and self.others.filter(code=code).exists():
            raise forms.ValidationError(_("该编号已被使用"))
        return code


class UploadForm(forms.Form):
    """A file for an import, checked for size and name before a byte is read.

    Its problems are :class:`~bipin.io.Problem` items, so the page shows them
    in both languages like the problems of the file itself.
    """

    file = forms.FileField(label=_("文件"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": TABLE_ACCEPT}))
    sheet = forms.CharField(label=_("工作表"), required=False, max_length=200)
    # Every import keeps the file name, in its batch or version and in the audit.
    filename_length = min(stored_length(SchemeVersion, "filename"), stored_length(Record, "target"))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise forms.ValidationError(Problem("请选择要上传的文件", "choose a file to upload"))
        limit = upload_limit()
        if upload.size > limit:
            raise forms.ValidationError(Problem(
                f"文件有 {upload.size / 2**20:.1f} MB,超过上传上限 {limit / 2**20:g} MB"
                "(BIPIN_UPLOAD_MAX_MB);请拆分文件或删除无关的工作表",
                f"the file is {upload.size / 2**20:.1f} MB, above the upload limit of "
                f"{limit / 2**20:g} MB (BIPIN_UPLOAD_MAX_MB); split it or remove unrelated sheets",
                file=upload.name))
        if len(upload.name) > self.filename_length:
            raise forms.ValidationError(Problem(
                f"文件名有 {len(upload.name)} 个字符,最多 {self.filename_length} 个;请改短后重新上传",
                f"the file name has {len(upload.name)} characters, at most {self.filename_length}; "
                "shorten it and upload again"))
        return upload

    def upload(self) -> Upload:
        """The posted file, or :class:`ImportFailed` saying what is wrong with it."""
        if not self.is_valid():
            problems = []
            for errors in self.errors.as_data().values():
                for error in errors:
                    if isinstance(error.message, Problem):
                        problems.append(error.message)
                    else:  # Django's own message, already in the page's language
                        problems.extend(Problem(text, text) for text in error)
            raise ImportFailed(problems)
        f = self.cleaned_data["file"]
        return Upload(f.read(), f.name, self.cleaned_data["sheet"] or None)


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


class RoleTieForm(forms.Form):
    """Which unit or department a person's role belongs to."""

    entrant = forms.ModelChoiceField(label=_("所属单位"), queryset=None, required=False)
    department = forms.CharField(label=_("所属部门"), required=False,
                                 max_length=stored_length(Membership, "department"))

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrant"].queryset = contest.entrants.all()


class PersonForm(forms.Form):
    """A person's name and email, as the organizer corrects them (bipin.accounts.profile)."""

    full_name = forms.CharField(label=_("姓名"), required=False,
                                max_length=stored_length(get_user_model(), "first_name"))
    email = forms.EmailField(label=_("邮箱"), required=False,
                             max_length=stored_length(get_user_model(), "email"))


class LoginLinksForm(forms.Form):
    """Which members get a fresh one-time login link, valid for how many hours."""

    member = forms.TypedMultipleChoiceField(coerce=int, required=False)
    hours = forms.IntegerField(label=_("有效时长(小时)"), min_value=1, max_value=24 * 14,
                               initial=settings.LOGIN_LINK_HOURS)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, str(m)) for m in members]
