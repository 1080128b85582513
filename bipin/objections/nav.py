"""Objections' links on the contest page, and the waiting ones on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.objections.models import OPEN, Objection, Status
from bipin.results.services import current_release


def links(contest, roles, user):
    slug = contest.slug
    listing = reverse("objections:list", args=[slug])
    release = current_release(contest)
    found = []
    if Role.ORGANIZER in roles:
        waiting = Objection.objects.filter(contest=contest, status__in=OPEN).count()
        found.append(Link(_("公示异议"), listing,
                          _("%(n)s 条待处理") % {"n": waiting} if waiting else ""))
        if release is not None:
            found.append(Link(_("异议设置"), reverse("objections:policy", args=[slug])))
        return found
    if Role.ENTRANT_VIEWER in roles:
        note = _("公示中,可提出异议") if release is not None and release.notice_open() else ""
        found.append(Link(_("本单位的异议"), listing, note))
    elif user.is_authenticated and Objection.objects.filter(contest=contest, assignee=user).exists():
        found.append(Link(_("交办的异议"), listing))
    return found


def todo(contest, user, roles):
    """Objections waiting for the organizer's answer; those assigned to this user."""
    listing = reverse("objections:list", args=[contest.slug])
    if not user.is_authenticated:
        return []
    if Role.ORGANIZER in roles:
        n = Objection.objects.filter(contest=contest, status__in=OPEN).count()
        return [Link(_("%(n)s 条异议待处理") % {"n": n}, listing)] if n else []
    n = Objection.objects.filter(contest=contest, assignee=user, status=Status.ASSIGNED).count()
    if n:
        return [Link(_("%(n)s 条异议待调查") % {"n": n}, f"{listing}?status=assigned")]
    return []
