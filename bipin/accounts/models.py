from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bipin.contests.models import Role


class LoginLink(models.Model):
    """A one-time login link, printed as a QR code for a judge at the venue.

    Only the token's SHA-256 is stored, so a copy of the database does not
    let anyone log in; the link works once and expires.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="login_links")
    contest = models.ForeignKey("contests.Contest", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"login link for {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"


class AccountOrigin(models.Model):
    """The contest whose people or candidate list created this account.

    That contest may print login links for it; no other contest may, unless
    the person accepts one of its invitations (:class:`Invitation`).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True,
                                on_delete=models.CASCADE, related_name="origin")
    contest = models.ForeignKey("contests.Contest", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} created for {self.contest}"


class Invitation(models.Model):
    """A role offered to an account that the contest did not create.

    The role is granted only when the person accepts it while logged in as
    themselves; until then there is no membership, so the role grants nothing.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待本人接受")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已谢绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    contest = models.ForeignKey("contests.Contest", on_delete=models.CASCADE,
                                related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="invitations")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    entrant = models.ForeignKey("contests.Entrant", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    department = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["contest", "user", "role"], condition=models.Q(status="pending"),
            name="invitation_one_pending")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.contest} ({self.status})"


class LoginThrottle(models.Model):
    """Failed password log-ins of one (username, address) pair or one address.

    ``key`` is a SHA-256 of the pair or the address, so the table names no
    account and no address. Kept in the database so that every worker process
    counts the same failures.
    """

    key = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.failures} failures"
