"""Invitations: a contest offers a role to an account it did not create.

The person answers while logged in as themselves; only acceptance grants the
role, and from then on the contest may print login links for them. Each step
is audited in the inviting contest's chain.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from bipin.accounts.models import Invitation
from bipin.audit.chain import record


@transaction.atomic
def invite(actor, contest, user, role: str, *, entrant=None, department: str = "") -> Invitation:
    """Offer ``role`` to ``user``; inviting again while one is pending changes nothing."""
    pending = Invitation.objects.filter(contest=contest, user=user, role=role,
                                        status=Invitation.Status.PENDING).first()
    if pending is not None:
        return pending
    invitation = Invitation.objects.create(contest=contest, user=user, role=role, entrant=entrant,
                                           department=department, invited_by=actor)
    record("invitation.create", contest=contest, actor=actor, target=user.get_username(),
           data={"role": role, "entrant": entrant.name if entrant else None,
                 "department": department})
    return invitation


def pending_for(user):
    """The invitations waiting for ``user``'s answer, newest first."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (Invitation.objects.filter(user=user, status=Invitation.Status.PENDING)
            .select_related("contest", "entrant", "invited_by"))


class InvitationClosed(Exception):
    """The invitation was answered or withdrawn in the meantime (two clicks, two tabs)."""


def _decide(invitation: Invitation, status: str) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != Invitation.Status.PENDING:
        raise InvitationClosed(f"invitation {locked.pk} is {locked.status}, not pending")
    locked.status, locked.decided_at = status, timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return locked


@transaction.atomic
def accept(user, invitation: Invitation):
    """The invited person takes the role; returns the new membership."""
    # contests.services imports this module for its people workflow.
    from bipin.contests.services import grant_role

    if invitation.user_id != user.pk:
        raise ValueError("only the invited person may accept an invitation")
    invitation = _decide(invitation, Invitation.Status.ACCEPTED)
    record("invitation.accept", contest=invitation.contest, actor=user,
           target=user.get_username(), data={"role": invitation.role})
    return grant_role(user, invitation.contest, user, invitation.role,
                      entrant=invitation.entrant, department=invitation.department)


@transaction.atomic
def decline(user, invitation: Invitation) -> Invitation:
    if invitation.user_id != user.pk:
        raise ValueError("only the invited person may decline an invitation")
    invitation = _decide(invitation, Invitation.Status.DECLINED)
    record("invitation.decline", contest=invitation.contest, actor=user,
           target=user.get_username(), data={"role": invitation.role})
    return invitation


@transaction.atomic
def withdraw(actor, invitation: Invitation) -> Invitation:
    """The contest takes back an invitation nobody has answered yet."""
    invitation = _decide(invitation, Invitation.Status.WITHDRAWN)
    record("invitation.withdraw", contest=invitation.contest, actor=actor,
           target=invitation.user.get_username(), data={"role": invitation.role})
    return invitation
