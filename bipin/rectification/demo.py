"""整改台账 and 回头看 in the city demo (示例数据, all fictional).

The inspections demo confirms the example's findings, and each opened its
task. Here the year goes on: 示例一县 (the demo's "county") has one task
submitted, waiting for the demo "inspector" to verify, and asks for more time
on another (the organizer decides). 示例二县 (a fictional liaison, "county2")
has tasks closed, verified, returned and overdue; 示例甲区 has one overdue. A
回头看 round (the "inspector" leads it) found one item of 示例二县 not
rectified, which the scheme charges again (整改不到位的加倍扣分); its other
visits are left for the inspector to record.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from bipin.accounts.models import AccountOrigin
from bipin.accounts.origins import note_origin
from bipin.contests.demo import CITY_SLUG, demo_user
from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.inspections import setup as inspection_setup
from bipin.inspections.models import Round
from bipin.rectification import services
from bipin.rectification.models import Recheck, Task

RECHECK_ROUND = "2026年回头看(示例)"
PAPER_DEADLINE = "示例:按纸质台账登记的整改时限"


def _answer(viewer, task, text: str, *, submit: bool, files=()) -> None:
    services.answer(
        viewer,
        task,
        measures=f"示例整改措施:{text}",
        responsible_unit=f"{task.entrant.name}示例责任部门",
        responsible_person="示例责任人",
        completion="示例:已整改完成,附整改后照片" if submit else "示例:正在整改",
        files=files,
        submit=submit,
    )


def _photo() -> SimpleUploadedFile:
    """A drawn, obviously fictional 'after' photo (no real place, no metadata)."""
    img = Image.new("RGB", (640, 400), (226, 239, 218))
    ImageDraw.Draw(img).rectangle((60, 160, 580, 240), fill=(90, 120, 160))
    out = io.BytesIO()
    img.save(out, "PNG")
    return SimpleUploadedFile("示例整改后照片.png", out.getvalue(), content_type="image/png")


def _liaison(organizer, contest, entrant):
    user = demo_user("county2", "示例二县联络员")
    if not AccountOrigin.objects.filter(user=user).exists():
        note_origin(organizer, contest, user)
    grant_role(organizer, contest, user, Role.ENTRANT_VIEWER, entrant=entrant)
    return user


def _overdue(organizer, task, days: int) -> None:
    services.set_deadline(
        organizer, task, timezone.localdate() - datetime.timedelta(days=days), PAPER_DEADLINE
    )


def load(contests: dict, users: dict) -> None:
    city = contests.get(CITY_SLUG)
    organizer, inspector, county = (
        users.get("organizer"),
        users.get("inspector"),
        users.get("county"),
    )
    if city is None or organizer is None or inspector is None:
        return
    tasks: dict[str, list[Task]] = {}
    for task in (
        Task.objects.filter(contest=city).select_related("entrant", "finding").order_by("pk")
    ):
        tasks.setdefault(task.entrant.name, []).append(task)
    one, two, first = (
        tasks.get("示例一县", []),
        tasks.get("示例二县", []),
        tasks.get("示例甲区", []),
    )
    if county is not None and len(one) >= 2:
        _answer(county, one[0], "更新村务公开栏", submit=False)
        services.request_extension(
            county,
            one[0],
            one[0].deadline + datetime.timedelta(days=30),
            "示例:公开栏需统一重新制作,厂家排期一个月",
        )
        _answer(county, one[1], "补齐档案并建立专人管理制度", submit=True, files=[_photo()])
    if len(two) >= 5:
        viewer = _liaison(organizer, city, two[0].entrant)
        closed, verified, returned, late, stuck = two[:5]
        for task in (closed, verified, returned):
            _answer(viewer, task, "已整改", submit=True)
        services.verify(inspector, closed, "示例:现场核实已整改")
        services.close(organizer, closed, "示例:整改到位,予以销号")
        services.verify(inspector, verified, "示例:资料齐全")
        services.return_task(inspector, returned, "示例:整改照片未体现问题点位,请补充")
        _overdue(organizer, late, 12)
        _answer(viewer, stuck, "分段更换老化管网", submit=False)
        _overdue(organizer, stuck, 5)
    if first:
        _overdue(organizer, first[0], 3)
    again = inspection_setup.create_round(organizer, city, name=RECHECK_ROUND, kind=Round.Kind.RECHECK)
    team = inspection_setup.add_team(organizer, again, "回头看组(示例)")
    inspection_setup.add_member(organizer, team, inspector, is_leader=True)
    for name in ("示例一县", "示例二县"):
        entrant = city.entrants.filter(name=name).first()
        if entrant is not None:
            inspection_setup.add_visit(organizer, team, entrant)
    if len(two) >= 5:
        services.record_recheck(
            inspector,
            again,
            two[4].finding,
            Recheck.Outcome.NOT_RECTIFIED,
            "示例:回访时管网仍有渗漏,整改不到位",
        )
