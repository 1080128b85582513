"""Demo part of the results app: the city contest's year-round data and a first snapshot.

The example files in examples/dabipin/ name fictional units of their own
(示例甲区, 示例一县 …); the demo contest has its own fictional units in the
same three groups. A unit is matched by name (ignoring a "市" after 示例),
otherwise by its position in the group, which the README of the example
promises is the same structure: 2 + 8 + 14 units.

Panel marks and exam scores are left out: the judging and exams apps supply
them live. Nothing is released; the organizer does that.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from bipin.contests.demo import CITY_SLUG, EXAMPLES
from bipin.results import services
from bipin.results.imports import LIVE_SOURCES
from bipin.scoring.model import SOURCES, source_code

FILES = ("data.csv", "records.csv")
FILENAME = "示例考评数据(实地核查、部门评价、日常监督、客观数据).csv"


def _plain(name: str) -> str:
    return name.replace("示例市", "示例").split("(")[0]


def entrant_map(contest) -> dict[str, str]:
    """Example file name → demo entrant name, group by group."""
    with open(EXAMPLES / "dabipin" / "entrants.csv", encoding="utf-8-sig") as fh:
        examples = defaultdict(list)
        for row in csv.DictReader(fh):
            examples[row["组别"]].append(row["参评对象"])
    mapping: dict[str, str] = {}
    for group in contest.groups.prefetch_related("entrants"):
        ours = [e.name for e in group.entrants.all()]
        theirs = examples.get(group.name, [])
        by_plain = {_plain(n): n for n in ours}
        for name in theirs:
            if _plain(name) in by_plain:
                mapping[name] = by_plain.pop(_plain(name))
        free = [n for n in ours if n in by_plain.values()]
        for name in (n for n in theirs if n not in mapping):
            if free:
                mapping[name] = free.pop(0)
    return mapping


def demo_file(contest) -> bytes:
    """The example's non-live rows as one long-form CSV naming the demo's units."""
    mapping = entrant_map(contest)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["参评对象", "来源", "指标", "填报人", "分值", "类别", "严重程度", "备注"])
    for name in FILES:
        with open(EXAMPLES / "dabipin" / name, encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                source = SOURCES[source_code(row["来源"])]
                if source.value in LIVE_SOURCES or row["参评对象"] not in mapping:
                    continue
                writer.writerow([mapping[row["参评对象"]], source.value, row["指标"],
                                 row.get("填报人") or row.get("评委") or "", row.get("分值") or "",
                                 row.get("类别") or "", row.get("严重程度") or "", row.get("备注") or ""])
    return out.getvalue().encode("utf-8")


def load(contests: dict, users: dict) -> None:
    contest = contests.get(CITY_SLUG)
    organizer = users.get("organizer")
    if contest is None or organizer is None or not (EXAMPLES / "dabipin" / "data.csv").exists():
        return
    services.import_observations(organizer, contest, demo_file(contest), FILENAME)
    services.compute_snapshot(organizer, contest)
