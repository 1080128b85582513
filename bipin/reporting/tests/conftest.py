"""The cast with a small scheme: 教育局 rates three indicators, 卫健委 one.

教育局's grid (entrants in group order, then code):
  教育专项 (市直部门 only, [0, 10]), 教育保障 (everyone, implied [0, 10]),
  控辍保学率 (整体推进县 only, [0, 100]) -> 6 cells:
  南川县 × {教育保障, 控辍保学率}, 北原县 × {教育保障, 控辍保学率}, 教育局 × {教育专项, 教育保障}.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bipin.contests.models import Role
from bipin.contests.services import grant_role, upload_scheme
from bipin.testing.cast import make_user

SCHEME = Path(__file__).with_name("scheme.yaml")


def setup_departments(cast):
    upload_scheme(cast.organizer, cast.contest, SCHEME.read_bytes(), SCHEME.name)
    grant_role(cast.organizer, cast.contest, cast.reporter, Role.DEPT_REPORTER, department="教育局")
    grant_role(cast.organizer, cast.contest, cast.reviewer, Role.DEPT_REVIEWER, department="教育局")
    cast.users["health"] = make_user("health", contest=cast.contest)
    grant_role(cast.organizer, cast.contest, cast.health, Role.DEPT_REPORTER, department="卫健委")
    cast.ids = {name: e.pk for name, e in cast.entrants.items()}
    return cast


@pytest.fixture
def dept(cast):
    return setup_departments(cast)


def full_grid(dept, **over):
    """Every cell of 教育局's grid, keyed as the services take them."""
    ids = dept.ids
    cells = {
        (ids["南川县"], "教育保障"): "8",
        (ids["南川县"], "控辍保学率"): "99.5",
        (ids["北原县"], "教育保障"): "7.5",
        (ids["北原县"], "控辍保学率"): "100",
        (ids["教育局"], "教育专项"): "9",
        (ids["教育局"], "教育保障"): "6",
    }
    for k, v in over.items():
        name, item = k.split("__")
        cells[(ids[name], item)] = v
    return cells
