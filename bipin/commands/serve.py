"""`bipin serve`: migrate if needed, build the static files in production, and serve.

One process is served by waitress (pure Python, the same on Windows). Several
(`--workers N`, Linux/macOS) are run by gunicorn: its master process replaces a
worker that dies, exits non-zero when it cannot serve, and its workers leave
when it does, so nothing keeps holding the port.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # Defaults from the environment are read in run(), by the strict readers:
    # a bad BIPIN_PORT must stop `bipin serve` with its name, not every command.
    parser.add_argument("--host", default=None, help="默认 BIPIN_HOST 或 127.0.0.1 / default BIPIN_HOST")
    parser.add_argument("--port", type=_at_least_one, default=None, help="默认 BIPIN_PORT 或 8000 / default BIPIN_PORT")
    parser.add_argument("--threads", type=_at_least_one, default=None, help="工作线程数 / worker threads")
    parser.add_argument("--workers", type=_at_least_one, default=None,
                        help="工作进程数(仅 Linux/macOS;现场日 2 核服务器建议 --workers 4 --threads 2) / "
                             "worker processes (POSIX only; on a 2-core server for the day, "
                             "--workers 4 --threads 2)")
    parser.add_argument("--no-migrate", action="store_true", help="启动前不执行数据库迁移 / skip migrate")
    parser.add_argument("--no-worker", action="store_true",
                        help="不在本机启动后台任务进程(另行运行 bipin worker)/ "
                             "start no job worker here (run bipin worker separately)")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bipin.settings")
    import django
    from django.apps import apps

    # Set up once per process: setting up again points logging at whatever
    # sys.stderr is now (a test's captured stream, closed after it), and every
    # later log line then fails with "--- Logging error ---".
    if not apps.ready:
        django.setup()


def prepare_database(verbosity: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    if settings.DB_KIND == "sqlite":
        settings.DATABASES["default"]["NAME"].parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=verbosity)


def static_sources() -> dict[str, Path]:
    """Every static file collectstatic would copy: name -> source file (first finder wins, as there)."""
    from django.apps import apps
    from django.contrib.staticfiles.finders import get_finders

    ignore = apps.get_app_config("staticfiles").ignore_patterns
    sources: dict[str, Path] = {}
    for finder in get_finders():
        for name, storage in finder.list(ignore):
            sources.setdefault(name.replace(os.sep, "/"), Path(storage.path(name)))
    return sources


def static_is_current() -> bool:
    """Whether the collected files and their manifest match the static files Bipin ships.

    A manifest that is missing, lists other files, or is older than one of the
    sources (a new release installed over the old one) means: collect again.
    """
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    try:
        built = manifest.stat().st_mtime
        listed = set(json.loads(manifest.read_text(encoding="utf-8"))["paths"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    sources = static_sources()
    return listed == set(sources) and all(path.stat().st_mtime <= built for path in sources.values())


def prepare_static() -> bool:
    """In production, collect (hash and compress) the static files unless they are current.

    Pages name static files by their hashed names from the manifest; without it
    every page fails. Returns whether files were collected.
    """
    from django.conf import settings
    from django.core.management import call_command

    if settings.STATIC_ROOT is None or static_is_current():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    return True


def cannot_listen(host: str, port: int) -> str | None:
    """Why no server could listen on host:port now (in Chinese and English), or None."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        socket.create_server((host, port), family=family).close()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return (f"无法在 {host}:{port} 上监听(端口已被占用或地址无效):{reason} / "
                f"cannot listen on {host}:{port} (port in use or bad address): {reason}")
    return None


def port_is_taken(host: str, port: int) -> bool:
    """Say why and return True when no server could listen on host:port."""
    problem = cannot_listen(host, port)
    if problem:
        print(problem, file=sys.stderr)
    return problem is not None


def serve(host: str, port: int, threads: int, workers: int = 1, job_worker: bool = True) -> int:
    """Serve until stopped; returns the exit status (2: cannot serve as asked).

    ``job_worker``: run a background-job worker beside the server (bipin worker).
    """
    if workers > 1 and sys.platform == "win32":
        print("--workers 大于 1 需要 Linux 或 macOS;Windows 上请用一个进程和 --threads / "
              "--workers above 1 needs Linux or macOS; on Windows use one process and --threads",
              file=sys.stderr)
        return 2
    prepare_static()
    if port_is_taken(host, port):
        return 2
    from bipin.wsgi import application

    print(f"Bipin 已启动 / listening on http://{host}:{port}/  (Ctrl-C 停止 / to stop)", flush=True)
    if job_worker:
        from bipin.commands.worker import BesideServer

        with BesideServer():
            return _serve(application, host, port, threads, workers)
    return _serve(application, host, port, threads, workers)


def _serve(application, host: str, port: int, threads: int, workers: int) -> int:
    from django.conf import settings

    if workers <= 1:
        from waitress import serve as waitress_serve

        proxy = {"trusted_proxy": settings.TRUSTED_PROXY,
                 "trusted_proxy_headers": {"x-forwarded-proto"}} if settings.TRUSTED_PROXY else {}
        waitress_serve(application, host=host, port=port, threads=threads, ident="bipin", **proxy)
        return 0
    return _serve_workers(application, host, port, threads, workers)


def _serve_workers(application, host: str, port: int, threads: int, workers: int) -> int:
    """gunicorn: ``workers`` processes of ``threads`` threads, supervised by this process.

    One Python process runs on one core at a time (the GIL), so the day in the
    hall needs several. Nothing is shared between them but the database.
    """
    from django.conf import settings
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # Django is loaded once here and the workers are forked from it, so a
        # replacement for a dead worker serves at once.
        "preload_app": True,
        # A database connection (and the SQLite writer lock's descriptor) must
        # never be shared across fork: each worker opens its own.
        "pre_fork": lambda arbiter, worker: connections.close_all(),
        "proc_name": "bipin",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": settings.LOGGING["root"]["level"].lower(),
        # X-Forwarded-Proto is believed from BIPIN_TRUSTED_PROXY only, as under
        # waitress (gunicorn's own default trusts every local process).
        "forwarded_allow_ips": settings.TRUSTED_PROXY,
        # No control socket in the home directory: several servers (tests, a
        # second hall) would fight over one path.
        "control_socket_disable": True,
        "graceful_timeout": 10,
        "keepalive": 5,
    }

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    connections.close_all()
    try:
        Server().run()
    except SystemExit as exc:  # gunicorn's master ends with sys.exit(status)
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    return 0


LOOPBACK_NOTE = ("注意:只在 {host} 上监听,手机和投影电脑无法访问;现场请用 bipin serve --host 0.0.0.0 / "
                 "note: listening on {host} only; phones and the projector PC cannot reach it; "
                 "in the hall use bipin serve --host 0.0.0.0")


def lan_address() -> str | None:
    """This computer's address on the local network: the source of the route out
    (a UDP socket's connect sends nothing). None without a network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return None


def reachable_defaults(host: str, port: int, environ, lan: str | None) -> tuple[dict[str, str], str]:
    """Settings left unset that phones need, and a note for the console.

    Listening on every address (0.0.0.0), QR codes must carry the LAN address and
    Django must accept it as a host; listening on 127.0.0.1 no phone gets in at
    all, which the note says. SITE_URL and ALLOWED_HOSTS set by hand always win.

    >>> reachable_defaults("0.0.0.0", 8001, {}, "192.168.1.20")[0]
    {'SITE_URL': 'http://192.168.1.20:8001', 'ALLOWED_HOSTS': '127.0.0.1,localhost,[::1],192.168.1.20'}
    >>> reachable_defaults("127.0.0.1", 8000, {}, "192.168.1.20")[1][:3]
    '注意:'
    """
    from bipin.accounts.qr import only_this_computer

    out: dict[str, str] = {}
    shown = (lan or "127.0.0.1") if host in ("0.0.0.0", "::") else host
    local = only_this_computer(f"http://[{shown}]" if ":" in shown else f"http://{shown}")
    if "SITE_URL" not in environ:
        out["SITE_URL"] = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}"
    if "ALLOWED_HOSTS" not in environ and environ.get("BIPIN_MODE") != "production" and not local:
        out["ALLOWED_HOSTS"] = ",".join(["127.0.0.1", "localhost", "[::1]", shown])
    return out, LOOPBACK_NOTE.format(host=host) if local and host not in ("0.0.0.0", "::") else ""


def listen_options(args: argparse.Namespace) -> None:
    """Fill --host/--port/--threads/--workers left unset from BIPIN_* (raises ConfigError),
    and the settings phones need to reach the server (:func:`reachable_defaults`);
    call before the settings load."""
    from bipin.env import env_bool, env_int, env_str

    args.host = args.host or env_str("BIPIN_HOST", "127.0.0.1")
    for name, default in (("port", 8000), ("threads", 8), ("workers", 1)):
        if getattr(args, name) is None:
            setattr(args, name, env_int(f"BIPIN_{name.upper()}", default, minimum=1))
    args.job_worker = not args.no_worker and env_bool("BIPIN_JOB_WORKER", True)
    found, note = reachable_defaults(args.host, args.port, os.environ, lan_address())
    os.environ.update(found)
    if note:
        print(note, flush=True)


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数 / must be a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"不能小于 1 / must be at least 1: {value}")
    return value


def run(args: argparse.Namespace) -> int:
    from bipin.env import ConfigError

    try:
        listen_options(args)
        setup_django()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    # Asked before migrating too: a taken port is said at once, not after the migrations.
    if port_is_taken(args.host, args.port):
        return 2
    if not args.no_migrate:
        prepare_database()
    return serve(args.host, args.port, args.threads, args.workers, args.job_worker)
