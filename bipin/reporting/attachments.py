"""Who else may open the evidence attached to department values (bipin.evidence.access).

The department's own reporters and reviewers open every file of their grid;
an entrant's viewer opens the files of its own rows once its values are
approved, as they appear on its report card.
"""

from __future__ import annotations

from bipin.contests.access import own_entrant
from bipin.reporting.access import own_departments
from bipin.reporting.models import Attachment
from bipin.reporting.review import ReviewState


def may_see(user, contest, evidence) -> bool:
    rows = Attachment.objects.filter(submission__contest=contest, file=evidence)
    mine = own_departments(user, contest)
    if mine and rows.filter(submission__department__in=mine).exists():
        return True
    unit = own_entrant(user, contest)
    return (
        unit is not None
        and rows.filter(entrant=unit, submission__state=ReviewState.APPROVED).exists()
    )
