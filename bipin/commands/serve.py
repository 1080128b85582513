"""`bipin serve`: migrate if needed, build the static files in production, and
serve with waitress (works on Windows too)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=os.environ.get("BIPIN_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BIPIN_PORT", "8000")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BIPIN_THREADS", "8")),
                        help="工作线程数 / worker threads")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BIPIN_WORKERS", "1")),
                        help="工作进程数(仅 Linux/macOS;现场日 2 核服务器建议 --workers 4 --threads 2) / "
                             "worker processes (POSIX only; on a 2-core server for the day, "
                             "--workers 4 --threads 2)")
    parser.add_argument("--no-migrate", action="store_true", help="启动前不执行数据库迁移 / skip migrate")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bipin.settings")
    import django

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


def serve(host: str, port: int, threads: int, workers: int = 1) -> int:
    """Serve until stopped; returns the exit status (2: cannot serve as asked)."""
    prepare_static()
    if workers > 1 and sys.platform == "win32":
        print("--workers 大于 1 需要 Linux 或 macOS;Windows 上请用一个进程和 --threads / "
              "--workers above 1 needs Linux or macOS; on Windows use one process and --threads",
              file=sys.stderr)
        return 2
    problem = cannot_listen(host, port)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from django.conf import settings

    from bipin.wsgi import application

    print(f"Bipin 已启动 / listening on http://{host}:{port}/  (Ctrl-C 停止 / to stop)", flush=True)
    if workers <= 1:
        from waitress import serve as waitress_serve

        proxy = {"trusted_proxy": settings.TRUSTED_PROXY,
                 "trusted_proxy_headers": {"x-forwarded-proto"}} if settings.TRUSTED_PROXY else {}
        waitress_serve(application, host=host, port=port, threads=threads, ident="bipin", **proxy)
        return 0
    _serve_forked(application, host, port, threads, workers)
    return 0


def _serve_forked(application, host: str, port: int, threads: int, workers: int) -> None:
    """Several waitress processes accepting on one listening socket.

    One Python process serves on one core (the GIL); forking after binding
    lets the kernel spread connections over ``workers`` processes. Nothing is
    shared between them but the database, which is how Bipin is built.
    """
    import signal
    import socket

    from django.db import connections
    from waitress import serve as waitress_serve

    if not hasattr(os, "fork"):
        raise SystemExit("--workers > 1 需要 Linux/macOS / needs a POSIX system")
    sock = socket.create_server((host, port), backlog=1024)
    connections.close_all()  # each child opens its own database connections
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            waitress_serve(application, sockets=[sock], threads=threads, ident="bipin")
            os._exit(0)
        children.append(pid)

    def stop(signum, frame):
        raise KeyboardInterrupt

    # Stopping the parent (Ctrl-C, or SIGTERM from a service manager) stops the workers.
    signal.signal(signal.SIGTERM, stop)
    try:
        for pid in children:
            os.waitpid(pid, 0)
    except KeyboardInterrupt:
        pass
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def run(args: argparse.Namespace) -> int:
    from bipin.env import ConfigError

    try:
        setup_django()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not args.no_migrate:
        prepare_database()
    return serve(args.host, args.port, args.threads, args.workers)
