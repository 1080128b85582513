"""The demo (every contest and the year-round apps, with their evidence files),
backed up and restored into a fresh database, is the same site: the same rows
byte for byte, the same files, an audit log that verifies, demo accounts that
log in and a results page that answers. On SQLite always; on PostgreSQL when
the suite runs there (two databases named after the test database, made and
dropped here)."""

import http.cookiejar
import re
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from bipin.backup import archive
from bipin.testing.server import bipin_serve, server_env, with_demo

SECRET_KEY = "test-secret-key-that-must-never-reach-a-backup-0123456789"
API_TOKEN = "token-that-must-never-reach-a-backup"
TIMEOUT = 600  # seconds for one command on a busy 2-core machine


class Site:
    """One installation: its folder and its database (SQLite in the folder, or a PG database)."""

    def __init__(self, var_dir: Path, database: dict | None):
        self.var_dir, self.database = var_dir, database

    def env(self, **extra: str) -> dict[str, str]:
        env = server_env(self.var_dir)
        if self.database is not None:
            db = self.database
            env.pop("DATABASE_URL", None)
            env.update(BIPIN_DB="postgres", BIPIN_DB_NAME=db["NAME"], BIPIN_DB_HOST=db["HOST"] or "",
                       BIPIN_DB_PORT=str(db["PORT"] or 5432), BIPIN_DB_USER=db["USER"],
                       BIPIN_DB_PASSWORD=db["PASSWORD"] or "")
        return {**env, **extra}

    def bipin(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bipin", *args], env=env or self.env(),
                              capture_output=True, text=True, timeout=TIMEOUT, cwd=self.var_dir.parent)

    def run(self, *args: str, **kwargs) -> str:
        result = self.bipin(*args, **kwargs)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


def _postgres_databases(names: list[str], settings_dict: dict, create: bool) -> None:
    import psycopg

    with psycopg.connect(host=settings_dict["HOST"] or None, port=settings_dict["PORT"] or None,
                         user=settings_dict["USER"], password=settings_dict["PASSWORD"] or None,
                         dbname="postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if create:
                conn.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture(scope="module")
def sites(django_db_setup, tmp_path_factory):
    """(source with the demo and secrets in its environment, its backup, the restored copy)."""
    from django.db import connection

    root = tmp_path_factory.mktemp("round-trip")
    if connection.vendor == "postgresql":
        base = connection.settings_dict["NAME"]
        names = [f"{base}_backup_source", f"{base}_backup_restored"]
        _postgres_databases(names, connection.settings_dict, create=True)
        source = Site(root / "source" / "var", {**connection.settings_dict, "NAME": names[0]})
        restored = Site(root / "restored" / "var", {**connection.settings_dict, "NAME": names[1]})
    else:
        names = []
        source, restored = Site(root / "source" / "var", None), Site(root / "restored" / "var", None)
    source.var_dir.parent.mkdir()
    restored.var_dir.parent.mkdir()
    try:
        with_demo(source.env())  # as `bipin demo --load-only` leaves it
        secrets = source.env(SECRET_KEY=SECRET_KEY, BIPIN_SECRET_KEY=SECRET_KEY[::-1],
                             BIPIN_API_TOKEN=API_TOKEN,
                             BIPIN_DB_PASSWORD=source.database["PASSWORD"] if source.database
                             else "db-password-never-in-a-backup")
        if source.database is None:
            secrets["DATABASE_URL"] = "postgres://bipin:url-password-never-in-a-backup@db:5432/bipin"
        backup = root / "demo.zip"
        source.run("backup", "--out", str(backup), env=secrets)
        restored.run("restore", str(backup))
        # Backed up again at once, before the tests below write to the copy.
        restored.run("backup", "--out", str(root / "again.zip"))
        yield source, backup, restored, secrets
    finally:
        if names:
            _postgres_databases(names, connection.settings_dict, create=False)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_restored_database_holds_the_same_rows(sites):
    _, backup, _, _ = sites
    before, after = members(backup), members(backup.with_name("again.zip"))
    # Every table, serialised with its ids, in id order: the same bytes.
    assert after[archive.DATABASE] == before[archive.DATABASE]
    assert b'"model": "evidence.evidencefile"' in before[archive.DATABASE]


def test_the_evidence_files_come_back_byte_for_byte(sites):
    source, _, restored, _ = sites
    originals = sorted(p.relative_to(source.var_dir) for p in (source.var_dir / "media").rglob("*")
                       if p.is_file())
    assert len(originals) > 10 and any(p.suffix == ".pdf" for p in originals)
    copies = sorted(p.relative_to(restored.var_dir) for p in (restored.var_dir / "media").rglob("*")
                    if p.is_file())
    assert copies == originals
    for name in originals:
        assert (restored.var_dir / name).read_bytes() == (source.var_dir / name).read_bytes()


def test_the_audit_log_verifies_after_a_restore_and_the_site_keeps_recording(sites):
    _, _, restored, _ = sites
    assert "哈希链完整" in restored.run("audit", "verify")
    # PostgreSQL hands out the next id from a sequence: were it not moved past
    # the restored rows, this record would collide with record 1.
    script = ("from bipin.commands.serve import setup_django; setup_django(); "
              "from bipin.audit.chain import record; print(record('test.after_restore').pk)")
    result = subprocess.run([sys.executable, "-c", script], env=restored.env(),
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 1000
    assert "site: 2 条记录,哈希链完整" in restored.run("audit", "verify")


def test_a_demo_account_logs_in_to_the_restored_site_and_sees_the_results(sites):
    _, _, restored, _ = sites
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with bipin_serve(restored.env(), "--no-migrate") as (base, _):
        form = opener.open(f"{base}/accounts/login/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "organizer",
                                       "password": "bipin-demo"}).encode()
        opener.open(urllib.request.Request(f"{base}/accounts/login/", data=data,
                                           headers={"Referer": f"{base}/accounts/login/"}), timeout=60)
        assert any(cookie.name == "sessionid" for cookie in jar)
        with opener.open(f"{base}/c/demo-dabipin/results/ranking/", timeout=60) as page:
            assert page.status == 200
            assert "示例一县" in page.read().decode()


def test_no_secret_is_in_the_backup(sites):
    source, backup, _, secrets = sites
    contents = members(backup)
    kept = [secrets["SECRET_KEY"], secrets["BIPIN_SECRET_KEY"], API_TOKEN, secrets["BIPIN_DB_PASSWORD"]]
    if "DATABASE_URL" in secrets:
        kept.append("url-password-never-in-a-backup")
    for name, data in [*contents.items(), ("the zip itself", backup.read_bytes())]:
        for secret in filter(None, kept):
            assert secret.encode() not in data, f"{name} holds a secret"
    config = contents[archive.CONFIG].decode()
    assert '"BIPIN_VAR_DIR"' in config
    assert "SECRET_KEY" not in config and "BIPIN_API_TOKEN" not in config
    assert '"DATABASE_URL": "postgres://bipin@db:5432/bipin"' in config or source.database
    assert "BIPIN_DB_PASSWORD" not in config


def test_a_restore_over_data_is_refused_unless_forced_and_then_says_what_it_replaces(sites):
    _, backup, restored, _ = sites
    refused = restored.bipin("restore", str(backup))
    assert refused.returncode == 2
    assert "add --force to replace it" in refused.stderr and "3 contests" in refused.stderr
    forced = restored.run("restore", str(backup), "--force")
    assert "replacing all data in the target database (3 contests" in forced
    assert "哈希链完整" in restored.run("audit", "verify")


def test_a_postgresql_backup_restores_into_sqlite(sites, tmp_path):
    source, backup, _, _ = sites
    if source.database is None:
        pytest.skip("the suite runs on SQLite: there is no PostgreSQL backup to move")
    (tmp_path / "sqlite").mkdir()
    moved = Site(tmp_path / "sqlite" / "var", None)
    assert "restored" in moved.run("restore", str(backup))
    assert "哈希链完整" in moved.run("audit", "verify")
