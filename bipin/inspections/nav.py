from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link


def links(contest, roles):
    slug = contest.slug
    out = []
    if Role.INSPECTOR in roles:
        out.append(Link(_("实地核查记录"), reverse("inspections:record", args=[slug]), _("手机打开")))
        out.append(Link(_("本组问题"), reverse("inspections:team_findings", args=[slug]),
                        _("组长确认或退回")))
    if Role.ORGANIZER in roles:
        out.append(Link(_("核查轮次与核查组"), reverse("inspections:rounds", args=[slug]),
                        _("核查组、组员、核查单位")))
        out.append(Link(_("核查问题"), reverse("inspections:findings", args=[slug]),
                        _("筛选、撤销、申辩裁定")))
    if Role.ENTRANT_VIEWER in roles:
        out.append(Link(_("核查反馈"), reverse("inspections:feedback", args=[slug]), _("查看问题、申辩")))
    return out
