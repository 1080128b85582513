"""Demo part of the results app: the city contest's year-round data and a first snapshot.

The demo contest's units are those of examples/dabipin/entrants.csv, so the
example files import as they are. Panel marks and exam scores are left out:
the judging and exams apps supply them live; so are the rows of any source an
app's demo module says it ``SUPPLIES`` (findings, department grids, …), which
that app records through its own pages' functions. Nothing is released here;
the objections demo releases this snapshot to show a notice period.
"""

from __future__ import annotations

import csv
import io

from bipin.contests.demo import CITY_SLUG, EXAMPLES
from bipin.contests.extensions import app_modules
from bipin.results import services
from bipin.results.imports import LIVE_SOURCES
from bipin.scoring.model import SOURCES, source_code

FILES = ("data.csv", "records.csv")
FILENAME = "示例考评数据(实地核查、部门评价、日常监督、客观数据).csv"
HEADER = ["参评对象", "来源", "指标", "填报人", "分值", "类别", "严重程度", "备注"]


def supplied_by_apps() -> set[str]:
    """Sources ("inspection"), items of a source ("data:监测帮扶覆盖率") or one unit's
    item ("data:监测帮扶覆盖率:示例一县") whose demo rows an app's demo records itself."""
    return {str(s) for _, module in app_modules("demo") for s in getattr(module, "SUPPLIES", ())}


def demo_file() -> bytes:
    """The example's rows that no app supplies live, as one long-form CSV."""
    skip = set(LIVE_SOURCES) | supplied_by_apps()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for name in FILES:
        with open(EXAMPLES / "dabipin" / name, encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                source = SOURCES[source_code(row["来源"])]
                item = f"{source.value}:{row['指标']}"
                if skip & {source.value, item, f"{item}:{row['参评对象']}"}:
                    continue
                writer.writerow([row["参评对象"], source.value, row["指标"],
                                 row.get("填报人") or row.get("评委") or "", row.get("分值") or "",
                                 row.get("类别") or "", row.get("严重程度") or "", row.get("备注") or ""])
    return out.getvalue().encode("utf-8")


def load(contests: dict, users: dict) -> None:
    contest = contests.get(CITY_SLUG)
    organizer = users.get("organizer")
    if contest is None or organizer is None:
        return
    services.import_observations(organizer, contest, demo_file(), FILENAME)
    services.compute_snapshot(organizer, contest)
