"""A person's name and email, as a contest's organizer may correct them.

An account's name shows on score sheets, the audit log and printed login
links, so a typo in the people list has to be put right. Only the contest
that created the account may do it (the rule of :mod:`bipin.accounts.links`):
an account that merely accepted this contest's invitation is its owner's,
and an administrator's or organizer's account is changed by themselves.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from bipin.accounts import links
from bipin.accounts.models import AccountOrigin
from bipin.audit.chain import record

__all__ = ["ProfileRefused", "edit_refusal", "email_refusal", "update_person"]


class ProfileRefused(Exception):
    """Why the name or email was not changed, in both languages."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh, self.message_en = message_zh, message_en


NOT_OURS = ("不是本活动创建的账号,姓名和邮箱由本人修改",
            "not an account this contest created; its owner changes its name and email")
THEIR_OWN = ("管理员和组织者的账号,姓名和邮箱由本人修改",
             "an administrator's or organizer's account; they change its name and email")


def edit_refusal(contest, user) -> ProfileRefused | None:
    """Why ``contest``'s organizer may not correct ``user``'s name and email, or None."""
    if not AccountOrigin.objects.filter(contest=contest, user=user).exists():
        return ProfileRefused(*NOT_OURS)
    if links.link_refusal(contest, user) in (links.ADMIN, links.ORGANIZER):
        return ProfileRefused(*THEIR_OWN)
    return None


def _limit(field: str) -> int:
    return get_user_model()._meta.get_field(field).max_length


def email_refusal(email: str) -> ProfileRefused | None:
    """Why ``email`` cannot be stored (not an address, too long), or None; blank is allowed."""
    if not email:
        return None
    try:
        validate_email(email)
    except ValidationError:
        return ProfileRefused(f"邮箱“{email}”格式不对", f"'{email}' is not an email address")
    if len(email) > _limit("email"):
        return ProfileRefused(f"邮箱最多{_limit('email')}个字符", f"an email is at most {_limit('email')} characters")
    return None


@transaction.atomic
def update_person(actor, contest, user, *, full_name: str, email: str) -> bool:
    """Correct ``user``'s name and email; False when both were already so (nothing recorded)."""
    refusal = edit_refusal(contest, user)
    if refusal is not None:
        raise refusal
    full_name, email = full_name.strip(), email.strip()
    if len(full_name) > _limit("first_name"):
        raise ProfileRefused(f"姓名最多{_limit('first_name')}个字符",
                             f"a name is at most {_limit('first_name')} characters")
    bad = email_refusal(email)
    if bad is not None:
        raise bad
    old = {"full_name": user.first_name, "email": user.email}
    new = {"full_name": full_name, "email": email}
    if old == new:
        return False
    user.first_name, user.email = full_name, email
    user.save(update_fields=["first_name", "email"])
    record("account.update", contest=contest, actor=actor, target=user.get_username(),
           data={"old": old, "new": new})
    return True
