"""Who may open which accounts page — decided here, in the style of contests.access."""

from __future__ import annotations

from django.http import Http404

from bipin.accounts.invitations import pending_for
from bipin.accounts.models import Invitation


def own_pending_invitation(user, invitation_id: int) -> Invitation:
    """The user's own unanswered invitation; 404 for anyone else's or an answered one."""
    invitation = pending_for(user).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404("no such invitation")
    return invitation
