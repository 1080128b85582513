"""Judges' comments (评价指导) for a report card, from the judging app.

Comments are not scores, so they are not part of a snapshot's inputs: the card
shows the comments of the entrant's locked sheets as they are now, under the
same embargo as the card itself, without judges' names (a county reads what
the panel said, not who said it).
"""

from __future__ import annotations

from django.apps import apps

from bipin.contests.models import Entrant


def judge_comments(entrant: Entrant) -> list[str] | None:
    """The comments, or None when no judging app is installed to give any."""
    if not apps.is_installed("bipin.judging"):
        return None
    from bipin.judging.models import Sheet

    return list(Sheet.objects.filter(entrant=entrant, status=Sheet.Status.LOCKED)
                .exclude(comment="").order_by("pk").values_list("comment", flat=True))
