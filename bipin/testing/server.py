"""A real `bipin serve` in a subprocess, for tests of what only a running server shows."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

# A cold start on a busy 2-core machine migrates a fresh database and, in
# production, collects and compresses the static files first.
START_DEADLINE = 120.0


def server_env(var_dir: Path) -> dict[str, str]:
    """Environment for a server of its own: SQLite file under ``var_dir``, whatever the suite uses."""
    env = {**os.environ, "BIPIN_VAR_DIR": str(var_dir), "BIPIN_MODE": "development"}
    for name in ("BIPIN_DB", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return env


# For a module whose tests serve from a SQLite file of their own (server_env),
# whatever database the suite uses: the suite's PostgreSQL pass would run the
# very same servers again, so it leaves them to the SQLite pass.
SQLITE_OF_ITS_OWN = pytest.mark.skipif(
    os.environ.get("BIPIN_DB") == "postgres",
    reason="serves from a SQLite file of its own; the SQLite pass runs it")


MIGRATE = ("import django; django.setup(); from django.core.management import call_command; "
           "call_command('migrate', interactive=False, verbosity=0)")


@functools.cache
def _migrated_database() -> Path:
    """A SQLite file migrated once per test process. Migrating a new file takes 3–4 s of a
    quiet core, and a dozen tests start a server or load the demo into one of their own."""
    var_dir = Path(tempfile.mkdtemp(prefix="bipin-migrated-"))
    subprocess.run([sys.executable, "-c", MIGRATE], check=True, capture_output=True,
                   env={**server_env(var_dir), "DJANGO_SETTINGS_MODULE": "bipin.settings"},
                   timeout=START_DEADLINE)
    return var_dir / "bipin.sqlite3"


def migrated(env: dict[str, str]) -> dict[str, str]:
    """``env``, its SQLite file created as a copy of one already migrated (when it has none
    yet): `bipin serve` and `bipin demo` then find every migration applied."""
    if env.get("BIPIN_DB") == "postgres" or "BIPIN_SQLITE_PATH" in env:
        return env
    database = Path(env["BIPIN_VAR_DIR"]) / "bipin.sqlite3"
    if not database.exists():
        database.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_migrated_database(), database)
    return env


@functools.cache
def _demo_folder(day: str) -> Path:
    """A folder with the demo loaded as `bipin demo --load-only` leaves it, once per test
    process and day (the demo dates its notices and deadlines from the site's today)."""
    var_dir = Path(tempfile.mkdtemp(prefix=f"bipin-demo-{day}-"))
    subprocess.run([sys.executable, "-m", "bipin", "demo", "--load-only"], check=True,
                   capture_output=True, env=migrated(server_env(var_dir)), timeout=600)
    return var_dir


def with_demo(env: dict[str, str]) -> dict[str, str]:
    """``env``, its folder holding the demo: a copy of one loaded once (loading it takes
    5–15 s, and half a dozen servers of their own start from it), or on a database of
    its own (PostgreSQL, or a SQLite file elsewhere) the demo loaded there for real."""
    if env.get("BIPIN_DB") == "postgres" or "BIPIN_SQLITE_PATH" in env:
        subprocess.run([sys.executable, "-m", "bipin", "demo", "--load-only"], env=migrated(env),
                       check=True, capture_output=True, timeout=600)
        return env
    from django.utils import timezone

    shutil.copytree(_demo_folder(timezone.localdate().isoformat()), env["BIPIN_VAR_DIR"],
                    dirs_exist_ok=True)
    return env


def production_env(var_dir: Path) -> dict[str, str]:
    """As an operator sets it up: production mode, a secret key, the host names."""
    return {**server_env(var_dir), "BIPIN_MODE": "production", "SECRET_KEY": "test-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether a new server could listen on ``port`` now (as `bipin serve` binds it)."""
    try:
        socket.create_server(("127.0.0.1", port)).close()
    except OSError:
        return False
    return True


def wait_until(condition, seconds: float, what: str):
    """Poll ``condition`` until it returns something true, or fail naming ``what``."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds:.0f} s: {what}")
        time.sleep(0.05)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def bipin_serve(env: dict[str, str], *options: str, port: int | None = None):
    """Start `bipin serve` on a free port, wait until it answers; yields (base URL, process).

    The server's output goes to a file whose path is ``process.log_path``; it is
    shown when the server does not come up.
    """
    port = port or free_port()
    migrated(env)
    log = tempfile.NamedTemporaryFile(prefix="bipin-serve-", suffix=".log", delete=False)
    server = subprocess.Popen([sys.executable, "-m", "bipin", "serve", "--port", str(port), *options],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    server.log_path = log.name
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_DEADLINE
        while not answers(f"{base}/api/judging/openapi.json"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer (exit {server.poll()}):\n"
                                   + Path(log.name).read_text(errors="replace")[-4000:])
            time.sleep(0.1)
        yield base, server
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()
        os.unlink(log.name)


def postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    """Whether a PostgreSQL server listens where the suite and the benchmarks look for one."""
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) == 0


def fresh_postgres_database(name: str, host: str = "127.0.0.1", user: str = "postgres") -> None:
    """Create the database ``name`` empty, dropping one left by an earlier run."""
    import psycopg

    with psycopg.connect(host=host, user=user, dbname="postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
