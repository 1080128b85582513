"""A released result with awards: the results tests' contest, one 一等奖 and one 二等奖 per group."""

from __future__ import annotations

import pytest

from bipin.results.tests.conftest import (  # noqa: F401  (fixtures)
    OBSERVATIONS_CSV,
    SCHEME,
    give_scheme,
    live,
)

AWARDS = """
awards:
  levels:
    - {name: 一等奖, count: 1}
    - {name: 二等奖, count: 1}
""".encode()


@pytest.fixture
def released(cast, live):  # noqa: F811
    from bipin.results import services

    give_scheme(cast.contest, SCHEME + AWARDS)
    services.import_observations(cast.organizer, cast.contest, OBSERVATIONS_CSV.encode(), "data.csv")
    snapshot, _ = services.compute_snapshot(cast.organizer, cast.contest)
    return services.release_results(cast.organizer, snapshot, "2026年测试结果")
