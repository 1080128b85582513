"""The supervision tables that scores depend on (bipin.audit.tracked)."""

from bipin.supervision.models import Record

TRACKED = {Record: "contest"}
