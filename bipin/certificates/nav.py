"""获奖证书 on the contest page: the organizer's list, and a producer's own certificates."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.certificates.models import Certificate
from bipin.contests.access import own_entrant
from bipin.contests.models import Role
from bipin.contests.navigation import Link


def links(contest, roles, user):
    listing = reverse("certificates:list", args=[contest.slug])
    if Role.ORGANIZER in roles:
        n = Certificate.objects.filter(contest=contest, replaced_by=None).count()
        return [Link(_("获奖证书"), listing, _("%(n)s 张有效") % {"n": n} if n else "")]
    if Role.ENTRANT_VIEWER in roles:
        entrant = own_entrant(user, contest)
        if entrant is not None and Certificate.objects.filter(contest=contest, entrant=entrant).exists():
            return [Link(_("本单位获奖证书"), listing)]
    return []
