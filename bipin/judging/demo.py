"""The event day's part of the demo (示例数据, all fictional).

demo-dabipin: the 脱稿汇报 panel with judge1..5 seated (chief is the chief
judge), one judge recused from a county (示例:同县), and a draw per group: the
先行示范区's revealed (its two districts have presented, so the public draw page
has one to check in the browser), the others committed and ready for the ceremony. demo-apples: the tasting panel with judge1..5 on the
samples' random codes (the organizer prints their labels on the 盲评编号 page;
new codes are refused there, as sheets exist), its 初评 dealt at two tables
(分桌评审, judges score only their table's samples). A few entrants are
pre-scored so the big screen shows something; the rest is for running the day live.
"""

from __future__ import annotations

from bipin.judging import draws, flights, services

# Used only when the example scheme files are not installed next to the package.
REPORT_CRITERIA = [
    {"id": "汇报内容", "max": 40, "step": 0.5, "descriptor": "举措实、亮点明、数据准"},
    {"id": "问题查摆", "max": 30, "step": 0.5, "descriptor": "对标国考省考,问题找得准"},
    {"id": "现场表达", "max": 30, "step": 0.5, "descriptor": "脱稿、清楚、8 分钟内"},
]
TASTING_CRITERIA = [
    {"id": "着色率", "max": 30, "step": 0.5, "descriptor": "着色面积与均匀度"},
    {"id": "光洁度", "max": 30, "step": 0.5, "descriptor": "果面光洁、无锈无伤"},
    {"id": "风味口感", "max": 40, "step": 0.5, "descriptor": "甜酸适口、脆度、香气"},
]
JUDGES = [f"judge{i}" for i in range(1, 6)]
# The group whose day has happened: its draw revealed with the delegates'
# (fictional) numbers, its presenters scored.
PRESENTED_GROUP, DELEGATES_NUMBERS = "先行示范区", ["17", "42"]


def _panel(organizer, contest, item, name, criteria, timer=None):
    try:
        return services.create_panel_from_scheme(organizer, contest, item, name)
    except services.JudgingError:
        return services.create_panel(organizer, contest, item=item, name=name, criteria=criteria, timer=timer)


# The apple tables' fixed (fictional) seed: 第1桌 judge5, judge3, judge1; 第2桌 judge4, judge2.
# At 第1桌 judge1 and judge3 mark alike, so the severe judge5 is the one who drifts.
APPLE_TABLES_SEED = "demo-apples-flights"
# judge5 marks 1.5 points below the rest on every criterion, so the judge analysis
# (bipin.agreement) has a severe judge to show and the apple console a drift flag.
SEVERE_JUDGE, SEVERITY = "judge5", 1.5


def _prescore(panel, users, entrants, base: list[float], judges=JUDGES) -> None:
    """Fixed fictional marks: the k-th of JUDGES gives base + (k mod 2)/2 minus a little
    per criterion, and the severe judge 1.5 points less; only ``judges`` mark."""
    for n, entrant in enumerate(entrants):
        for k, username in enumerate(JUDGES):
            if username not in judges:
                continue
            harsh = SEVERITY if username == SEVERE_JUDGE else 0.0
            marks = {c["id"]: min(float(c["max"]), max(0.0, base[i] + (k % 2) * 0.5 - n - harsh))
                     for i, c in enumerate(panel.criteria)}
            services.submit_sheet(users[username], panel, entrant, key=f"demo-{panel.pk}-{entrant.pk}-{k}",
                                  marks=marks, comment="示例评价:思路清晰,建议进一步量化成效。")


def load(contests: dict, users: dict) -> None:
    organizer = users["organizer"]
    city = contests.get("demo-dabipin")
    if city is not None:
        panel = _panel(organizer, city, "report", "脱稿汇报", REPORT_CRITERIA, timer=480)
        for username in JUDGES:
            services.seat_judge(organizer, panel, users[username])
        county = city.entrants.filter(group__name="整体推进县").order_by("order", "pk").first()
        if county is not None:
            services.recuse(organizer, city, users["judge3"], county, f"示例:评委三来自{county.name},回避")
        for group in city.groups.all():
            draw = draws.commit_draw(organizer, city, group)
            if group.name == PRESENTED_GROUP:
                draws.reveal_draw(organizer, draw, DELEGATES_NUMBERS)
        _prescore(panel, users, list(city.entrants.filter(group__name=PRESENTED_GROUP)), [34, 25, 25])
    apples = contests.get("demo-apples")
    if apples is not None:
        panel = _panel(organizer, apples, "tasting", "感官评价", TASTING_CRITERIA)
        for username in JUDGES:
            services.seat_judge(organizer, panel, users[username])
        _flights(organizer, apples, panel, users)


def _flights(organizer, apples, panel, users) -> None:
    """初评 at two tables (the scheme cuts it per flight), three samples of each pre-scored
    (three: the judge analysis flags a drifting judge only on three samples in common)."""
    if flights.flighted_stage(apples) is None:  # the example scheme is not installed
        _prescore(panel, users, list(apples.entrants.order_by("code")[:3]), [24, 24, 32])
        return
    flights.split(organizer, panel, 2, seed=APPLE_TABLES_SEED)
    tables = flights.tables(panel, "")
    for flight in tables.flights:
        judges = [u.username for u in users.values() if u.pk in tables.judges[flight.pk]]
        samples = apples.entrants.filter(pk__in=tables.samples[flight.pk]).order_by("code")[:3]
        _prescore(panel, users, list(samples), [24, 24, 32], judges)
