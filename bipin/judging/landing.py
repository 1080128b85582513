"""Where a judge lands after logging in: the scoring page of the day.

Found by :func:`bipin.accounts.views.landing_page` through the ``landing``
extension module, so accounts needs not know about judging.
"""

from __future__ import annotations

from django.db.models import Exists, F, Max, OuterRef
from django.urls import reverse

from bipin.contests.models import Contest
from bipin.judging.models import Seat, Stage


def landing(user, contest: Contest | None = None) -> str | None:
    """The score page of the contest the judge sits in today, or None.

    With ``contest`` (the one whose link they used) only that one counts.
    Otherwise "today" is the contest with an entrant on stage now, else the
    one whose latest presentation is newest, else the newest contest.
    """
    seated = Contest.objects.filter(pk__in=Seat.objects.filter(user=user).values("panel__contest"))
    if contest is not None:
        seated = seated.filter(pk=contest.pk)
    on_stage = Stage.objects.filter(contest=OuterRef("pk"), entrant__isnull=False)
    day = (seated.annotate(on_stage=Exists(on_stage), last_shown=Max("panels__presentations__started_at"))
           .order_by("-on_stage", F("last_shown").desc(nulls_last=True), "-created_at", "-pk").first())
    return reverse("judging:score", args=[day.slug]) if day else None
