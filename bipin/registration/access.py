"""Who may see and do what with 报名与收样 — decided here and nowhere else.

- The organizer sets the window and the measures, imports, receives,
  generates the blind codes, prints labels and the sealed key sheet, enters
  measurements and opens the producers' photos.
- Anyone, without an account, registers a sample while the window is open and
  reads one registration's status with its receipt code, and nothing else.

Anyone else in the contest (judges above all: the key sheet names whose
sample each code is) gets 403; a stranger, or another contest's organizer, 404.
"""

from __future__ import annotations

from django.http import Http404

from bipin.certificates.codes import as_typed
from bipin.contests.access import organizer_contest, roles_of
from bipin.contests.models import Contest, Role
from bipin.registration.models import Registration, Window

NOT_OPEN = "这个活动没有网上报名 / this contest takes no registrations"
NOT_FOUND = "没有这个报名 / no such registration"


def organizing(user, slug: str) -> Contest:
    """The contest whose registrations ``user`` organizes; else 404 or 403."""
    return organizer_contest(user, slug)


def may_open_sample(user, contest: Contest) -> bool:
    """Whether a link to a sample's page (producer, photos) may be shown to ``user``."""
    return Role.ORGANIZER in roles_of(user, contest)


def registration(contest: Contest, pk: int) -> Registration:
    found = Registration.objects.filter(contest=contest, pk=pk).select_related("group", "entrant").first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def public_window(slug: str) -> Window:
    """The window of a contest that takes registrations, for anyone; else 404."""
    window = Window.objects.filter(contest__slug=slug).select_related("contest").first()
    if window is None:
        raise Http404(NOT_OPEN)
    return window


def by_receipt(contest: Contest, typed: str) -> Registration | None:
    """The registration a typed receipt code names in this contest, for anyone; None for none."""
    code = as_typed(typed)
    if code is None:
        return None
    return Registration.objects.filter(contest=contest, receipt=code).select_related("group").first()
