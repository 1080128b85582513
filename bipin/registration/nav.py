"""报名与收样 on the contest page: the organizer's desk and the receiving page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import Link
from bipin.registration.models import Registration, Status, Window


def links(contest, roles, user):
    if Role.ORGANIZER not in roles:
        return []
    found = Registration.objects.filter(contest=contest)
    if not found.exists() and not Window.objects.filter(contest=contest).exists():
        return [Link(_("报名与收样"), reverse("registration:list", args=[contest.slug]))]
    waiting = found.filter(status=Status.REGISTERED).count()
    return [Link(_("报名与收样"), reverse("registration:list", args=[contest.slug]),
                 _("%(n)s 个报名") % {"n": found.count()}),
            Link(_("收样"), reverse("registration:receiving", args=[contest.slug]),
                 _("%(n)s 个待收样") % {"n": waiting} if waiting else "")]
