"""One-time login links for judges who have no time for passwords at a venue.

A link logs its holder in as the account everywhere, so who may get one is
decided here, once, when a link is made and again when it is used:

- only an account that exists for the contest printing it: created by that
  contest's own people or candidate list, or whose owner accepted one of its
  invitations while logged in as themselves (:mod:`bipin.accounts.origins`);
- never a superuser or staff account, nor an organizer of any contest or an
  account allowed to create contests: those hold other people's data and log
  in with their password;
- never a disabled account.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bipin.accounts.models import AccountOrigin, Invitation, LoginLink
from bipin.audit.chain import record
from bipin.contests.models import Membership, Role


@dataclass(frozen=True)
class Refusal:
    """Why a contest may not print a login link for an account, in both languages."""

    code: str
    message_zh: str
    message_en: str


PENDING = Refusal("pending", "待本人接受邀请:接受后才能生成登录链接",
                  "the invitation waits for them to accept it; a link can be made after that")
FOREIGN = Refusal("foreign", "不是本活动创建的账号,本人也未接受本活动的邀请;请本人用自己的密码登录",
                  "not an account this contest created, and its owner has not accepted this "
                  "contest's invitation; they log in with their own password")
ADMIN = Refusal("admin", "管理员账号不能用登录链接登录,请本人用密码登录",
                "an administrator account never logs in by link; they use their password")
ORGANIZER = Refusal("organizer", "组织者账号不能用登录链接登录,请本人用密码登录",
                    "an organizer's account never logs in by link; they use their password")
INACTIVE = Refusal("inactive", "账号已停用", "the account is disabled")


class LinkRefused(Exception):
    def __init__(self, user, refusal: Refusal) -> None:
        super().__init__(f"{user.get_username()}: {refusal.message_en}")
        self.user, self.refusal = user, refusal

    @property
    def message_zh(self) -> str:
        return f"未为 {self.user.get_username()} 生成登录链接:{self.refusal.message_zh}"

    @property
    def message_en(self) -> str:
        return f"no login link for {self.user.get_username()}: {self.refusal.message_en}"


def link_refusals(contest, users: Iterable) -> dict[int, Refusal | None]:
    """For each user's pk: why ``contest`` may not link them, or None if it may."""
    users = list(users)
    ids = [u.pk for u in users]

    def among(queryset, field="user_id") -> set[int]:
        return set(queryset.values_list(field, flat=True))

    own = among(AccountOrigin.objects.filter(contest=contest, user__in=ids))
    invited = Invitation.objects.filter(contest=contest, user__in=ids)
    accepted = among(invited.filter(status=Invitation.Status.ACCEPTED))
    pending = among(invited.filter(status=Invitation.Status.PENDING))
    organizers = among(Membership.objects.filter(user__in=ids, role=Role.ORGANIZER))
    may_create = Permission.objects.filter(codename="add_contest", content_type__app_label="contests")
    creators = among(get_user_model().objects.filter(pk__in=ids).filter(
        Q(user_permissions__in=may_create) | Q(groups__permissions__in=may_create)), "pk")
    out: dict[int, Refusal | None] = {}
    for user in users:
        if user.pk not in own and user.pk not in accepted:
            out[user.pk] = PENDING if user.pk in pending else FOREIGN
        elif user.is_superuser or user.is_staff:
            out[user.pk] = ADMIN
        elif user.pk in organizers or user.pk in creators:
            out[user.pk] = ORGANIZER
        elif not user.is_active:
            out[user.pk] = INACTIVE
        else:
            out[user.pk] = None
    return out


def link_refusal(contest, user) -> Refusal | None:
    if contest is None:
        return FOREIGN  # a link must name the contest that answers for it
    return link_refusals(contest, [user])[user.pk]


def _hash(token: str) -> str:
    # UTF-8, not ASCII: a link URL may be typed or mangled into any text, which
    # must find no link rather than fail. Issued tokens are ASCII either way.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_login_link(actor, user, *, contest, hours: int | None = None) -> str:
    """Return a fresh token for ``user``; only its hash is stored.

    Raises :class:`LinkRefused` (after recording the refusal) when the
    contest may not link this account.
    """
    refusal = link_refusal(contest, user)
    if refusal is not None:
        record("login_link.refuse", contest=contest, actor=actor, target=user.get_username(),
               data={"reason": refusal.code})
        raise LinkRefused(user, refusal)
    token = secrets.token_urlsafe(24)
    hours = hours or settings.LOGIN_LINK_HOURS
    with transaction.atomic():
        LoginLink.objects.create(user=user, contest=contest, token_hash=_hash(token),
                                 created_by=actor, expires_at=timezone.now() + timedelta(hours=hours))
        record("login_link.create", contest=contest, actor=actor, target=user.get_username(),
               data={"hours": hours})
    return token


def reissue_login_link(actor, user, *, contest, hours: int | None = None) -> str:
    """A fresh link for ``user``, after ending every unused one ``contest`` gave them.

    For a judge who lost the phone or the card on the day: whoever picks up
    the old link can no longer log in with it. Raises :class:`LinkRefused`
    as :func:`create_login_link` does, leaving the old links as they were.
    """
    if link_refusal(contest, user) is not None:
        return create_login_link(actor, user, contest=contest, hours=hours)  # records and raises
    with transaction.atomic():
        now = timezone.now()
        revoked = LoginLink.objects.filter(user=user, contest=contest, used_at__isnull=True,
                                           expires_at__gt=now).update(expires_at=now)
        token = create_login_link(actor, user, contest=contest, hours=hours)
        record("login_link.reissue", contest=contest, actor=actor, target=user.get_username(),
               data={"revoked": revoked})
    return token


def redeem_login_link(token: str):
    """The link's user, once; None if the token is unknown, used, expired or refused.

    The account is checked again here: it may have been made staff, or an
    organizer, since the link was printed. A refused link is used up.
    """
    with transaction.atomic():
        link = (LoginLink.objects.select_for_update(of=("self",)).select_related("user", "contest")
                .filter(token_hash=_hash(token)).first())
        if link is None or link.used_at is not None or link.expires_at <= timezone.now():
            return None
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        refusal = link_refusal(link.contest, link.user)
        if refusal is not None:
            record("login_link.refuse_use", contest=link.contest, actor=None,
                   target=link.user.get_username(), data={"reason": refusal.code})
            return None
        record("login_link.use", contest=link.contest, actor=link.user, target=link.user.get_username())
    return link
