"""Committees' link on the contest page, and the reviews and decisions waiting on the home page."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from bipin.committees.models import Assignment, Committee, Member, Position, Review
from bipin.committees.progress import undecided
from bipin.contests.models import Role
from bipin.contests.navigation import Link


def links(contest, roles, user):
    listing = reverse("committees:list", args=[contest.slug])
    if Role.ORGANIZER in roles:
        return [Link(_("评审委员会"), listing)]
    if user.is_authenticated and Member.objects.filter(committee__contest=contest, user=user).exists():
        return [Link(_("我参加的评审委员会"), listing)]
    return []


def todo(contest, user, roles):
    """Reviews this member owes; for a chair, entries whose reviews are all in."""
    if not user.is_authenticated:
        return []
    found = []
    listing = reverse("committees:list", args=[contest.slug])
    owed = undecided(Assignment.objects.filter(entry__committee__contest=contest, member__user=user)
                      ).exclude(Exists(Review.objects.filter(assignment=OuterRef("pk")))).count()
    if owed:
        found.append(Link(_("%(n)s 项评审意见待提交") % {"n": owed}, listing))
    chaired = Committee.objects.filter(contest=contest, members__user=user,
                                       members__position=Position.CHAIR)
    if chaired.exists():
        missing = Review.objects.filter(assignment=OuterRef("pk"))
        waiting = undecided(Assignment.objects.filter(entry__committee__in=chaired))
        incomplete = waiting.exclude(Exists(missing)).values("entry")
        ready = waiting.exclude(entry__in=incomplete).values("entry").distinct().count()
        if ready:
            found.append(Link(_("%(n)s 项评审事项待决议") % {"n": ready}, listing))
    return found


