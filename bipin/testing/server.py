"""A real `bipin serve` in a subprocess, for tests of what only a running server shows."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def server_env(var_dir: Path) -> dict[str, str]:
    """Environment for a server of its own: SQLite file under ``var_dir``, whatever the suite uses."""
    env = {**os.environ, "BIPIN_VAR_DIR": str(var_dir), "BIPIN_MODE": "development"}
    env.pop("BIPIN_DB", None)
    return env


@contextlib.contextmanager
def bipin_serve(env: dict[str, str], *options: str):
    """Start `bipin serve` on a free port, wait until it answers; yields (base URL, process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "bipin", "serve", "--port", str(port), *options],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{base}/api/judging/openapi.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not answer")
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
