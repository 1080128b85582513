from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Contest, Role
from bipin.contests.navigation import EVERY_KIND, Link

KINDS = EVERY_KIND


def links(contest, roles, user):
    if Role.ORGANIZER not in roles:
        if Role.CHIEF_JUDGE in roles:
            return [Link(_("评委登录二维码"), reverse("contests:login_links", args=[contest.slug]),
                         _("为评委补发一次性登录二维码"))]
        return []
    slug = contest.slug
    if contest.kind == Contest.Kind.CAMPAIGN:  # households, villages and stars are the campaign's own
        return [Link(_("人员与角色"), reverse("contests:people", args=[slug]))]
    return [
        Link(_("组别"), reverse("contests:groups", args=[slug])),
        Link(_("参评对象"), reverse("contests:entrants", args=[slug])),
        Link(_("人员与角色"), reverse("contests:people", args=[slug])),
        Link(_("考评方案"), reverse("contests:scheme", args=[slug])),
        Link(_("评委登录二维码"), reverse("contests:login_links", args=[slug])),
    ]
