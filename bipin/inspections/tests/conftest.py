"""A 实地核查 set-up on the test cast: a scheme whose inspection leaf (for the
counties only) prices findings by severity from a catalogue, one round with a
team (inspector as leader, inspector2 as member) visiting 南川县."""

from __future__ import annotations

import pytest

from bipin.contests.models import Role
from bipin.contests.services import grant_role, upload_scheme
from bipin.inspections import services, setup
from bipin.testing.cast import make_user

SCHEME = """
contest: 测试大比拼
groups: [整体推进县, 市直部门]
dimensions:
  - name: 工作落实
    indicators:
      - name: 实地核查
        points: 10
        source: inspection
        groups: [整体推进县]
        rule: "per_occurrence(each=0.5, cap=10, severity={一般: 0.5, 较重: 1, 严重: 2})"
        catalogue: [管网老化, 水表损坏, 公示不到位]
      - {name: 饮水达标率, points: 10, source: data, rule: "target_step(target=100, step=0.1, deduct=1)"}
""".encode()


@pytest.fixture
def field(cast):
    version = upload_scheme(cast.organizer, cast.contest, SCHEME, "scheme.yaml")
    assert version.is_valid, version.problems
    cast.users["inspector2"] = make_user("inspector2", "核查员乙", contest=cast.contest)
    grant_role(cast.organizer, cast.contest, cast.inspector2, Role.INSPECTOR)
    cast.round = setup.create_round(
        cast.organizer, cast.contest, name="第一轮实地核查", appeal_days=5
    )
    cast.team = setup.add_team(cast.organizer, cast.round, "第一核查组")
    setup.add_member(cast.organizer, cast.team, cast.inspector, is_leader=True)
    setup.add_member(cast.organizer, cast.team, cast.inspector2)
    cast.visit = setup.add_visit(
        cast.organizer, cast.team, cast.entrants["南川县"], ["石桥村", "王家户"]
    )
    return cast


_n = iter(range(1, 10**6))


def record(cast, user=None, visit=None, **fields):
    """A finding as the phone would send it (fresh key unless given)."""
    data = {
        "key": f"test-key-{next(_n):08d}",
        "item": "实地核查",
        "category": "管网老化",
        "severity": "较重",
        "site": "石桥村",
        "description": "主管道锈蚀渗漏",
        **fields,
    }
    return services.record_finding(user or cast.inspector2, visit or cast.visit, **data)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos of each test go to a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
