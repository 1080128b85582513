"""Which evidence files (finding photos) a user may open, for bipin.evidence.access."""

from __future__ import annotations

from bipin.inspections.access import may_see_finding


def may_see(user, contest, evidence) -> bool:
    """The team of a finding carrying the photo, or its entrant once the finding is confirmed."""
    return any(
        may_see_finding(user, f)
        for f in evidence.findings.filter(contest=contest).select_related("contest", "entrant")
    )
