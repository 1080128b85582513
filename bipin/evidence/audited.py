"""Evidence files are what a deduction stands on (bipin.audit.tracked)."""

from django.utils.translation import pgettext_lazy

from bipin.evidence.models import EvidenceFile

TRACKED = {EvidenceFile: "contest"}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "evidence.store": pgettext_lazy("audit", "上传佐证材料"),
}

# What a record's target "<kind>:<id>" names, said as words + #id (bipin.audit.actions).
AUDIT_TARGETS = {
    "evidence": pgettext_lazy("audit target", "证据材料"),
}
