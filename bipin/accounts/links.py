"""One-time login links for judges who have no time for passwords at a venue."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bipin.accounts.models import LoginLink
from bipin.audit.chain import record


def _hash(token: str) -> str:
    # UTF-8, not ASCII: a link URL may be typed or mangled into any text, which
    # must find no link rather than fail. Issued tokens are ASCII either way.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_login_link(actor, user, *, contest=None, hours: int | None = None) -> str:
    """Return a fresh token for ``user``; only its hash is stored."""
    token = secrets.token_urlsafe(24)
    hours = hours or settings.LOGIN_LINK_HOURS
    LoginLink.objects.create(user=user, contest=contest, token_hash=_hash(token), created_by=actor,
                             expires_at=timezone.now() + timedelta(hours=hours))
    record("login_link.create", contest=contest, actor=actor, target=user.get_username(),
           data={"hours": hours})
    return token


def redeem_login_link(token: str):
    """The link's user, once; None if the token is unknown, used or expired."""
    with transaction.atomic():
        link = (LoginLink.objects.select_for_update(of=("self",)).select_related("user", "contest")
                .filter(token_hash=_hash(token)).first())
        if link is None or link.used_at is not None or link.expires_at <= timezone.now():
            return None
        if not link.user.is_active:
            return None
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        record("login_link.use", contest=link.contest, actor=link.user, target=link.user.get_username())
    return link
