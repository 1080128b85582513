from django.conf import settings
from django.db import models


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
