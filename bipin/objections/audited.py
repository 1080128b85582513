"""The objection tables the audit log answers for (bipin.audit.tracked).

No objection changes a score by itself (a correction is a snapshot of the
results app), but an answer and its outcome are published with the result,
so a status, an answer or a note changed behind Bipin's back is named by
``bipin audit verify``.
"""

from django.utils.translation import pgettext_lazy

from bipin.objections.models import Note, Objection, Policy

TRACKED = {
    Policy: "release__contest",
    Objection: "contest",
    Note: "objection__contest",
    # Which files an objection carries: its evidence.
    Objection.evidence.through: "objection__contest",
}

AUDIT_ACTIONS = {
    "objection.file": pgettext_lazy("audit", "提出异议"),
    "objection.assign": pgettext_lazy("audit", "指派异议调查人"),
    "objection.note": pgettext_lazy("audit", "记录调查情况"),
    "objection.answer": pgettext_lazy("audit", "答复异议"),
    "objection.correct": pgettext_lazy("audit", "记录异议更正"),
    "objection.close": pgettext_lazy("audit", "办结异议"),
    "objection.policy": pgettext_lazy("audit", "设置异议受理方式"),
}
