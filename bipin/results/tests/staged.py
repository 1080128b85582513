"""The diving example (examples/diving) loaded into a contest through the pages' own
paths: its group, its six divers by code and its scheme. Its marks are judges'
marks, which the hall collects live and no file import accepts, so
:func:`hall_marks` stands in for the judging app's ``collect`` as the results
tests' ``live`` fixture does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bipin.contests import services as contests
from bipin.io.observations import read_observations

DIVING = Path(__file__).resolve().parents[3] / "examples" / "diving"
DIVERS = "参评对象,组别,编号\n" + "".join(
    f"{name},女子三米板,D0{n}\n" for n, name in enumerate(
        ["示例选手甲", "示例选手乙", "示例选手丙", "示例选手丁", "示例选手戊", "示例选手己"], start=1))


def diving_contest(organizer, slug: str = "diving"):
    """A contest holding the diving example, its marks imported, nothing computed yet."""
    contest = contests.create_contest(organizer, name="示例跳水邀请赛", slug=slug, year=2026)
    contests.add_group(organizer, contest, "女子三米板")
    contests.import_entrants(organizer, contest, DIVERS.encode(), "divers.csv")
    version = contests.upload_scheme(organizer, contest, (DIVING / "scheme.yaml").read_bytes(),
                                     "scheme.yaml")
    assert version.is_valid, version.problems
    return contest


def hall_marks(contest):
    """The example's marks, as the judging app would hand them over (a diver by code);
    the cast's own contest has no dives."""
    return read_observations(DIVING / "marks.csv") if contest.slug == "diving" else []


def with_hall(monkeypatch, contest):
    """``contest`` with the hall's marks collected, for as long as the test runs."""
    from bipin.results import engine

    installed = engine.collectors
    monkeypatch.setattr(engine, "collectors", lambda: [*installed(), hall_marks])
    return contest


@pytest.fixture
def diving(monkeypatch, cast):
    """The diving contest with the hall's marks collected; the cast's organizer runs it."""
    return with_hall(monkeypatch, diving_contest(cast.organizer))


def by_code(contest) -> dict[str, str]:
    """Entrant database id (the engine's id) per diver code, and back."""
    ids = dict(contest.entrants.values_list("code", "pk"))
    return {code: str(pk) for code, pk in ids.items()}
