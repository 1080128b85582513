"""`bipin serve --workers 2`: two processes answer on one port."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


@pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork (POSIX)")
def test_serve_with_two_workers_answers_and_stops(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BIPIN_VAR_DIR": str(tmp_path), "BIPIN_MODE": "development"}
    env.pop("BIPIN_DB", None)
    server = subprocess.Popen([sys.executable, "-m", "bipin", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/judging/openapi.json", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 2
    finally:
        server.terminate()
        server.wait(20)
    for pid in children:  # stopping the parent stops its workers
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)
