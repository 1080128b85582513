"""In production `bipin serve` collects the static files itself, and only when
they are missing or out of date: a fresh clone works in one step, a restart does
not redo the work, and a new release's files are never served stale."""

import json
import os
import re
import time

import pytest
from django.conf import settings
from django.test import override_settings

from bipin.commands.serve import prepare_static


def css(colour: int) -> str:
    return "".join(f".c{i} {{ color: #{colour}; }}\n" for i in range(40))  # long enough to compress


PRODUCTION_STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}


@pytest.fixture
def shipped(tmp_path):
    """A static folder standing in for a release's files, beside Bipin's own."""
    source = tmp_path / "src"
    (source / "extra").mkdir(parents=True)
    (source / "extra" / "a.css").write_text(css(123))
    root = tmp_path / "collected"
    with override_settings(STATIC_ROOT=root, STATICFILES_DIRS=[*settings.STATICFILES_DIRS, source],
                           STORAGES=PRODUCTION_STORAGES):
        yield source, root


def later(path):
    """Give ``path`` a modification time after everything collected so far."""
    stamp = time.time() + 10
    os.utime(path, (stamp, stamp))


def test_development_collects_nothing():
    assert settings.STATIC_ROOT is None
    assert prepare_static() is False


def test_a_missing_manifest_is_built_then_kept(shipped):
    _, root = shipped
    assert prepare_static() is True
    manifest = root / "staticfiles.json"
    assert manifest.is_file() and list(root.glob("extra/a.*.css.gz"))
    built = manifest.stat().st_mtime_ns
    assert prepare_static() is False
    assert manifest.stat().st_mtime_ns == built


def test_a_changed_file_is_collected_again(shipped):
    source, root = shipped
    prepare_static()
    (source / "extra" / "a.css").write_text(css(456))
    later(source / "extra" / "a.css")
    assert prepare_static() is True
    hashed = json.loads((root / "staticfiles.json").read_text())["paths"]["extra/a.css"]
    assert "#456" in (root / hashed).read_text()


def test_a_new_file_is_collected(shipped):
    source, _ = shipped
    prepare_static()
    (source / "extra" / "b.js").write_text("// new in this release\n")
    assert prepare_static() is True
    assert prepare_static() is False


def test_a_damaged_manifest_is_built_again(shipped):
    _, root = shipped
    prepare_static()
    (root / "staticfiles.json").write_text("{not json")
    later(root / "staticfiles.json")
    assert prepare_static() is True


def test_every_static_file_a_template_names_is_shipped():
    # In production a name missing from the manifest is an error on every page
    # that uses it; in development it is only a 404 nobody notices.
    from pathlib import Path

    from django.contrib.staticfiles import finders

    root = Path(settings.PACKAGE_DIR)
    named = {(t.relative_to(root), name) for t in root.glob("**/templates/**/*.html")
             for name in re.findall(r"""{%\s*static\s+['"]([^'"]+)['"]""", t.read_text())}
    assert len(named) > 10
    assert [(str(t), name) for t, name in sorted(named) if not finders.find(name)] == []


def test_every_vendored_asset_is_in_the_third_party_manifest():
    # A file someone else wrote ships with its version, source and licence
    # (THIRD_PARTY.md), so an audit can tell what runs in a citizen's browser.
    from pathlib import Path

    root = Path(settings.PACKAGE_DIR)
    manifest = (root.parent / "THIRD_PARTY.md").read_text(encoding="utf-8")
    vendored = [p for p in root.glob("**/static/**/vendor/**/*")
                if p.is_file() and not p.name.upper().startswith("LICENSE")]
    assert vendored
    assert [str(p.relative_to(root.parent)) for p in vendored
            if f"`{p.relative_to(root.parent)}`" not in manifest] == []
def test_axe_core_is_recorded_with_its_version_and_licence():
    # THIRD_PARTY.md is what a release's notices are built from: axe-core updated
    # without its row would be a file under a licence and version nobody stated.
    from pathlib import Path

    root = Path(settings.PACKAGE_DIR).parent
    rows = {row.split("|")[2].strip(" `"): row.split("|")
            for row in (root / "THIRD_PARTY.md").read_text().splitlines() if row.startswith("| ")}
    axe = root / "bipin" / "testing" / "axe" / "axe.min.js"
    version = re.match(r"/\*! axe v(\S+)", axe.read_text()).group(1)
    row = rows["bipin/testing/axe/axe.min.js"]
    assert row[4].strip() == version and "MPL-2.0" in row[5]
    assert (axe.parent / "LICENSE").read_text().startswith("Mozilla Public License")


def test_axe_is_for_the_tests_and_never_served():
    from django.contrib.staticfiles import finders

    assert not any("axe" in path for finder in finders.get_finders() for path, _ in finder.list([]))
