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

from django.utils.translation import pgettext_lazy

from bipin.contests.models import Entrant, Group, SchemeVersion

TRACKED = {
    Group: "contest",
    Entrant: "contest",
    SchemeVersion: "contest",
}

# Audit actions in words for the audit log page (bipin.audit.actions).
AUDIT_ACTIONS = {
    "contest.create": pgettext_lazy("audit", "创建活动"),
    "group.add": pgettext_lazy("audit", "添加组别"),
    "group.delete": pgettext_lazy("audit", "删除组别"),
    "entrant.add": pgettext_lazy("audit", "添加参评单位"),
    "entrant.import": pgettext_lazy("audit", "导入参评单位"),
    "role.grant": pgettext_lazy("audit", "授予角色"),
    "role.revoke": pgettext_lazy("audit", "撤销角色"),
    "scheme.upload": pgettext_lazy("audit", "上传考评方案"),
    "audit.baseline": pgettext_lazy("audit", "建立审计基线"),
    "blind.codes": pgettext_lazy("audit", "生成盲评编号"),
    "blind.release_key": pgettext_lazy("audit", "公布盲评对照表"),
    "entrant.update": pgettext_lazy("audit", "修改参评单位"),
    "entrant.delete": pgettext_lazy("audit", "删除参评单位"),
    "group.rename": pgettext_lazy("audit", "修改组别名称"),
    "role.update": pgettext_lazy("audit", "修改角色所属单位"),
}
