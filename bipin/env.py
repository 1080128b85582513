"""Strict readers for settings that come from environment variables.

A bad value stops start-up with a message that names the variable, in Chinese
and English, instead of running with a setting the operator did not mean.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import unquote, urlparse


class ConfigError(Exception):
    """A setting in the environment is missing or malformed."""

    def __init__(self, name: str, message_zh: str, message_en: str) -> None:
        self.name = name
        super().__init__(f"环境变量 {name}:{message_zh} / environment variable {name}: {message_en}")


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default)


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    """
    >>> env_bool("X", environ={"X": "yes"}), env_bool("X", environ={})
    (True, False)
    >>> env_bool("X", environ={"X": "maybe"})
    Traceback (most recent call last):
    ...
    bipin.env.ConfigError: 环境变量 X:应为 true 或 false,实际为“maybe” / environment variable X: must be true or false, got 'maybe'
    """
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    value = environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(name, f"应为 true 或 false,实际为“{environ[name]}”",
                      f"must be true or false, got '{environ[name]}'")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None,
            minimum: int | None = None) -> int:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    try:
        value = int(environ[name])
    except ValueError:
        raise ConfigError(name, f"应为整数,实际为“{environ[name]}”",
                          f"must be a whole number, got '{environ[name]}'") from None
    if minimum is not None and value < minimum:
        raise ConfigError(name, f"不能小于 {minimum}", f"must be at least {minimum}")
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str,
               environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    value = environ.get(name, default).strip().lower()
    if value not in choices:
        raise ConfigError(name, f"应为 {' / '.join(choices)} 之一,实际为“{environ[name]}”",
                          f"must be one of {', '.join(choices)}, got '{environ[name]}'")
    return value


def env_address(name: str, environ: Mapping[str, str] | None = None) -> str:
    """An IP address, ``*`` (any) or empty (none).

    >>> env_address("P", environ={"P": "127.0.0.1"}), env_address("P", environ={})
    ('127.0.0.1', '')
    >>> env_address("P", environ={"P": "proxy.local"})
    Traceback (most recent call last):
    ...
    bipin.env.ConfigError: 环境变量 P:应为 IP 地址或 *,实际为“proxy.local” / environment variable P: must be an IP address or *, got 'proxy.local'
    """
    value = env_str(name, "", environ).strip()
    if value in ("", "*"):
        return value
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise ConfigError(name, f"应为 IP 地址或 *,实际为“{value}”",
                          f"must be an IP address or *, got '{value}'") from None
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    return [part.strip() for part in environ[name].split(",") if part.strip()]


def postgres_from_env(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Django DATABASES entry from DATABASE_URL, or else from BIPIN_DB_* variables.

    >>> cfg = postgres_from_env({"DATABASE_URL": "postgres://u:p%40w@db:5433/bipin"})
    >>> cfg["HOST"], cfg["PORT"], cfg["NAME"], cfg["USER"], cfg["PASSWORD"]
    ('db', 5433, 'bipin', 'u', 'p@w')
    """
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("postgres", "postgresql") or not parsed.path.strip("/"):
            raise ConfigError("DATABASE_URL", "应形如 postgres://用户:密码@主机:端口/库名",
                              "must look like postgres://user:password@host:port/dbname")
        try:
            port = parsed.port or 5432
        except ValueError:
            raise ConfigError("DATABASE_URL", "端口无效", "the port is not a number") from None
        host, name = parsed.hostname or "127.0.0.1", parsed.path.strip("/")
        user, password = unquote(parsed.username or ""), unquote(parsed.password or "")
    else:
        host = env_str("BIPIN_DB_HOST", "127.0.0.1", environ)
        port = env_int("BIPIN_DB_PORT", 5432, environ, minimum=1)
        name = env_str("BIPIN_DB_NAME", "bipin", environ)
        user = env_str("BIPIN_DB_USER", "postgres", environ)
        password = env_str("BIPIN_DB_PASSWORD", "", environ)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": host,
        "PORT": port,
        "NAME": name,
        "USER": user,
        "PASSWORD": password,
        "CONN_MAX_AGE": env_int("BIPIN_DB_CONN_MAX_AGE", 60, environ, minimum=0),
        "TEST": {"NAME": env_str("BIPIN_DB_TEST_NAME", f"test_{name}", environ)},
    }
