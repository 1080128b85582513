from django import forms
from django.utils.translation import gettext_lazy as _

from bipin.evidence.forms import EvidenceFilesField
from bipin.exams.forms import IdsField
from bipin.supervision.models import Record
from bipin.supervision.services import Entry


class RecordForm(forms.Form):
    """One record as the office types it; the service checks it against the scheme."""

    entrant = forms.ModelChoiceField(label=_("参评对象"), queryset=None)
    item = forms.ChoiceField(label=_("指标"))
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    doc_number = forms.CharField(
        label=_("文号"),
        required=False,
        max_length=Record._meta.get_field("doc_number").max_length,
        widget=forms.TextInput(attrs={"placeholder": _("如:示督〔2026〕1号")}),
    )
    reason = forms.CharField(
        label=_("事由"),
        max_length=Record._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount = forms.DecimalField(
        label=_("分值(扣分也填正数;一票否决填1)"), required=False, max_digits=14, decimal_places=4
    )

    files = EvidenceFilesField(label=_("佐证材料(文件扫描件、照片,可多选)"))

    def __init__(self, *args, contest, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entrant"].queryset = contest.entrants.select_related("group").order_by(
            "group", "pk"
        )
        self.fields["item"].choices = [(i, i) for i in items]

    def entry(self) -> Entry:
        d = self.cleaned_data
        return Entry(
            entrant=d["entrant"],
            item=d["item"],
            date=d["date"],
            doc_number=d["doc_number"],
            reason=d["reason"],
            amount=d["amount"],
        )

    @property
    def uploads(self) -> list:
        return self.cleaned_data.get("files") or []

    @classmethod
    def initial_from(cls, rec: Record) -> dict:
        return {
            "entrant": rec.entrant_id,
            "item": rec.item,
            "date": rec.date,
            "doc_number": rec.doc_number,
            "reason": rec.reason,
            "amount": rec.amount,
        }


class CorrectionForm(RecordForm):
    correction_reason = forms.CharField(
        label=_("更正原因"),
        max_length=Record._meta.get_field("correction_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SubmitForm(forms.Form):
    records = IdsField(queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = drafts
