"""Who may open the files an objection carries (bipin.evidence.access asks here)."""

from __future__ import annotations

from bipin.objections.access import may_see_files


def may_see(user, contest, evidence) -> bool:
    return may_see_files(user, contest, evidence)
