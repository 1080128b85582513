"""The configuration a backup keeps: Bipin's environment variables, never a secret.

The rule (docs/backup.md lists it for the operator):

1. Only Bipin's own settings are read: every ``BIPIN_*`` variable and the
   unprefixed ones in :data:`SETTINGS` (as in ``.env.example``).
2. A variable whose name contains PASSWORD, SECRET, TOKEN or KEY is left out
   (``SECRET_KEY``, ``BIPIN_DB_PASSWORD``).
3. ``DATABASE_URL`` is kept without its password.
4. A variable whose value contains the value of one left out is left out too,
   so a password pasted into another setting does not leak through it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

__all__ = ["SECRET_WORDS", "SETTINGS", "configuration"]

SETTINGS = ("DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL", "TIME_ZONE",
            "DATABASE_URL", "SECRET_KEY")
SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN", "KEY")
_SECRET_NAME = re.compile("|".join(SECRET_WORDS), re.IGNORECASE)


def _without_password(url: str) -> str:
    """
    >>> _without_password("postgres://bipin:s3cret@db:5432/bipin")
    'postgres://bipin@db:5432/bipin'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}@{host}" if user else host))


def configuration(environ: Mapping[str, str]) -> dict[str, str]:
    """Bipin's settings in ``environ`` that a backup may keep, by name.

    >>> configuration({"BIPIN_MODE": "production", "SECRET_KEY": "k" * 50, "HOME": "/root",
    ...                "BIPIN_DB_PASSWORD": "pw-1234", "BIPIN_NOTE": "pw-1234 is the password"})
    {'BIPIN_MODE': 'production'}
    """
    ours = {name: value for name, value in environ.items()
            if name.startswith("BIPIN_") or name in SETTINGS}
    secrets = [value for name, value in ours.items() if _SECRET_NAME.search(name) and value]
    if ours.get("DATABASE_URL"):
        password = urlsplit(ours["DATABASE_URL"]).password
        if password:
            secrets.append(password)
        ours["DATABASE_URL"] = _without_password(ours["DATABASE_URL"])
    return {
        name: value for name, value in sorted(ours.items())
        if not _SECRET_NAME.search(name) and not any(secret in value for secret in secrets)
    }
