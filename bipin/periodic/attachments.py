"""Which evidence files (a report's 台账 and photos) a user may open, for bipin.evidence.access."""

from __future__ import annotations

from bipin.periodic.access import visible_units


def may_see(user, contest, evidence) -> bool:
    """Whoever may read a report carrying the file: its unit's people, the reviewers
    above it, the entrant viewer of its county (the organizer and uploader always may)."""
    units = set(
        evidence.period_reports.filter(unit__contest=contest).values_list("unit_id", flat=True)
    )
    return bool(units) and bool(units & visible_units(user, contest)[1])
