"""A contest with a scheme, a first inspection round and a 回头看 round.

南川县 and 北原县 are visited by 第一组 (the cast's inspector leads it); the
回头看组 (inspector2) re-visits 南川县. Findings are recorded and confirmed
through bipin.inspections' own domain functions, so each opens its task as
on the real pages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from bipin.contests import services as contests
from bipin.contests.models import Role
from bipin.inspections import services as inspections
from bipin.inspections import setup as inspection_setup
from bipin.inspections.models import Finding, Round, Team, Visit
from bipin.rectification import services as rectification
from bipin.rectification.models import Task
from bipin.testing.cast import Cast, make_user

# 实地核查 is worth 15; a 严重 finding costs 2, 一般 0.5. A 回头看 that finds it
# not rectified charges it once more (factor 1); "recurred" is not declared.
SCHEME = """\
contest: 测试大比拼
dimensions:
  - name: 工作落实
    indicators:
      - name: 实地核查
        points: 15
        source: inspection
        rule: "per_occurrence(each=0.5, cap=15, severity={一般: 0.5, 严重: 2})"
        catalogue: [管网老化, 水表损坏]
        recheck: {not_rectified: 1}
""".encode()

_keys = itertools.count(1)


@dataclass
class Ledger:
    cast: Cast
    round: Round
    team: Team
    visits: dict[str, Visit]
    recheck_round: Round
    recheck_team: Team

    def __getattr__(self, name):
        return getattr(self.cast, name)

    def finding(
        self,
        entrant: str = "南川县",
        *,
        severity: str = "严重",
        category: str = "管网老化",
        description: str = "示例:村东管网老化漏水",
        confirm: bool = True,
    ) -> Finding:
        found, _ = inspections.record_finding(
            self.cast.inspector,
            self.visits[entrant],
            key=f"rectify-key-{next(_keys):04d}",
            item="实地核查",
            category=category,
            severity=severity,
            site="东村",
            description=description,
        )
        if confirm:
            found = inspections.confirm_finding(self.cast.inspector, found)
        return found

    def submit(self, task: Task) -> Task:
        """The county answers ``task`` in full and submits it."""
        return rectification.answer(
            self.cast.entrant,
            task,
            measures="m",
            responsible_unit="u",
            responsible_person="p",
            completion="c",
            submit=True,
        )

    def task(self, **kwargs) -> Task:
        return Task.objects.get(finding=self.finding(**kwargs))


def build_ledger(cast: Cast) -> Ledger:
    organizer, contest = cast.organizer, cast.contest
    version = contests.upload_scheme(organizer, contest, SCHEME, "scheme.yaml")
    assert version.is_valid, version.problems
    first = inspection_setup.create_round(organizer, contest, name="第一轮实地核查")
    team = inspection_setup.add_team(organizer, first, "第一组")
    inspection_setup.add_member(organizer, team, cast.inspector, is_leader=True)
    visits = {
        name: inspection_setup.add_visit(organizer, team, cast.entrants[name], ["东村"])
        for name in ("南川县", "北原县")
    }
    cast.users["inspector2"] = make_user("inspector2", "回头看核查员", contest=contest)
    contests.grant_role(organizer, contest, cast.users["inspector2"], Role.INSPECTOR)
    again = inspection_setup.create_round(organizer, contest, name="回头看", kind=Round.Kind.RECHECK)
    recheck_team = inspection_setup.add_team(organizer, again, "回头看组")
    inspection_setup.add_member(organizer, recheck_team, cast.users["inspector2"], is_leader=True)
    inspection_setup.add_visit(organizer, recheck_team, cast.entrants["南川县"])
    return Ledger(cast, first, team, visits, again, recheck_team)


@pytest.fixture
def ledger(cast) -> Ledger:
    return build_ledger(cast)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a folder of each test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
