"""`bipin backup` reads one moment without holding up the judges, never
overwrites a file, and leaves no half-written backup behind."""

import subprocess
import sys
import threading

import pytest

from bipin.backup.dump import consistent_read
from bipin.testing.server import server_env


def backup(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "bipin", "backup", *args], cwd=tmp_path,
                          env=server_env(tmp_path / "var"), capture_output=True, text=True, timeout=300)


@pytest.mark.django_db(transaction=True)
def test_a_backup_sees_one_moment_while_others_keep_writing():
    from django.contrib.auth import get_user_model
    from django.db import connections

    users = get_user_model().objects
    users.create_user("before")
    failed = []

    def judge_writes():
        try:
            users.create_user("during")
        except Exception as exc:  # reported below, in the test's own thread
            failed.append(exc)
        finally:
            connections.close_all()

    with consistent_read():
        assert users.count() == 1
        writer = threading.Thread(target=judge_writes)
        writer.start()
        # A writer waiting on the backup would still be waiting here.
        writer.join(timeout=120)
        assert not writer.is_alive() and not failed, failed
        assert users.count() == 1, "the backup saw a row committed after it began"
    assert users.count() == 2


def test_a_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "yesterday.zip"
    existing.write_bytes(b"yesterday's backup")
    result = backup(tmp_path, "--out", str(existing))
    assert result.returncode == 2
    assert f"the file already exists, not overwritten: {existing}" in result.stderr
    assert existing.read_bytes() == b"yesterday's backup"


def test_a_backup_that_fails_leaves_no_file_that_looks_like_one(tmp_path):
    # A database that was never set up: the first table cannot be read.
    (tmp_path / "var").mkdir()
    result = backup(tmp_path, "--out", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("备份失败,未写入文件:")
    assert "/ the backup failed, no file written: no such table" in result.stderr
    assert not list(tmp_path.glob("bipin-backup-*"))
