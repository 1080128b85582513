"""``{% load evidence %}``: masked free text and the files a record carries."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from bipin.evidence import masking
from bipin.evidence.documents import ACCEPTED

register = template.Library()


@register.filter(needs_autoescape=True)
def mask_ids(value, autoescape=True):
    """Free text with ID-card numbers masked (``{{ finding.description|mask_ids }}``)."""
    if value is None:
        return ""
    text = conditional_escape(value) if autoescape else str(value)
    # Escaping never makes or breaks a run of 15 digits ("&#x27;" has two).
    return mark_safe(masking.mask_ids(str(text)))


@register.simple_tag
def evidence_accept() -> str:
    """The file picker's filter for evidence, as EvidenceFilesField's widget has it."""
    return ACCEPTED


@register.inclusion_tag("evidence/_files.html")
def evidence_files(files):
    """Thumbnails of the photos, each opening the photo; documents as links with their size.

    Give it only the files the viewer may open (bipin.evidence.access.visible).
    """
    files = list(files or [])
    return {
        "photos": [f for f in files if f.is_photo],
        "documents": [f for f in files if not f.is_photo],
    }


@register.inclusion_tag("evidence/_links.html")
def evidence_links(links):
    """A provenance's evidence (bipin.evidence.provenance.EvidenceLink): thumbnails, then links."""
    links = list(links or [])
    return {"photos": [e for e in links if e.thumb], "others": [e for e in links if not e.thumb]}
