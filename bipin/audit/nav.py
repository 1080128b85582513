from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.contests.models import Role
from bipin.contests.navigation import EVERY_KIND, Link

KINDS = EVERY_KIND


def links(contest, roles, user):
    if Role.ORGANIZER not in roles:
        return []
    return [Link(_("审计日志"), reverse("audit:contest", args=[contest.slug]))]
