"""Who may see and do what in a rating campaign — decided here and nowhere else.

- The contest's organizer: every area and household; imports households,
  ties people to their village or township, publishes approved villages,
  answers objections, exports the summaries. Does not score nor approve.
- A village scorer: their own village's households, to read and score (on
  the phone, or a sheet of answers naming only their village's households).
- A township reviewer: their township's villages and households; draws a
  sample of a village's scores and approves or returns its list.

Anyone else in the contest gets a 403 for the campaign's pages; someone
outside it, or asking for a village or household not theirs, a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from bipin.campaigns.models import Area, Campaign, Household, Level
from bipin.contests.access import contest_for, roles_of
from bipin.contests.models import Contest, Role

NOT_FOUND = "没有这个评星活动 / no such campaign"
NO_VILLAGE = "没有这个村 / no such village"
NO_HOUSEHOLD = "没有这户 / no such household"
CAMPAIGN_ROLES = (Role.ORGANIZER, Role.VILLAGE_SCORER, Role.TOWNSHIP_REVIEWER)


@dataclass(frozen=True)
class Seat:
    """A user's place in one campaign: organizer, or scorer/reviewer of one area."""

    user: object
    contest: Contest
    campaign: Campaign
    is_organizer: bool
    village: Area | None  # a scorer's village
    township: Area | None  # a reviewer's township

    def villages(self) -> QuerySet[Area]:
        found = Area.objects.filter(campaign=self.campaign, level=Level.VILLAGE)
        if self.is_organizer:
            return found
        if self.township is not None:
            return found.filter(parent=self.township)
        if self.village is not None:
            return found.filter(pk=self.village.pk)
        return found.none()

    def may_score(self, village: Area) -> bool:
        return self.village is not None and self.village.pk == village.pk

    def may_review(self, village: Area) -> bool:
        return self.township is not None and self.township.pk == village.parent_id


def _area(user, contest: Contest, role: str) -> Area | None:
    from bipin.campaigns.models import Assignment

    found = (Assignment.objects.filter(membership__contest=contest, membership__user=user,
                                       membership__role=role).select_related("area").first())
    return found.area if found else None


def seat(user, slug: str) -> Seat:
    contest = contest_for(user, slug, CAMPAIGN_ROLES)
    campaign = Campaign.objects.filter(contest=contest).first()
    if campaign is None:
        raise Http404(NOT_FOUND)
    roles = roles_of(user, contest)
    return Seat(user, contest, campaign, Role.ORGANIZER in roles,
                _area(user, contest, Role.VILLAGE_SCORER) if Role.VILLAGE_SCORER in roles else None,
                _area(user, contest, Role.TOWNSHIP_REVIEWER) if Role.TOWNSHIP_REVIEWER in roles else None)


def organizing(user, slug: str) -> Seat:
    s = seat(user, slug)
    if not s.is_organizer:
        raise PermissionDenied("only the organizer")
    return s


def village_for(user, slug: str, village_id: int) -> tuple[Seat, Area]:
    s = seat(user, slug)
    village = s.villages().select_related("parent").filter(pk=village_id).first()
    if village is None:
        raise Http404(NO_VILLAGE)
    return s, village


def scoring(user, slug: str, village_id: int) -> tuple[Seat, Area]:
    """A village for its own scorer (403 for the reviewer and organizer who may read it)."""
    s, village = village_for(user, slug, village_id)
    if not s.may_score(village):
        raise PermissionDenied("only the village's scorer scores")
    return s, village


def household_for(user, slug: str, household_id: int) -> tuple[Seat, Household]:
    """A household for its village's scorer; 404 for any other village's."""
    s = seat(user, slug)
    household = (Household.objects.filter(pk=household_id, village__in=s.villages())
                 .select_related("village").first())
    if household is None:
        raise Http404(NO_HOUSEHOLD)
    if not s.may_score(household.village):
        raise PermissionDenied("only the village's scorer scores")
    return s, household


def scoring_sheet(user, slug: str) -> tuple[Seat, Area | None]:
    """Who imports a sheet of answers: the organizer (any village: None), a scorer (their village)."""
    s = seat(user, slug)
    if s.is_organizer:
        return s, None
    if s.village is None:
        raise PermissionDenied("only the organizer and the village scorers import answers")
    return s, s.village


def codes(user, slug: str, village_id: int) -> tuple[Seat, Area]:
    """A village's lookup codes: for the organizer and the village's scorer, who hand them out."""
    s, village = village_for(user, slug, village_id)
    if not (s.is_organizer or s.may_score(village)):
        raise PermissionDenied("only the organizer and the village's scorer hand out codes")
    return s, village


def reviewing(user, slug: str, village_id: int) -> tuple[Seat, Area]:
    """A village for its township's reviewer to sample, approve or return."""
    s, village = village_for(user, slug, village_id)
    if not s.may_review(village):
        raise PermissionDenied("only the township's reviewer reviews")
    return s, village


def publishing(user, slug: str, village_id: int) -> tuple[Seat, Area]:
    s = organizing(user, slug)
    village = s.villages().select_related("parent").filter(pk=village_id).first()
    if village is None:
        raise Http404(NO_VILLAGE)
    return s, village
