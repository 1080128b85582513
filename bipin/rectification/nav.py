"""The ledger's links on the contest page, and its waiting work on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.rectification import access, services
from bipin.rectification.models import OWING, Extension, State, Task


def _counts(tasks) -> tuple[int, int]:
    return tasks.filter(state__in=OWING).count(), tasks.filter(services.overdue_q()).count()


def links(contest, roles, user):
    slug = contest.slug
    ledger = reverse("rectification:tasks", args=[slug])
    if Role.ORGANIZER in roles:
        owing, overdue = _counts(Task.objects.filter(contest=contest))
        label = _("整改台账(待整改 %(owing)s 项,逾期 %(overdue)s 项)") % {
            "owing": owing,
            "overdue": overdue,
        }
        return [
            Link(label, ledger, _("逾期未整改的问题请及时督办") if overdue else ""),
            Link(_("整改期限"), reverse("rectification:terms", args=[slug])),
            Link(_("回头看"), reverse("rectification:rechecks", args=[slug])),
        ]
    found = []
    if Role.ENTRANT_VIEWER in roles:
        found.append(Link(_("本单位整改台账"), ledger))
    elif Role.INSPECTOR in roles:
        found.append(Link(_("整改核查"), ledger))
    if Role.INSPECTOR in roles:
        found.append(Link(_("回头看"), reverse("rectification:rechecks", args=[slug])))
    return found


def todo(contest, user, roles):
    """What waits for ``user``: tasks to answer, rectifications to verify, requests to decide."""
    slug = contest.slug
    roles = set(roles)
    if not roles & set(access.READERS):
        return []
    v = access.viewer(user, slug)
    ledger = reverse("rectification:tasks", args=[slug])
    found = []
    if v.is_organizer:
        overdue = Task.objects.filter(services.overdue_q(), contest=contest).count()
        if overdue:
            found.append(Link(_("逾期未整改 %(n)s 项") % {"n": overdue}, f"{ledger}?overdue=1"))
        asks = Extension.objects.filter(
            task__contest=contest, decision=Extension.Decision.PENDING
        ).count()
        if asks:
            found.append(Link(_("延期申请待审批 %(n)s 项") % {"n": asks}, ledger))
        return found
    if v.entrant is not None:
        owing, overdue = _counts(Task.objects.filter(contest=contest, entrant=v.entrant))
        if owing:
            note = _("其中逾期 %(n)s 项") % {"n": overdue} if overdue else ""
            found.append(Link(_("待整改问题 %(n)s 项") % {"n": owing}, ledger, note))
    if Role.INSPECTOR in roles:
        n = (
            Task.objects.filter(contest=contest, state=State.SUBMITTED)
            .filter(access.inspector_q(user, contest))
            .count()
        )
        if n:
            found.append(Link(_("待核查整改 %(n)s 项") % {"n": n}, f"{ledger}?state=submitted"))
    return found
