"""Inspection tables that scores depend on (bipin.audit.tracked)."""

from django.utils.translation import pgettext_lazy

from bipin.inspections.models import Appeal, Finding, Round, SiteDraw, Team, TeamMember, Visit

TRACKED = {
    Round: "contest",
    Team: "round__contest",
    TeamMember: "team__round__contest",
    Visit: "team__round__contest",
    # The drawn sites: seed, candidates and order must stay as the log recorded them.
    SiteDraw: "visit__team__round__contest",
    Finding: "contest",
    Appeal: "finding__contest",
    # Which photos a finding carries: its evidence.
    Finding.photos.through: "finding__contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "inspection.round.create": pgettext_lazy("audit", "创建核查轮次"),
    "inspection.round.update": pgettext_lazy("audit", "修改核查轮次"),
    "inspection.team.create": pgettext_lazy("audit", "创建核查组"),
    "inspection.team.member": pgettext_lazy("audit", "添加核查组成员"),
    "inspection.team.remove": pgettext_lazy("audit", "移出核查组成员"),
    "inspection.visit": pgettext_lazy("audit", "安排核查走访"),
    "inspection.visit.remove": pgettext_lazy("audit", "取消核查走访"),
    "inspection.sitedraw.commit": pgettext_lazy("audit", "封存点位抽签"),
    "inspection.sitedraw.reveal": pgettext_lazy("audit", "公布点位抽签"),
    "finding.record": pgettext_lazy("audit", "记录问题"),
    "finding.confirm": pgettext_lazy("audit", "确认问题"),
    "finding.return": pgettext_lazy("audit", "退回问题"),
    "finding.withdraw": pgettext_lazy("audit", "撤回问题"),
    "finding.appeal": pgettext_lazy("audit", "对问题提出申诉"),
    "finding.appeal.decide": pgettext_lazy("audit", "裁定申诉"),
}

# What a record's target "<kind>:<id>" names, said as words + #id (bipin.audit.actions).
AUDIT_TARGETS = {
    "round": pgettext_lazy("audit target", "核查轮次"),
    "team": pgettext_lazy("audit target", "核查组"),
    "visit": pgettext_lazy("audit target", "核查走访"),
}
