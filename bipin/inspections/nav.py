from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link


def links(contest, roles, user):
    slug = contest.slug
    out = []
    if Role.INSPECTOR in roles:
        out.append(
            Link(_("实地核查记录"), reverse("inspections:record", args=[slug]), _("手机打开"))
        )
        out.append(
            Link(
                _("本组问题"),
                reverse("inspections:team_findings", args=[slug]),
                _("组长确认或退回"),
            )
        )
    if Role.ORGANIZER in roles:
        out.append(
            Link(
                _("核查轮次与核查组"),
                reverse("inspections:rounds", args=[slug]),
                _("核查组、组员、核查单位"),
            )
        )
        out.append(
            Link(
                _("核查问题"),
                reverse("inspections:findings", args=[slug]),
                _("筛选、撤销、申辩裁定"),
            )
        )
    if Role.ENTRANT_VIEWER in roles:
        out.append(
            Link(_("核查反馈"), reverse("inspections:feedback", args=[slug]), _("查看问题、申辩"))
        )
    return out


def todo(contest, user, roles):
    """Findings waiting for this leader's confirmation; appeals waiting for the organizer."""
    from bipin.inspections.models import Appeal, Finding

    out = []
    if Role.INSPECTOR in roles:
        waiting = Finding.objects.filter(
            contest=contest,
            status=Finding.Status.RECORDED,
            team__members__user=user,
            team__members__is_leader=True,
        ).count()
        if waiting:
            out.append(
                Link(
                    _("%(n)d 条核查问题待确认") % {"n": waiting},
                    reverse("inspections:team_findings", args=[contest.slug]),
                )
            )
    if Role.ORGANIZER in roles:
        pending = Appeal.objects.filter(
            finding__contest=contest, decision=Appeal.Decision.PENDING
        ).count()
        if pending:
            out.append(
                Link(
                    _("%(n)d 份申辩待裁定") % {"n": pending},
                    reverse("inspections:findings", args=[contest.slug]),
                )
            )
    return out
