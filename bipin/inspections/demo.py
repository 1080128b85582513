"""实地核查 in the city demo (示例数据, all fictional).

demo-dabipin gets the round 2026年第一轮实地核查 with one team: the demo's
"inspector" leads it and "inspector2" (示例核查员二) records. The team visits
every unit that the example file examples/dabipin/records.csv lists with
inspection rows, its three villages drawn from five candidates (抽取核查点); each of those rows becomes a confirmed finding, so the city's
results are the same as from the file (the results demo leaves these rows out:
SUPPLIES). Two more findings at 示例一县 wait for the leader to confirm, and
示例一县 has filed an appeal the organizer has yet to decide.
"""

from __future__ import annotations

import csv

from bipin.accounts.models import AccountOrigin
from bipin.accounts.origins import note_origin
from bipin.contests.demo import CITY_SLUG, EXAMPLES, demo_user
from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.inspections import services, setup, sitedraws
from bipin.scoring import Source

SUPPLIES = (Source.INSPECTION,)
ROUND = "2026年第一轮实地核查"
# Each visit's three sites are drawn from these five (抽取核查点, revealed).
CANDIDATES = ["示例东村", "示例西村", "示例张家户", "示例南岭村", "示例李家户"]
UNCONFIRMED = [
    ("水表损坏", "一般", "示例:3户水表表盘模糊无法读数"),
    ("公示不到位", "较重", "示例:村务公开栏未更新本季度帮扶资金使用情况"),
]


def _drawn(organizer, visit, n: int):
    """The visit's sites by a revealed draw. A real draw's seed is random and
    secret until the reveal; the demo's is fixed so the demo is the same every time."""
    draw = sitedraws.commit_site_draw(organizer, visit, CANDIDATES, 3, seed=f"示例种子-{n}")
    sitedraws.reveal_site_draw(organizer, draw, ["3", "18", "27"])
    visit.refresh_from_db()
    return visit


def example_findings() -> list[dict[str, str]]:
    """The inspection rows of the example file, in file order."""
    with (EXAMPLES / "dabipin" / "records.csv").open(encoding="utf-8") as f:
        return [row for row in csv.DictReader(f) if row["来源"] == Source.INSPECTION]


def _inspector2(organizer, contest, users):
    user = users.get("inspector2") or demo_user("inspector2", "示例核查员二")
    if not AccountOrigin.objects.filter(user=user).exists():
        note_origin(organizer, contest, user)
    grant_role(organizer, contest, user, Role.INSPECTOR)
    return user


def load(contests: dict, users: dict) -> None:
    city = contests.get(CITY_SLUG)
    if city is None:
        return
    organizer, leader = users["organizer"], users["inspector"]
    recorder = _inspector2(organizer, city, users)
    entrants = {e.name: e for e in city.entrants.all()}
    rows = example_findings()
    r = setup.create_round(organizer, city, name=ROUND, starts_on=None, appeal_days=7)
    team = setup.add_team(organizer, r, "第一核查组(示例)")
    setup.add_member(organizer, team, leader, is_leader=True)
    setup.add_member(organizer, team, recorder)
    visits = {}
    for n, name in enumerate(dict.fromkeys(row["参评对象"] for row in rows), start=1):
        visits[name] = _drawn(organizer, setup.add_visit(organizer, team, entrants[name]), n)
    county = None
    for n, row in enumerate(rows, start=1):
        finding, _ = services.record_finding(
            recorder,
            visits[row["参评对象"]],
            key=f"demo-finding-{n:04d}",
            item=row["指标"],
            category=row["类别"],
            severity=row["严重程度"],
            site=visits[row["参评对象"]].sites[n % 3],
            description=f"示例问题:{row['类别']}({row['严重程度']})",
        )
        services.confirm_finding(leader, finding)
        if row["参评对象"] == "示例一县" and county is None:
            county = finding
    if "示例一县" in visits:
        for n, (category, severity, text) in enumerate(UNCONFIRMED, start=1):
            services.record_finding(
                recorder,
                visits["示例一县"],
                key=f"demo-waiting-{n:04d}",
                item="实地核查",
                category=category,
                severity=severity,
                site=visits["示例一县"].sites[n - 1],
                description=text,
            )
    viewer = users.get("county")
    if county is not None and viewer is not None:
        services.file_appeal(viewer, county, "示例申辩:该村公示栏已于核查前一周更新,附更新记录。")
