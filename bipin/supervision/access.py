"""Who may enter, review and see supervision records — decided here only.

The supervision office is the department a supervision leaf names
(``Node.department``, e.g. 示例市委督查室): its clerk is a department reporter
and its reviewer a department reviewer of that department. A leaf without a
department is entered and approved by the organizer. The organizer sees every
record; an entrant viewer only the approved records of its own unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bipin.contests.access import contest_for, own_entrant
from bipin.contests.models import Contest, Entrant, Membership, Role
from bipin.judging.engine import contest_scheme
from bipin.scoring import Node, Source
from bipin.supervision.models import Record

NOT_FOUND = "没有这条监督记录 / no such supervision record"
OFFICE_ROLES = [Role.ORGANIZER, Role.DEPT_REPORTER, Role.DEPT_REVIEWER]
VIEWERS = [*OFFICE_ROLES, Role.ENTRANT_VIEWER]


@dataclass
class Office:
    """What one user may do with the contest's supervision leaves."""

    contest: Contest
    organizer: bool = False
    clerk_of: set[str] = field(default_factory=set)  # departments
    reviewer_of: set[str] = field(default_factory=set)
    entrant: Entrant | None = None
    leaves: dict[str, Node] = field(default_factory=dict)  # every group's supervision leaves

    def may_enter(self, item: str) -> bool:
        leaf = self.leaves.get(item)
        return leaf is not None and (
            leaf.department in self.clerk_of or (self.organizer and not leaf.department)
        )

    def may_review(self, item: str) -> bool:
        leaf = self.leaves.get(item)
        return leaf is not None and (
            leaf.department in self.reviewer_of or (self.organizer and not leaf.department)
        )

    def may_read(self, record: Record) -> bool:
        if self.organizer or self.may_enter(record.item) or self.may_review(record.item):
            return True
        return (
            self.entrant is not None
            and record.entrant_id == self.entrant.pk
            and record.status == Record.Status.APPROVED
        )

    @property
    def enters(self) -> list[str]:
        return [i for i in self.leaves if self.may_enter(i)]

    @property
    def reviews(self) -> list[str]:
        return [i for i in self.leaves if self.may_review(i)]

    @property
    def in_office(self) -> bool:
        return self.organizer or bool(self.enters or self.reviews)

    def visible(self):
        """The records this user's office pages list (not the entrant's page)."""
        records = Record.objects.filter(contest=self.contest)
        if self.organizer:
            return records
        return records.filter(item__in=set(self.enters) | set(self.reviews))


def supervision_leaves(contest: Contest) -> dict[str, Node]:
    """Every group's supervision leaves by id, as the scheme in force declares them."""
    scheme = contest_scheme(contest)
    if scheme is None:
        return {}
    return {leaf.id: leaf for leaf in scheme.leaves(Source.SUPERVISION)}


def office_of(user, contest: Contest) -> Office:
    office = Office(contest, leaves=supervision_leaves(contest))
    if not user.is_authenticated:  # a public contest's page, seen by a visitor
        return office
    for role, department in Membership.objects.filter(contest=contest, user=user).values_list(
        "role", "department"
    ):
        if role == Role.ORGANIZER:
            office.organizer = True
        elif role == Role.DEPT_REPORTER and department:
            office.clerk_of.add(department)
        elif role == Role.DEPT_REVIEWER and department:
            office.reviewer_of.add(department)
    office.organizer = office.organizer or user.is_superuser
    office.entrant = own_entrant(user, contest)
    return office


def _office(user, slug: str, roles, wanted) -> tuple[Contest, Office]:
    contest = contest_for(user, slug, roles)
    office = office_of(user, contest)
    if not wanted(office):
        raise PermissionDenied("not in the supervision office")
    return contest, office


def office_contest(user, slug: str) -> tuple[Contest, Office]:
    """The record book: the organizer, or a clerk or reviewer of a supervision office."""
    return _office(user, slug, OFFICE_ROLES, lambda o: o.in_office)


def clerk_contest(user, slug: str) -> tuple[Contest, Office]:
    """Entering records: a clerk of an office (the organizer for leaves without one)."""
    return _office(user, slug, OFFICE_ROLES, lambda o: bool(o.enters))


def reviewer_contest(user, slug: str) -> tuple[Contest, Office]:
    return _office(user, slug, OFFICE_ROLES, lambda o: bool(o.reviews))


def organizer_contest(user, slug: str) -> tuple[Contest, Office]:
    return _office(user, slug, [Role.ORGANIZER], lambda o: o.organizer)


def entrant_contest(user, slug: str) -> tuple[Contest, Office]:
    """An entrant viewer's own approved records."""
    return _office(user, slug, [Role.ENTRANT_VIEWER], lambda o: o.entrant is not None)


def _record(contest: Contest, pk: int) -> Record:
    record = (
        Record.objects.filter(contest=contest, pk=pk)
        .select_related("entrant", "entered_by", "reviewed_by", "supersedes")
        .first()
    )
    if record is None:
        raise Http404(NOT_FOUND)
    return record


def record_to_read(user, slug: str, pk: int) -> tuple[Contest, Office, Record]:
    """A record for its page: 404 to an entrant viewer it is not for, 403 to other roles."""
    contest = contest_for(user, slug, VIEWERS)
    office = office_of(user, contest)
    record = _record(contest, pk)
    if office.may_read(record):
        return contest, office, record
    if office.entrant is not None and not office.in_office:
        raise Http404(NOT_FOUND)  # an entrant cannot tell which other records exist
    raise PermissionDenied("another office's record")


def _record_of_office(user, slug: str, pk: int, fetch, allowed) -> tuple[Contest, Office, Record]:
    contest, office = fetch(user, slug)
    record = _record(contest, pk)
    if not allowed(office, record.item):
        raise PermissionDenied("another office's record")
    return contest, office, record


def record_to_enter(user, slug: str, pk: int) -> tuple[Contest, Office, Record]:
    return _record_of_office(user, slug, pk, clerk_contest, Office.may_enter)


def record_to_review(user, slug: str, pk: int) -> tuple[Contest, Office, Record]:
    return _record_of_office(user, slug, pk, reviewer_contest, Office.may_review)


def may_see_evidence(user, contest: Contest, record: Record) -> bool:
    """An office member sees its records' files; the entrant viewer an approved record's."""
    if not user.is_authenticated:
        return False
    return office_of(user, contest).may_read(record)
