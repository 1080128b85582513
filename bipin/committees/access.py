"""Who may see and do what on a 评审委员会 — decided here and nowhere else.

- The contest's organizer: everything (create, appoint, change a member's
  position or relieve them, declare for a member, add entries, assign, decide,
  reopen, export, every history).
- The chair: sees every entry and review, assigns members by hand, decides.
- The deputy: sees every entry and review.
- A member: the entries assigned to them and the decided ones, their own
  reviews (others' only once an entry is decided), their own history, and
  their own conflicts to declare.

Anyone else in the contest sees an empty list, a 404 for the committee's
objects and a 403 for the contest's actions (creating a committee); someone
outside the contest gets a 404 for all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from bipin.committees.models import Committee, Entry, Member, Position
from bipin.contests.access import contest_for, roles_of
from bipin.contests.models import Contest, Membership, Role

NOT_FOUND = "没有这个评审委员会 / no such committee"
NO_ENTRY = "没有这个评审事项 / no such entry"
NO_MEMBER = "没有这位委员 / no such member"
# Those who read every review of the committee, decided or not.
SEE_ALL = (Position.CHAIR, Position.DEPUTY)


@dataclass(frozen=True)
class Seat:
    """A user's place on one committee: the contest's organizer, a member, or both."""

    user: object
    contest: Contest
    committee: Committee
    is_organizer: bool
    member: Member | None

    @property
    def position(self) -> str:
        return self.member.position if self.member else ""

    @property
    def sees_all(self) -> bool:
        return self.is_organizer or self.position in SEE_ALL

    @property
    def may_decide(self) -> bool:
        """The chair or the organizer decides an entry and assigns members by hand."""
        return self.is_organizer or self.position == Position.CHAIR


def contest_of(user, slug: str) -> tuple[Contest, bool]:
    """The contest for anyone holding a role in it (404 otherwise), and whether they organise it."""
    contest = contest_for(user, slug, tuple(Role))
    return contest, Role.ORGANIZER in roles_of(user, contest)


def committees(user, contest: Contest, is_organizer: bool) -> QuerySet[Committee]:
    """All of the contest's committees for its organizer; else those the user sits on."""
    found = Committee.objects.filter(contest=contest)
    return found if is_organizer else found.filter(members__user=user)


def organizer_contest(user, slug: str) -> Contest:
    """The contest for its organizer (403 for its other people, 404 for anyone else)."""
    return contest_for(user, slug, [Role.ORGANIZER])


def seat(user, slug: str, committee_id: int) -> Seat:
    contest, is_organizer = contest_of(user, slug)
    committee = committees(user, contest, is_organizer).filter(pk=committee_id).first()
    if committee is None:
        raise Http404(NOT_FOUND)
    member = committee.members.filter(user=user).select_related("user").first()
    return Seat(user, contest, committee, is_organizer, member)


def organizing(user, slug: str, committee_id: int) -> Seat:
    """The committee for its contest's organizer: appoint, add entries, reopen, export."""
    s = seat(user, slug, committee_id)
    if not s.is_organizer:
        raise PermissionDenied("only the organizer")
    return s


def exporting(user, slug: str, committee_id: int) -> Seat:
    """The decisions workbook, with every review: for those who see all (403 for a member)."""
    s = seat(user, slug, committee_id)
    if not s.sees_all:
        raise PermissionDenied("the decisions workbook is for the organizer, chair and deputy")
    return s


def entries(s: Seat) -> QuerySet[Entry]:
    """The entries ``s`` may open: all for those who see all; else assigned or decided ones."""
    found = Entry.objects.filter(committee=s.committee)
    if s.sees_all:
        return found
    return found.filter(Q(assignments__member=s.member)
                        | Q(decisions__reopened_at__isnull=True, decisions__isnull=False)).distinct()


def entry_for(user, slug: str, committee_id: int, entry_id: int) -> tuple[Seat, Entry]:
    s = seat(user, slug, committee_id)
    entry = entries(s).filter(pk=entry_id).first()
    if entry is None:
        raise Http404(NO_ENTRY)
    return s, entry


def deciding(user, slug: str, committee_id: int, entry_id: int) -> tuple[Seat, Entry]:
    """An entry for the chair or the organizer to assign by hand or decide (403 for a member)."""
    s, entry = entry_for(user, slug, committee_id, entry_id)
    if not s.may_decide:
        raise PermissionDenied("only the chair or the organizer")
    return s, entry


def reopening(user, slug: str, committee_id: int, entry_id: int) -> tuple[Seat, Entry]:
    s, entry = entry_for(user, slug, committee_id, entry_id)
    if not s.is_organizer:
        raise PermissionDenied("only the organizer reopens a decision")
    return s, entry


def reviewing(user, slug: str, committee_id: int, entry_id: int):
    """An entry and the user's assignment to it (403 for anyone not assigned)."""
    s, entry = entry_for(user, slug, committee_id, entry_id)
    assignment = (entry.assignments.filter(member__user=user).select_related("member").first()
                  if s.member else None)
    if assignment is None:
        raise PermissionDenied("only an assigned member reviews")
    return s, entry, assignment


def sees_every_review(s: Seat, decided: bool) -> bool:
    """Whether an entry's every review is shown (else only the user's own): to those who see
    all, and to every member who may open the entry once it is decided."""
    return s.sees_all or decided


def history_for(user, slug: str, committee_id: int, member_id: int) -> tuple[Seat, Member]:
    """One member's reviews: for the organizer, chair, deputy and the member; else 404."""
    s = seat(user, slug, committee_id)
    member = s.committee.members.filter(pk=member_id).select_related("user").first()
    if member is None or not (s.sees_all or member.user_id == user.pk):
        raise Http404(NO_MEMBER)
    return s, member


def declaring(user, slug: str, committee_id: int, member_id: int) -> tuple[Seat, Member]:
    """A member's conflicts, declared by the member or for them by the organizer."""
    s = seat(user, slug, committee_id)
    member = s.committee.members.filter(pk=member_id).select_related("user").first()
    if member is None:
        raise Http404(NO_MEMBER)
    if not (s.is_organizer or member.user_id == user.pk):
        raise PermissionDenied("only the member or the organizer declares their conflicts")
    return s, member


def managing_member(user, slug: str, committee_id: int, member_id: int) -> tuple[Seat, Member]:
    """A member whose position the organizer changes or whom the organizer relieves."""
    s = organizing(user, slug, committee_id)
    member = s.committee.members.filter(pk=member_id).select_related("user").first()
    if member is None:
        raise Http404(NO_MEMBER)
    return s, member


def appointable(contest: Contest):
    """The people a committee's members are chosen from: anyone holding a role in the contest."""
    ids = Membership.objects.filter(contest=contest).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "username")
