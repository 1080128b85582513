"""The one form field the ledger needs from Django forms: evidence uploads."""

from django import forms

from bipin.evidence.forms import EvidenceFilesField


class EvidenceForm(forms.Form):
    evidence = EvidenceFilesField()
