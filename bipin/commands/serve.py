"""`bipin serve`: migrate if needed and serve with waitress (works on Windows too)."""

from __future__ import annotations

import argparse
import os


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


def serve(host: str, port: int, threads: int, workers: int = 1) -> None:
    from waitress import serve as waitress_serve

    from bipin.wsgi import application

    print(f"Bipin 已启动 / listening on http://{host}:{port}/  (Ctrl-C 停止 / to stop)", flush=True)
    if workers <= 1:
        waitress_serve(application, host=host, port=port, threads=threads, ident="bipin")
        return
    _serve_forked(application, host, port, threads, workers)


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
        print(exc)
        return 2
    if not args.no_migrate:
        prepare_database()
    serve(args.host, args.port, args.threads, args.workers)
    return 0
