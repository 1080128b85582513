"""The objection tables the audit log answers for (bipin.audit.tracked).

No objection changes a score by itself (a correction is a snapshot of the
results app), but an answer and its outcome are published with the result,
so a status, an answer or a note changed behind Bipin's back is named by
``bipin audit verify``.
"""

from bipin.objections.models import Note, Objection, Policy

TRACKED = {
    Policy: "release__contest",
    Objection: "contest",
    Note: "objection__contest",
    # Which files an objection carries: its evidence.
    Objection.evidence.through: "objection__contest",
}
