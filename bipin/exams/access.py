"""Who may open which exam page — decided here, in the style of contests.access.

A candidate is not a contest member: they reach exactly their own attempt
through their Candidate row, and a 404 hides every other one. Organizers
manage; judges and the chief judge mark; nobody else sees the bank.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from bipin.contests.access import contest_for, organizer_contest
from bipin.contests.models import Role
from bipin.exams.models import Answer, Candidate, Sitting

MARKERS = (Role.JUDGE, Role.CHIEF_JUDGE)


def organizer_sitting(user, slug: str, sitting_id: int) -> Sitting:
    contest = organizer_contest(user, slug)
    return get_object_or_404(
        Sitting.objects.select_related("contest", "paper"), contest=contest, pk=sitting_id
    )


def organizer_candidate(user, slug: str, sitting_id: int, candidate_id: int) -> Candidate:
    sitting = organizer_sitting(user, slug, sitting_id)
    return get_object_or_404(
        Candidate.objects.select_related("sitting__contest", "sitting__paper", "entrant", "user"),
        sitting=sitting,
        pk=candidate_id,
    )


def marker_sitting(user, slug: str, sitting_id: int) -> Sitting:
    contest = contest_for(user, slug, MARKERS)
    return get_object_or_404(
        Sitting.objects.select_related("contest"), contest=contest, pk=sitting_id
    )


def marker_answer(user, sitting: Sitting, answer_id: int) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related("item__question", "candidate"),
        candidate__sitting=sitting,
        pk=answer_id,
    )


def own_candidate(user, slug: str, sitting_id: int) -> Candidate:
    """The user's own attempt at this sitting; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404("no such sitting")
    candidate = (
        Candidate.objects.select_related("sitting__contest", "sitting__paper", "entrant", "user")
        .filter(sitting_id=sitting_id, sitting__contest__slug=slug, user=user)
        .first()
    )
    if candidate is None:
        raise Http404("no such sitting")
    return candidate


def own_candidacies(user):
    """Every sitting the user is a candidate in (for the contest page link)."""
    if not user.is_authenticated:
        return Candidate.objects.none()
    return Candidate.objects.filter(user=user).select_related("sitting__contest")
