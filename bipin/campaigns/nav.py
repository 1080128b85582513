"""A campaign's link on the contest page, and the villages waiting on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.campaigns.models import Assignment, Campaign
from bipin.campaigns.status import progress
from bipin.contests.models import Contest, Role
from bipin.contests.navigation import Link

KINDS = (Contest.Kind.CAMPAIGN,)

ROLES = (Role.ORGANIZER, Role.VILLAGE_SCORER, Role.TOWNSHIP_REVIEWER)


def links(contest, roles, user):
    if not set(roles) & set(ROLES) or not Campaign.objects.filter(contest=contest).exists():
        return []
    return [Link(_("评星"), reverse("campaigns:home", args=[contest.slug]))]


def todo(contest, user, roles):
    """For a township reviewer, its villages scored in full and waiting for the review."""
    if Role.TOWNSHIP_REVIEWER not in roles:
        return []
    assigned = (Assignment.objects.filter(membership__contest=contest, membership__user=user,
                                          membership__role=Role.TOWNSHIP_REVIEWER)
                .select_related("area").first())
    if assigned is None:
        return []
    waiting = [p for p in progress(assigned.area.children.all())
               if p.households and p.scored == p.households and p.review is None]
    if not waiting:
        return []
    return [Link(_("%(n)s 个村待审核") % {"n": len(waiting)}, reverse("campaigns:home", args=[contest.slug]))]
