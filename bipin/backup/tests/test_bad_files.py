"""A file that is not a whole, unaltered backup of this Bipin's schema is refused
with one line in Chinese and English, and nothing is written: no database file,
no uploaded file."""

import json
import subprocess
import sys
import zipfile

import pytest

from bipin.backup import archive
from bipin.backup.load import _known_migrations
from bipin.testing.server import server_env

ROW = '{"model": "contests.contest", "pk": 1, "fields": {}}\n'


def migrations(extra=()):
    found: dict[str, list[str]] = {}
    for app, name in sorted({*_known_migrations(), *extra}):
        found.setdefault(app, []).append(name)
    return found


def make_backup(path, *, manifest=None, members=None):
    """A backup as `bipin backup` writes one, with the given members and manifest keys."""
    writer = archive.Writer(path)
    for name, data in (members or {archive.DATABASE: ROW.encode(), "media/evidence/1/a.pdf": b"%PDF-1"}).items():
        with writer.member(name) as out:
            out.write(data)
    return writer.finish({"migrations": migrations(), "counts": {"contests.contest": 1},
                          "bipin_version": "0.1.0", **(manifest or {})})


def rewrite(src, dst, *, replace=None, add=None, drop=()):
    """Copy a zip member by member, changing some on the way (as an editor would)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            if item.filename in drop:
                continue
            zout.writestr(item.filename, (replace or {}).get(item.filename, zin.read(item.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def restore(path, var_dir):
    return subprocess.run([sys.executable, "-m", "bipin", "restore", str(path)],
                          env=server_env(var_dir), capture_output=True, text=True, timeout=300)


def assert_refused(result, var_dir, *fragments):
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert " / " in lines[0]  # Chinese, then English
    assert not var_dir.exists()


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    bad = tmp_path / "notes.zip"
    bad.write_text("这不是备份 / not a backup")
    assert_refused(restore(bad, tmp_path / "var"), tmp_path / "var",
                   "不是完整的 zip 文件", "is not a whole zip file")


def test_a_truncated_backup_is_refused(tmp_path):
    whole = make_backup(tmp_path / "whole.zip").read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    assert_refused(restore(cut, tmp_path / "var"), tmp_path / "var", "(not a backup, or truncated)")


def test_a_zip_without_a_manifest_is_refused(tmp_path):
    bare = rewrite(make_backup(tmp_path / "b.zip"), tmp_path / "bare.zip", drop=[archive.MANIFEST])
    assert_refused(restore(bare, tmp_path / "var"), tmp_path / "var",
                   "文件中没有清单 manifest.json", "no manifest.json in the file: not a Bipin backup")


def test_a_backup_with_an_edited_member_is_refused(tmp_path):
    edited = rewrite(make_backup(tmp_path / "b.zip"), tmp_path / "edited.zip",
                     replace={archive.DATABASE: ROW.replace('"pk": 1', '"pk": 2').encode()})
    assert_refused(restore(edited, tmp_path / "var"), tmp_path / "var",
                   "database.jsonl 与清单中的 SHA-256 不符",
                   "the backup has been altered: database.jsonl does not match its SHA-256")


def test_a_backup_with_a_missing_member_is_refused(tmp_path):
    short = rewrite(make_backup(tmp_path / "b.zip"), tmp_path / "short.zip",
                    drop=["media/evidence/1/a.pdf"])
    assert_refused(restore(short, tmp_path / "var"), tmp_path / "var",
                   "the backup is incomplete: media/evidence/1/a.pdf is missing")


def test_a_backup_with_an_added_member_is_refused(tmp_path):
    added = rewrite(make_backup(tmp_path / "b.zip"), tmp_path / "added.zip",
                    add={"media/evidence/1/b.pdf": b"%PDF-2"})
    assert_refused(restore(added, tmp_path / "var"), tmp_path / "var",
                   "the backup has been altered: media/evidence/1/b.pdf is not in the manifest")


def test_a_member_named_outside_the_media_folder_is_refused(tmp_path):
    escaping = make_backup(tmp_path / "b.zip", members={archive.DATABASE: ROW.encode(),
                                                        "media/../../outside.txt": b"x"})
    assert_refused(restore(escaping, tmp_path / "var"), tmp_path / "var",
                   "the entry for member media/../../outside.txt is not valid")


def test_a_backup_in_a_newer_format_is_refused(tmp_path):
    newer = make_backup(tmp_path / "b.zip")
    with zipfile.ZipFile(newer) as zf:
        manifest = json.loads(zf.read(archive.MANIFEST))
    manifest["format"] = archive.FORMAT + 1
    later = rewrite(newer, tmp_path / "later.zip", replace={archive.MANIFEST: json.dumps(manifest)})
    assert_refused(restore(later, tmp_path / "var"), tmp_path / "var",
                   f"备份文件格式为第 {archive.FORMAT + 1} 版",
                   f"the backup is in format {archive.FORMAT + 1}, this Bipin reads up to "
                   f"{archive.FORMAT}: upgrade Bipin first")


@pytest.mark.parametrize("which, says", [
    ("newer", "the backup was made by a newer Bipin (0.1.0): migration judging.9999_from_the_future "
              "is unknown here; upgrade Bipin, then restore"),
    ("older", "the backup was made by an older Bipin (0.1.0) without migration"),
])
def test_a_backup_of_another_schema_is_refused(tmp_path, which, says):
    theirs = migrations([("judging", "9999_from_the_future")]) if which == "newer" else {
        app: names[:-1] for app, names in migrations().items()}
    other = make_backup(tmp_path / "b.zip", manifest={"migrations": theirs})
    assert_refused(restore(other, tmp_path / "var"), tmp_path / "var", says)


def test_data_that_cannot_be_loaded_restores_nothing_at_all(tmp_path):
    import sqlite3

    # Whole and unaltered, but its second row names a contest that is not there.
    rows = ('{"model": "contests.contest", "pk": 1, "fields": {"name": "示例", "slug": "demo", '
            '"created_at": "2026-01-01T00:00:00+00:00"}}\n'
            '{"model": "contests.group", "pk": 1, "fields": {"contest": 99, "name": "组"}}\n')
    broken = make_backup(tmp_path / "b.zip", members={
        archive.DATABASE: rows.encode(), "media/evidence/1/a.pdf": b"%PDF-1"},
        manifest={"counts": {"contests.contest": 1, "contests.group": 1}})
    var_dir = tmp_path / "var"
    result = restore(broken, var_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "数据无法载入,未恢复" in result.stderr
    assert "/ the data could not be loaded; nothing restored:" in result.stderr
    assert "contests_group.contest_id contains a value '99'" in result.stderr
    with sqlite3.connect(var_dir / "bipin.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM contests_contest").fetchone() == (0,)
    assert [p for p in (var_dir / "media").rglob("*") if p.is_file()] == []
