"""Evidence files are what a deduction stands on (bipin.audit.tracked)."""

from django.utils.translation import gettext_lazy as _

from bipin.evidence.models import EvidenceFile

TRACKED = {EvidenceFile: "contest"}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "evidence.store": _("上传佐证材料"),
}
