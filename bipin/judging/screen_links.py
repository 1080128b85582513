"""大屏专用链接: the big screen on the projector PC without an organizer's login.

A link opens one contest's big screen and its poll, read-only, and nothing
else. Only the token's SHA-256 is stored, so the database does not hold a
working link; the organizer sees the address once, when it is made, and can
revoke it on the console, which stops it at the next poll.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.judging.models import ScreenLink
from bipin.judging.services import _refuse


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_screen_link(actor, contest: Contest) -> tuple[ScreenLink, str]:
    """A new link and its token (shown once; only the hash is kept)."""
    token = secrets.token_urlsafe(24)
    link = ScreenLink.objects.create(contest=contest, token_hash=token_hash(token), created_by=actor)
    record("screen_link.create", contest=contest, actor=actor, target=f"screen-link:{link.pk}")
    return link, token


@transaction.atomic
def revoke_screen_link(actor, contest: Contest, link_id: int | None) -> ScreenLink:
    link = ScreenLink.objects.select_for_update().filter(contest=contest, pk=link_id,
                                                         revoked_at__isnull=True).first()
    if link is None:
        raise _refuse("link", "没有这个有效的大屏链接", "no such active screen link", 404)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record("screen_link.revoke", contest=contest, actor=actor, target=f"screen-link:{link.pk}")
    return link


def active_links(contest: Contest) -> list[ScreenLink]:
    return list(ScreenLink.objects.filter(contest=contest, revoked_at__isnull=True)
                .select_related("created_by").order_by("created_at"))

