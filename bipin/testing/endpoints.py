"""Walking an app's role × URL table (its tests/test_endpoints.py) in one test per check.

A refusal changes nothing, so one test can try every URL of the table in turn
with the world set up once; a test per URL set the world up again for each
(a tenth of a second on PostgreSQL, times hundreds). What each case answered
instead of the expected status is listed, every one of them, on failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

METHODS = frozenset({"get", "post", "put", "delete"})


def plain(client, method: str, url: str):
    return getattr(client, method)(url)


def unexpected(client_as, cases: Iterable[tuple[str, str, str]], status: int,
               call: Callable = plain) -> list[tuple[str, str, str, int]]:
    """(url, person, method, status got) of each case (url, person, method) not answered ``status``."""
    found = []
    for url, who, method in cases:
        got = call(client_as(who), method, url).status_code
        if got != status:
            found.append((url, who, method, got))
    return found
