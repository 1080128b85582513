"""Evidence files are what a deduction stands on (bipin.audit.tracked)."""

from bipin.evidence.models import EvidenceFile

TRACKED = {EvidenceFile: "contest"}
