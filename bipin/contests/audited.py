"""The set-up tables that scores depend on (bipin.audit.tracked).

A group decides which of the scheme's leaves an entrant is scored on and whom
it is ranked against; an entrant's group, name and code are the engine's
entrants and how observations find them; the scheme version in force is the
scoring itself.

Not listed:

- Contest: the root the other rows hang from; its name, kind, year and the
  flags (blind, public, demo) say how pages show it, not what any score is.
- Membership: who may see or enter what (bipin.contests.access), not a value;
  whose marks count is the judging app's Seat and Recusal, tracked there.
"""

from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Entrant, Group, SchemeVersion

TRACKED = {
    Group: "contest",
    Entrant: "contest",
    SchemeVersion: "contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "contest.create": _("创建活动"),
    "group.add": _("添加组别"),
    "group.delete": _("删除组别"),
    "entrant.add": _("添加参评单位"),
    "entrant.import": _("导入参评单位"),
    "role.grant": _("授予角色"),
    "role.revoke": _("撤销角色"),
    "scheme.upload": _("上传考评方案"),
    "audit.baseline": _("建立审计基线"),
    "blind.codes": _("生成盲评编号"),
    "blind.release_key": _("公布盲评对照表"),
}
