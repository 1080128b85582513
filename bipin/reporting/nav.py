"""Links on the contest page and the home page's to-do for the department grids."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.reporting import board
from bipin.reporting.access import own_departments
from bipin.reporting.review import ReviewState


def links(contest, roles, user):
    if Role.ORGANIZER in roles:
        return [
            Link(
                _("部门填报进度"),
                reverse("reporting:index", args=[contest.slug]),
                _("各部门填报、审核、逾期情况"),
            )
        ]
    if roles & {Role.DEPT_REPORTER, Role.DEPT_REVIEWER}:
        return [Link(_("部门评价填报与审核"), reverse("reporting:index", args=[contest.slug]))]
    return []


def todo(contest, user, roles):
    """A reporter's grids still to fill or returned; a reviewer's grids waiting for review."""
    if not roles & {Role.DEPT_REPORTER, Role.DEPT_REVIEWER}:
        return []
    reporting = own_departments(user, contest, Role.DEPT_REPORTER)
    reviewing = own_departments(user, contest, Role.DEPT_REVIEWER)
    out = []
    for line in board.lines(contest, reporting | reviewing):
        url = reverse("reporting:grid", args=[contest.slug, line.department])
        if line.department in reporting and line.state in (
            board.NOT_STARTED,
            ReviewState.DRAFT,
            ReviewState.RETURNED,
        ):
            label = (
                _("%(d)s:填报被退回,待修改")
                if line.state == ReviewState.RETURNED
                else _("%(d)s:待填报 %(n)d 个数值")
            ) % {"d": line.department, "n": line.cells - line.filled}
            out.append(Link(label, url, _("已逾期") if line.overdue else ""))
        if line.department in reviewing and line.state == ReviewState.SUBMITTED:
            out.append(
                Link(_("%(d)s:待审核 %(n)d 个数值") % {"d": line.department, "n": line.filled}, url)
            )
    return out
