"""The set-up tables that scores depend on (bipin.audit.tracked).

A group decides which of the scheme's leaves an entrant is scored on and whom
it is ranked against; an entrant's group, name and code are the engine's
entrants and how observations find them; the scheme version in force is the
scoring itself.

Not listed:

- Contest: the root the other rows hang from; its name, kind, year and the
  flags (blind, public, demo) say how pages show it, not what any score is.
- Membership: who may see or enter what (bipin.contests.access), not a value;
  whose marks count is the judging app's Seat and Recusal, tracked there.
"""

from bipin.contests.models import Entrant, Group, SchemeVersion

TRACKED = {
    Group: "contest",
    Entrant: "contest",
    SchemeVersion: "contest",
}
