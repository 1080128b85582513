"""The supervision tables that scores depend on (bipin.audit.tracked)."""

from bipin.supervision.models import Record, RecordEvidence

TRACKED = {Record: "contest", RecordEvidence: "record__contest"}
