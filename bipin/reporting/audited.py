"""The department grids' tables that scores depend on (bipin.audit.tracked)."""

from bipin.reporting.models import Attachment, ReviewEvent, Submission, Value

TRACKED = {
    Submission: "contest",
    Value: "submission__contest",
    ReviewEvent: "submission__contest",
    Attachment: "submission__contest",
}
