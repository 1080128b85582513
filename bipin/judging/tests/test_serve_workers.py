"""`bipin serve --workers 2`: two processes answer on one port, beside the job worker."""

import os
import subprocess

import pytest

from bipin.testing.server import bipin_serve, server_env


@pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork (POSIX)")
def test_serve_with_two_workers_answers_and_stops(tmp_path):
    with bipin_serve(server_env(tmp_path), "--workers", "2") as (_, server):
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 3  # two web workers and the background-job worker
    for pid in children:  # stopping the parent stops its workers
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)
