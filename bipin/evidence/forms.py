"""The upload field every app uses for evidence (Django's documented multiple-file pattern)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.evidence.documents import ACCEPTED
from bipin.evidence.services import max_bytes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several files in one input; each refused by its size before its bytes are read.

    Gives a list of uploads (empty when none is chosen and the field is optional),
    which :func:`bipin.evidence.services.store_many` checks and keeps.
    """

    def __init__(self, *args, max_files: int = 20, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED}))
        kwargs.setdefault("label", _("佐证材料(照片或文件)"))
        kwargs.setdefault("required", False)
        self.max_files = max_files
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        files = [f for f in files if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise forms.ValidationError(
                f"一次最多上传 {self.max_files} 个文件,选择了 {len(files)} 个 / "
                f"at most {self.max_files} files at once, {len(files)} chosen",
                code="too_many",
            )
        limit = max_bytes()
        for f in files:
            if f.size > limit:
                raise forms.ValidationError(
                    f"“{f.name}”有 {f.size / 2**20:.1f} MB,超过佐证材料上限 {limit / 2**20:g} MB / "
                    f"'{f.name}' is {f.size / 2**20:.1f} MB, above the evidence limit of "
                    f"{limit / 2**20:g} MB",
                    code="too_large",
                )
        return files
