"""The suite's replay of a costly set-up (bipin.testing.replay): a later test gets exactly
the rows and files the real set-up made, and the set-up runs for real whenever putting
rows back could differ from running it."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from bipin.testing.replay import _read, _tables, replayed

pytestmark = pytest.mark.django_db
User = get_user_model()


def everything():
    return _read(_tables())


class SetUp:
    """A set-up that makes a user and stores a file, and counts how often it really ran."""

    def __init__(self, settings, username):
        self.settings, self.username, self.runs = settings, username, 0

    def __call__(self):
        self.runs += 1
        User.objects.create_user(self.username, password="x", first_name="示例")
        stored = Path(self.settings.MEDIA_ROOT) / "evidence" / "ab" / "photo.txt"
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text("示例照片", encoding="utf-8")
        return {"made": self.username}


def in_a_test_of_its_own(step):
    """Run step as a test would: in a transaction rolled back at its end."""
    with transaction.atomic():
        out = step()
        transaction.set_rollback(True)
    return out


def test_a_later_test_gets_the_same_rows_files_and_result_without_running_the_set_up(settings, tmp_path):
    build = SetUp(settings, "replay-same")
    settings.MEDIA_ROOT = tmp_path / "first"
    first, made = in_a_test_of_its_own(lambda: (replayed("same", build), everything()))
    assert not User.objects.filter(username="replay-same").exists()

    settings.MEDIA_ROOT = tmp_path / "second"

    def later_test():
        result = replayed("same", build)
        assert everything() == made
        # New rows after the put-back get fresh ids (PostgreSQL's sequences were moved on).
        User.objects.create_user("replay-after", password="x")
        return result

    second = in_a_test_of_its_own(later_test)
    assert build.runs == 1
    assert second == first and second is not first
    assert (tmp_path / "second" / "evidence" / "ab" / "photo.txt").read_text(encoding="utf-8") == "示例照片"


def test_a_test_that_starts_from_other_rows_runs_the_set_up_for_real(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    build = SetUp(settings, "replay-other")
    in_a_test_of_its_own(lambda: replayed("other", build))

    def starts_elsewhere():
        User.objects.create_user("someone-first", password="x")
        replayed("other", build)
        return User.objects.filter(username__in=["someone-first", "replay-other"]).count()

    assert in_a_test_of_its_own(starts_elsewhere) == 2
    assert build.runs == 2


def test_a_set_up_that_changes_a_row_it_found_always_runs_for_real(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    User.objects.create_user("found", password="x")
    runs = []

    def renames():
        runs.append(1)
        User.objects.filter(username="found").update(first_name="改过")

    for _ in range(2):
        in_a_test_of_its_own(lambda: replayed("changes", renames))
    assert len(runs) == 2


def test_a_test_whose_clock_is_on_another_day_runs_the_set_up_for_real(settings, tmp_path, monkeypatch):
    # The objections tests pin the clock to May; the demo dates its notice from "today".
    import datetime as dt

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    build = SetUp(settings, "replay-day")
    in_a_test_of_its_own(lambda: replayed("day", build))
    pinned = dt.datetime(2026, 5, 10, 2, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: pinned)
    in_a_test_of_its_own(lambda: replayed("day", build))
    assert build.runs == 2
