"""Who may see a panel's judge analysis — decided here only.

The organizer and the chief judge: they are the ones who act when a judge
drifts. Judges never see how their colleagues mark, and entrant viewers never
see the judges at all: 403 for them, 404 for anyone outside the contest.
"""

from __future__ import annotations

from django.http import Http404

from bipin.contests.access import contest_for
from bipin.contests.models import Contest, Role
from bipin.judging.models import Panel

ANALYSTS = [Role.ORGANIZER, Role.CHIEF_JUDGE]
NOT_FOUND = "没有这个评委组 / no such panel"


def analysis_contest(user, slug: str) -> Contest:
    return contest_for(user, slug, ANALYSTS)


def panel_in(contest: Contest, panel_id: int) -> Panel:
    panel = Panel.objects.filter(contest=contest, pk=panel_id).first()
    if panel is None:
        raise Http404(NOT_FOUND)
    panel.contest = contest
    return panel


def may_analyse(roles: set[str]) -> bool:
    return bool(roles & set(ANALYSTS))
