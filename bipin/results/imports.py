"""Check an observation file against the contest before anything is stored.

The file has the long form of ``bipin compute`` data files (参评对象, 来源,
指标, 评委, 分值, 轮次, 系数, 类别, 严重程度); every row is checked against the
contest's entrants (by name or code) and the scheme in force for that
entrant's group, and every problem is reported at its sheet, row and column.
"""

from __future__ import annotations

from typing import Any

from bipin.contests.models import Contest
from bipin.io import Column, ImportFailed, Problem, read_table
from bipin.io.tables import CellError, parse_number
from bipin.results.engine import load_scheme
from bipin.results.models import Source
from bipin.scoring.model import SOURCES, ObservationError, source_code

LIVE_SOURCES = {Source.PANEL: "评委打分由评审模块实时汇总",
                Source.EXAM: "政策测试成绩由测试模块汇总"}


def parse_source(cell: Any) -> str:
    try:
        return SOURCES[source_code(str(cell))].value
    except ObservationError as exc:
        raise CellError(exc.message_zh, exc.message_en) from None


COLUMNS = [
    Column("entrant", ("参评对象", "参评单位", "单位", "entrant")),
    Column("source", ("来源", "数据来源", "source"), parse=parse_source),
    Column("item", ("指标", "评分项", "item", "indicator")),
    Column("judge", ("评委", "填报人", "部门", "judge", "reporter"), required=False),
    Column("value", ("分值", "数值", "值", "value"), required=False, parse=parse_number),
    Column("round", ("轮次", "round"), required=False),
    Column("factor", ("系数", "factor"), required=False, parse=parse_number),
    Column("category", ("类别", "问题类别", "category"), required=False),
    Column("severity", ("严重程度", "severity"), required=False),
]


def validate_observations(contest: Contest, data: bytes, filename: str) -> list[dict[str, Any]]:
    """Rows ready for :class:`ImportedObservation`, or :class:`ImportFailed` with every problem."""
    from bipin.contests.services import current_scheme

    version = current_scheme(contest)
    if version is None:
        raise ImportFailed([Problem("本活动尚无有效的考评方案,请先上传方案再导入数据",
                                    "the contest has no valid scheme yet; upload one first",
                                    file=filename)])
    scheme = load_scheme(bytes(version.content), version.filename)
    rows = read_table(data, COLUMNS, filename=filename)
    entrants = {}
    for e in contest.entrants.select_related("group"):
        entrants[e.name] = e
        if e.code:
            entrants[e.code] = e
    leaves: dict[str, dict[str, str]] = {}  # group -> item -> source
    problems: list[Problem] = []
    out = []
    for row in rows:
        entrant = entrants.get(row["entrant"])
        source = row["source"]
        if entrant is None:
            problems.append(row.problem("entrant", f"参评对象“{row['entrant']}”不在本活动中(按名称或编号匹配)",
                                        f"unknown entrant '{row['entrant']}' (match by name or code)",
                                        filename))
        if source in LIVE_SOURCES:
            problems.append(row.problem("source", f"来源“{Source(source).label}”不能从文件导入:{LIVE_SOURCES[source]}",
                                        f"source '{source}' cannot be imported: it is collected live",
                                        filename))
        if entrant is not None and source not in LIVE_SOURCES:
            group = entrant.group.name
            if group not in leaves:
                leaves[group] = {n.id: str(n.source.value) for n in scheme.leaves(group=group)}
            expected = leaves[group].get(row["item"])
            if expected is None:
                problems.append(row.problem("item", f"指标“{row['item']}”不在“{group}”组的考评方案中",
                                            f"item '{row['item']}' is not in the scheme for group '{group}'",
                                            filename))
            elif expected != source:
                problems.append(row.problem("source", f"指标“{row['item']}”的来源应为“{Source(expected).label}”",
                                            f"item '{row['item']}' comes from '{expected}', not '{source}'",
                                            filename))
        if row["factor"] is not None and row["factor"] <= 0:
            problems.append(row.problem("factor", "系数须大于0", "factor must be > 0", filename))
        if entrant is not None:
            out.append({"entrant": entrant, "source": source, "item": row["item"],
                        "value": row["value"], "judge": row["judge"] or "",
                        "round": row["round"] or "", "factor": row["factor"] or 1.0,
                        "category": row["category"] or "", "severity": row["severity"] or "",
                        "row_number": row.number})
    if problems:
        raise ImportFailed(problems)
    return out
