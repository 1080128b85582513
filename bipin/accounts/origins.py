"""Which contest an account exists for.

An organizer types usernames into the people form, a people list or a
candidate list. A new username becomes an account *for that contest*; an
existing one stays its owner's, and the contest only gets to invite it
(:mod:`bipin.accounts.invitations`). This is what lets a contest print login
links for its own people without reaching anyone else's account.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from bipin.accounts.models import AccountOrigin, Invitation
from bipin.audit.chain import record


@transaction.atomic
def account_for(actor, contest, username: str, full_name: str = "", email: str = ""):
    """``(user, belongs)``: the account named ``username``, created for ``contest`` if new.

    A new account has no password: its owner logs in by a one-time link or
    sets a password later; nobody gets a password chosen for them. ``belongs``
    says whether the account exists for this contest (see :func:`belongs_to`).
    """
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": full_name, "email": email})
    if not created:
        return user, belongs_to(contest, user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    note_origin(actor, contest, user)
    return user, True


@transaction.atomic
def note_origin(actor, contest, user) -> AccountOrigin:
    """Record that ``contest`` created ``user`` (the demo and tests give theirs passwords)."""
    origin = AccountOrigin.objects.create(user=user, contest=contest, created_by=actor)
    record("account.create", contest=contest, actor=actor, target=user.get_username())
    return origin


def belongs_to(contest, user) -> bool:
    """True if ``contest`` created the account or its owner accepted one of its invitations."""
    return (AccountOrigin.objects.filter(user=user, contest=contest).exists()
            or Invitation.objects.filter(user=user, contest=contest,
                                         status=Invitation.Status.ACCEPTED).exists())
