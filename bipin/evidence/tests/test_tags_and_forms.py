"""The list of files a record carries, and the upload field every app uses."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from bipin.evidence import services
from bipin.evidence.forms import EvidenceFilesField
from bipin.evidence.tests.conftest import PDF, jpeg, upload


def test_photos_show_as_lazy_thumbnails_and_documents_as_links_with_their_size(cast):
    photo = services.store(cast.inspector, cast.contest, upload("管网老化.jpg", jpeg(640, 480)))
    pdf = services.store(cast.inspector, cast.contest, upload("报告.pdf", PDF))
    html = Template("{% load evidence %}{% evidence_files files %}").render(
        Context({"files": [photo, pdf]})
    )
    assert (
        f'<a href="/c/test-contest/evidence/{photo.pk}/" target="_blank" rel="noopener">'
        f'<img src="/c/test-contest/evidence/{photo.pk}/thumb/" alt="管网老化.jpg" loading="lazy" '
        'decoding="async" width="320" height="240"></a>'
    ) in html
    assert (
        f'<a href="/c/test-contest/evidence/{pdf.pk}/">报告.pdf</a> <span class="muted">(' in html
    )
    assert "bytes" in html or "字节" in html


def test_no_files_show_nothing():
    assert (
        Template("{% load evidence %}{% evidence_files files %}")
        .render(Context({"files": []}))
        .strip()
        == ""
    )


class Form(forms.Form):
    files = EvidenceFilesField(max_files=2)


def _form(*uploads):
    from django.utils.datastructures import MultiValueDict

    return Form(data={}, files=MultiValueDict({"files": list(uploads)}))


def test_the_field_takes_several_files():
    form = _form(SimpleUploadedFile("a.jpg", b"x"), SimpleUploadedFile("b.pdf", b"y"))
    assert form.is_valid() and [f.name for f in form.cleaned_data["files"]] == ["a.jpg", "b.pdf"]
    assert "multiple" in str(
        form["files"]
    ) and 'accept=".jpg,.jpeg,.png,.webp,.pdf,.xlsx,.docx"' in str(form["files"])


def test_the_field_is_optional_by_default():
    form = _form()
    assert form.is_valid() and form.cleaned_data["files"] == []


def test_the_field_refuses_too_many_and_too_large_files(settings):
    form = _form(*(SimpleUploadedFile(f"{i}.jpg", b"x") for i in range(3)))
    assert not form.is_valid()
    assert form.errors["files"] == [
        "一次最多上传 2 个文件,选择了 3 个 / at most 2 files at once, 3 chosen"
    ]
    settings.BIPIN_EVIDENCE_MAX_BYTES = 1024 * 1024
    form = _form(SimpleUploadedFile("大.jpg", b"x" * (2 * 1024 * 1024)))
    assert not form.is_valid()
    assert form.errors["files"] == [
        "“大.jpg”有 2.0 MB,超过佐证材料上限 1 MB / "
        "'大.jpg' is 2.0 MB, above the evidence limit of 1 MB"
    ]
