"""The committee tables the audit log answers for (bipin.audit.tracked).

A committee's decisions are what an entrant is told, and a review is what a
decision was made from; a vote, a score or an outcome changed behind Bipin's
back is named by ``bipin audit verify``, and so is a member's conflict list
or an assignment, which decide who may review what.
"""

from django.utils.translation import pgettext_lazy

from bipin.committees.models import Assignment, Committee, Decision, Entry, Member, Review

TRACKED = {
    Committee: "contest",
    Member: "committee__contest",
    Entry: "committee__contest",
    Assignment: "entry__committee__contest",
    Review: "assignment__entry__committee__contest",
    Decision: "entry__committee__contest",
}

AUDIT_ACTIONS = {
    "committee.create": pgettext_lazy("audit", "设立评审委员会"),
    "committee.appoint": pgettext_lazy("audit", "任命评审委员"),
    "committee.position": pgettext_lazy("audit", "调整评审委员职务"),
    "committee.relieve": pgettext_lazy("audit", "免去评审委员"),
    "committee.conflicts": pgettext_lazy("audit", "申报利益冲突"),
    "committee.entry": pgettext_lazy("audit", "登记评审事项"),
    "committee.assign": pgettext_lazy("audit", "指定评审委员"),
    "committee.review": pgettext_lazy("audit", "提交评审意见"),
    "committee.revise": pgettext_lazy("audit", "修改评审意见"),
    "committee.decide": pgettext_lazy("audit", "作出评审决议"),
    "committee.reopen": pgettext_lazy("audit", "重新审议评审事项"),
}

# What a record's target "<kind>:<id>" names, said as words + #id (bipin.audit.actions).
AUDIT_TARGETS = {
    "committee": pgettext_lazy("audit target", "评审委员会"),
    "committee-entry": pgettext_lazy("audit target", "评审事项"),
}
