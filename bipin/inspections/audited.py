"""Inspection tables that scores depend on (bipin.audit.tracked)."""

from django.utils.translation import gettext_lazy as _

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
    "inspection.round.create": _("创建核查轮次"),
    "inspection.round.update": _("修改核查轮次"),
    "inspection.team.create": _("创建核查组"),
    "inspection.team.member": _("添加核查组成员"),
    "inspection.team.remove": _("移出核查组成员"),
    "inspection.visit": _("安排核查走访"),
    "inspection.visit.remove": _("取消核查走访"),
    "inspection.sitedraw.commit": _("封存点位抽签"),
    "inspection.sitedraw.reveal": _("公布点位抽签"),
    "finding.record": _("记录问题"),
    "finding.confirm": _("确认问题"),
    "finding.return": _("退回问题"),
    "finding.withdraw": _("撤回问题"),
    "finding.appeal": _("对问题提出申诉"),
    "finding.appeal.decide": _("裁定申诉"),
}
