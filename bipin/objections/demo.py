"""公示异议 in the city demo (示例数据, all fictional).

The results demo computed the first snapshot; here the organizer releases it
and publishes its notice, running from three days ago to four days ahead, so
the demo is always inside its notice period. The public may object and
answers are published with the result. Four objections show every step:
示例一县 ("county") objects to a finding, assigned to the demo "inspector",
who noted what they checked; 示例一县 also objects to its total, answered
(not upheld); 示例二县 ("county2", if the ledger demo made that account)
objects to an indicator, partly upheld and closed; a fictional member of the
public (示例公众, a made-up number) objects to 示例甲区's total, just received.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from bipin.contests.demo import CITY_SLUG
from bipin.contests.models import Membership, Role
from bipin.objections import services, targets
from bipin.results import services as results

TITLE = "2026年度综合考评结果(示例)"


def _about(release, entrant, target: str):
    """The first choice of a kind (total, indicator, finding) for the entrant, or None."""
    return next((c.value for c in targets.choices(release, entrant) if c.target == target), None)


def _viewer(contest, name: str):
    m = (Membership.objects.filter(contest=contest, role=Role.ENTRANT_VIEWER, entrant__name=name)
         .select_related("user", "entrant").order_by("pk").first())
    return (m.user, m.entrant) if m else (None, None)


def load(contests: dict, users: dict) -> None:
    city = contests.get(CITY_SLUG)
    organizer, inspector = users.get("organizer"), users.get("inspector")
    snapshot = results.latest_snapshot(city) if city is not None else None
    if snapshot is None or organizer is None:
        return
    today = timezone.localdate()
    release = results.release_results(organizer, snapshot, TITLE)
    results.publish_notice(organizer, release, start=today - datetime.timedelta(days=3),
                           end=today + datetime.timedelta(days=4),
                           contact="示例考评办公室(示例电话 0359-0000000)")
    services.set_policy(organizer, release, public_may_file=True, publish_answers=True)

    county, one = _viewer(city, "示例一县")
    if county is not None:
        about = _about(release, one, "finding") or _about(release, one, "indicator")
        disputed = services.file_objection(
            county, release, one, about=about,
            reasons="示例:该问题所在村的公示栏已于核查前更新,附更新记录,请核实。")
        if inspector is not None:
            services.assign(organizer, disputed, inspector)
            services.add_note(inspector, disputed, "示例:已调取公示栏更新台账,正在与核查组核对日期。")
        total = services.file_objection(county, release, one, about=_about(release, one, "total"),
                                        reasons="示例:本单位总分与自评差距较大,请复核计分。")
        services.answer(organizer, total, "not_upheld",
                        "示例:经逐项复核,各项得分均有记录和佐证,计分无误,维持原结果。")
    county2, two = _viewer(city, "示例二县")
    if county2 is not None:
        partly = services.file_objection(
            county2, release, two, about=_about(release, two, "indicator"),
            reasons="示例:部门评价的填报口径与考评方案不一致。")
        services.answer(organizer, partly, "partly",
                        "示例:口径问题属实,已提醒部门下年度统一;本年度分值差异在允许范围内,不调整。")
        services.close(organizer, partly)
    district = city.entrants.filter(name="示例甲区").first()
    if district is not None:
        services.file_objection(None, release, district,
                                about=_about(release, district, "total"),
                                reasons="示例:作为群众,认为该区排名与实际感受不符。",
                                public_name="示例公众", public_phone="13900000000")
