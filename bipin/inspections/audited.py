"""Inspection tables that scores depend on (bipin.audit.tracked)."""

from bipin.inspections.models import Appeal, Finding, Round, SiteDraw, Team, TeamMember, Visit

TRACKED = {
    Round: "contest",
    Team: "round__contest",
    TeamMember: "team__round__contest",
    Visit: "team__round__contest",
    # The drawn sites: seed, candidates and order must stay as the log recorded them.
    SiteDraw: "visit__team__round__contest",
    Finding: "contest",
    Appeal: "finding__contest",
    # Which photos a finding carries: its evidence.
    Finding.photos.through: "finding__contest",
}
