"""Who may open an evidence file — decided here and nowhere else.

The organizer of the contest and the person who uploaded a file may always
open it. Anyone else may when an app that attaches files says so: an app
with a module ``attachments`` offering ``may_see(user, contest, evidence)``
answers for the records it attaches files to (an entrant its own findings, a
department reviewer the values it reviews, …). Outside the contest: 404; in
the contest without a say-so: 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bipin.contests.access import contest_for, roles_of
from bipin.contests.extensions import app_modules
from bipin.contests.models import Contest, Role
from bipin.evidence.models import EvidenceFile

NOT_FOUND = "没有这个文件 / no such file"


def may_see(user, contest: Contest, evidence: EvidenceFile, roles: set[str] | None = None) -> bool:
    """Whether ``user`` may open ``evidence`` (a file of ``contest``).

    ``roles`` are the user's roles in the contest when the caller has them
    already (a page checking many files asks once).
    """
    if not user.is_authenticated:
        return False
    if evidence.uploaded_by_id is not None and evidence.uploaded_by_id == user.pk:
        return True
    if Role.ORGANIZER in (roles_of(user, contest) if roles is None else roles):
        return True
    return any(
        module.may_see(user, contest, evidence)
        for _, module in app_modules("attachments")
        if hasattr(module, "may_see")
    )


def visible(user, contest: Contest, files) -> list[EvidenceFile]:
    """The files among ``files`` that ``user`` may open, in their order."""
    roles = roles_of(user, contest)
    return [f for f in files if may_see(user, contest, f, roles)]


def evidence_for(user, slug: str, pk: int) -> EvidenceFile:
    """The file, if ``user`` may open it; 404 outside the contest, 403 inside without a say-so."""
    contest = contest_for(user, slug, Role.values)
    evidence = EvidenceFile.objects.filter(contest=contest, pk=pk).first()
    if evidence is None:
        raise Http404(NOT_FOUND)
    evidence.contest = contest
    if not may_see(user, contest, evidence):
        raise PermissionDenied("not allowed to open this file")
    return evidence
