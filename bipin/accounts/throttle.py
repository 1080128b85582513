"""Slow down password guessing without giving anyone a way to lock a judge out.

Failed password log-ins are counted twice: for the pair (username, client
address) and for the client address alone. Once a count passes its free
allowance, that key must wait before the next try, and the wait doubles with
each further failure up to a ceiling. While a key waits, the password is not
checked at all and the answer is 429. Nothing ever locks an account as such:
the same username from another address has its own count, and one-time login
links do not pass through here, so a chief judge can always print a fresh one.

The counts live in the database (:class:`~bipin.accounts.models.LoginThrottle`),
shared by every worker process; their keys are keyed hashes, so the table
names neither an account nor an address. The policy is in docs/accounts.md.
"""

from __future__ import annotations

import ipaddress
import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from bipin.accounts.models import LoginThrottle


@dataclass(frozen=True)
class Limit:
    name: str
    free: int  # failures answered normally before the first wait
    first_wait: timedelta
    longest_wait: timedelta

    def wait_after(self, failures: int) -> timedelta | None:
        """
        >>> PAIR.wait_after(4), PAIR.wait_after(5), PAIR.wait_after(7)
        (None, datetime.timedelta(seconds=60), datetime.timedelta(seconds=240))
        >>> PAIR.wait_after(500)  # a patient guesser: the ceiling, not an overflow
        datetime.timedelta(seconds=900)
        """
        if failures < self.free:
            return None
        # Doubling stops at 2**20 waits: past some forty doublings a timedelta
        # overflows, and a guesser trying once a quarter of an hour gets there.
        return min(self.first_wait * 2 ** min(failures - self.free, 20), self.longest_wait)


# A judge who mistypes five times waits a minute; a guesser gets about ten
# tries in the first quarter of an hour and then one every fifteen minutes.
PAIR = Limit("pair", free=5, first_wait=timedelta(minutes=1), longest_wait=timedelta(minutes=15))
# A venue's Wi-Fi puts every phone in the hall behind one address, so the
# address alone is allowed many more failures before it has to wait.
ADDRESS = Limit("address", free=50, first_wait=timedelta(minutes=1),
                longest_wait=timedelta(minutes=15))
# A public page that takes codes (a certificate's, a household's) or anonymous
# submissions counts by its own key and address only, never against the
# address's log-ins: a village checking its stars from one Wi-Fi must not make
# the judges behind the same address wait to log in.
PAGE = Limit("page", free=5, first_wait=timedelta(minutes=1), longest_wait=timedelta(minutes=15))
# A key without a failure for this long starts again from zero.
QUIET = timedelta(hours=1)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or as the trusted proxies in front report it.

    With ``BIPIN_PROXY_COUNT`` = n, the n-th address from the right of
    X-Forwarded-For is the one the outermost trusted proxy saw; entries left
    of it were written by the client and are ignored. IPv6 clients are counted
    by their /64 network, which one subscriber usually holds whole.
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_COUNT
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= hops and forwarded[-hops]:
            address = forwarded[-hops]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _keys(username: str, address: str, page: Limit | None = None) -> list[tuple[Limit, str]]:
    # Usernames that differ only in case or width are one guess target.
    name = unicodedata.normalize("NFKC", username).strip().casefold()

    def key(*parts: str) -> str:
        return salted_hmac("bipin.accounts.throttle", "\0".join(parts),
                           algorithm="sha256").hexdigest()

    if page is not None:  # ``username`` names the page: see PAGE
        return [(page, key(page.name, name, address))]
    return [(PAIR, key("pair", name, address)), (ADDRESS, key("address", address))]


def wait(username: str, address: str, now: datetime | None = None, *, page: Limit | None = None) -> int:
    """Seconds this attempt must still wait (0: go ahead and check the password).

    With ``page`` (a public page's limit, ``username`` its key) only that page's
    count for the address decides.
    """
    now = now or timezone.now()
    keys = [k for _, k in _keys(username, address, page)]
    until = (LoginThrottle.objects.filter(key__in=keys, blocked_until__gt=now)
             .order_by("-blocked_until").values_list("blocked_until", flat=True).first())
    return math.ceil((until - now).total_seconds()) if until else 0


def failed(username: str, address: str, now: datetime | None = None, *, page: Limit | None = None) -> None:
    """Count one wrong password for the pair and for the address (or one try of a public ``page``)."""
    now = now or timezone.now()
    for limit, key in _keys(username, address, page):
        with transaction.atomic():
            row = _locked(key, now)
            if row.last_failure < now - QUIET:
                row.failures = 0
            row.failures += 1
            row.last_failure = now
            pause = limit.wait_after(row.failures)
            row.blocked_until = now + pause if pause else None
            row.save(update_fields=["failures", "last_failure", "blocked_until"])
    LoginThrottle.objects.filter(last_failure__lt=now - QUIET).delete()


def succeeded(username: str, address: str) -> None:
    """The pair's count starts again; the address keeps its count (a guesser could log in
    to an account of their own to clear it)."""
    pair = [k for limit, k in _keys(username, address) if limit is PAIR]
    LoginThrottle.objects.filter(key__in=pair).delete()


def _locked(key: str, now: datetime) -> LoginThrottle:
    row = LoginThrottle.objects.select_for_update().filter(key=key).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return LoginThrottle.objects.create(key=key, last_failure=now)
    except IntegrityError:  # another worker counted this key's first failure just now
        return LoginThrottle.objects.select_for_update().get(key=key)
