"""What the public notice (results:notice) shows of objections, beside the result.

The results app asks every app with a ``notice`` module for ``part(release)``
and includes the template it names; it knows nothing of objections. Counts
are always shown; answers and corrections only when the release's policy
publishes them, and never who filed.
"""

from __future__ import annotations

from django.db.models import Count, Q

from bipin.objections.access import policy_of
from bipin.objections.models import ANSWERED, OPEN


def part(release) -> dict | None:
    found = release.objections.all()
    counts = found.aggregate(received=Count("pk"), answered=Count("pk", filter=Q(status__in=ANSWERED)),
                             open=Count("pk", filter=Q(status__in=OPEN)))
    policy = policy_of(release)
    if not counts["received"] and not policy.public_may_file:
        return None
    answers = []
    if policy.publish_answers:
        answers = list(found.filter(status__in=ANSWERED).select_related("entrant", "correction")
                       .order_by("entrant__order", "pk"))
    return {"template": "objections/_notice.html", "counts": counts, "answers": answers,
            "public": policy.public_may_file and release.notice_open(), "release": release}
