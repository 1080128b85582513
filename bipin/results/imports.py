"""Check an observation file against the contest before anything is stored.

The file has the long form of ``bipin compute`` data files (参评对象, 来源,
指标, 评委, 分值, 轮次, 系数, 类别, 严重程度); every row is checked against the
contest's entrants (by name or code) and the scheme in force for that
entrant's group, and every problem is reported at its sheet, row and column.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np

from bipin.contests.models import Contest
from bipin.io import ImportFailed, Problem
from bipin.io.observations import read_data_file
from bipin.results.engine import load_scheme
from bipin.results.models import Source
from bipin.scoring import Node
from bipin.scoring.ranges import row_problems
from bipin.scoring.records import RecordRule, Rows

LIVE_SOURCES = {Source.PANEL: "评委打分由评审模块实时汇总",
                Source.EXAM: "政策测试成绩由测试模块汇总"}


def validate_observations(contest: Contest, data: bytes, filename: str) -> list[dict[str, Any]]:
    """Rows ready for :class:`ImportedObservation`, or :class:`ImportFailed` with every problem."""
    from bipin.contests.services import current_scheme

    version = current_scheme(contest)
    if version is None:
        raise ImportFailed([Problem("本活动尚无有效的考评方案,请先上传方案再导入数据",
                                    "the contest has no valid scheme yet; upload one first",
                                    file=filename)])
    scheme = load_scheme(bytes(version.content), version.filename)
    data_file = read_data_file(data, filename=filename)
    if not data_file.observations:
        raise ImportFailed([Problem("文件中没有考评数据行(需要参评对象、来源、指标等列)",
                                    "the file holds no observations (entrant, source, item, ...)",
                                    file=filename)])
    entrants = {}
    for e in contest.entrants.select_related("group"):
        entrants[e.name] = e
        if e.code:
            entrants[e.code] = e
    leaves: dict[str, dict[str, str]] = {}  # group -> item -> source
    problems: list[Problem] = []

    def problem(row: int, key: str, zh: str, en: str) -> None:
        problems.append(Problem(zh, en, file=filename, row=row, column=data_file.columns.get(key)))

    out = []
    for o in data_file.observations:
        row = int(o.ref.rsplit(":", 1)[1])
        entrant, source = entrants.get(o.entrant), str(o.source)
        if entrant is None:
            problem(row, "entrant", f"参评对象“{o.entrant}”不在本活动中(按名称或编号匹配)",
                    f"unknown entrant '{o.entrant}' (match by name or code)")
        if source in LIVE_SOURCES:
            problem(row, "source", f"来源“{Source(source).label}”不能从文件导入:{LIVE_SOURCES[source]}",
                    f"source '{source}' cannot be imported: it is collected live")
        elif entrant is not None:
            group = entrant.group.name
            if group not in leaves:
                leaves[group] = {n.id: str(n.source.value) for n in scheme.leaves(group=group)}
            expected = leaves[group].get(o.item)
            if expected is None:
                problem(row, "item", f"指标“{o.item}”不在“{group}”组的考评方案中",
                        f"item '{o.item}' is not in the scheme for group '{group}'")
            elif expected != source:
                problem(row, "source", f"指标“{o.item}”的来源应为“{Source(expected).label}”",
                        f"item '{o.item}' comes from '{expected}', not '{source}'")
        if o.factor <= 0:
            problem(row, "factor", "系数须大于0", "factor must be > 0")
        if entrant is not None:
            out.append({"entrant": entrant, "source": source, "item": o.item, "value": o.value,
                        "judge": o.judge or "", "round": o.round or "", "factor": o.factor,
                        "category": o.category or "", "severity": o.severity or "",
                        "row_number": row})
    problems += value_problems(scheme, out, data_file.columns, filename)
    if problems:
        raise ImportFailed(problems)
    return out


def value_problems(scheme, rows: list[dict[str, Any]], columns: dict[str, str],
                   filename: str) -> list[Problem]:
    """Values the engine would refuse, refused now at their cell.

    Outside the leaf's range, not finite, a factor the leaf ignores, a finding
    no declared table prices (unless the rule says ``unknown=each``), a record
    without a value. The scoring core decides (``bipin.scoring.ranges``,
    ``RecordRule.unpriced``), so a file passes here exactly when its rows can
    be scored; a factor <= 0 is reported above.
    """
    leaves: dict[str, dict[str, Node]] = {}
    problems = []
    for row in rows:
        group = row["entrant"].group.name
        if group not in leaves:
            leaves[group] = {n.id: n for n in scheme.leaves(group=group)}
        leaf = leaves[group].get(row["item"])
        factor = row["factor"] if not row["factor"] <= 0 else 1.0
        found = row_problems(leaf, row["value"], factor)
        if leaf is not None and isinstance(leaf.rule, RecordRule):
            value = np.nan if row["value"] is None else row["value"]
            unpriced = leaf.rule.unpriced(Rows(np.array([value]), np.array([factor]),
                                               [row["category"] or None],
                                               [row["severity"] or None]))
            if leaf.rule.charges_unpriced:
                unpriced = [f for f in unpriced if f[1] == "value"]
            found += [(key, zh, en) for _, key, zh, en in unpriced]
        problems += [Problem(zh, en, file=filename, row=row["row_number"], column=columns.get(key))
                     for key, zh, en in found]
    return problems


TEMPLATE_HEADER = ["参评对象", "来源", "指标", "填报人", "分值", "类别", "严重程度", "备注"]
# One row per entrant and indicator for values reported once; findings and
# records are one row each, so the template shows only the header for those.
ONE_VALUE_SOURCES = (Source.DEPARTMENT, Source.DATA)


def template_csv(contest: Contest) -> bytes:
    """The template as CSV; utf-8-sig so Excel and WPS read the Chinese headers."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(template_rows(contest))
    return buffer.getvalue().encode("utf-8-sig")


def template_rows(contest: Contest) -> list[list[str]]:
    """A starting file: every entrant with every department and data indicator of its group."""
    from bipin.contests.services import current_scheme

    version = current_scheme(contest)
    rows = [TEMPLATE_HEADER]
    if version is None:
        return rows
    scheme = load_scheme(bytes(version.content), version.filename)
    leaves: dict[str, list] = {}
    for e in contest.entrants.select_related("group"):
        group = e.group.name
        if group not in leaves:
            leaves[group] = [n for n in scheme.leaves(group=group)
                             if n.source is not None and n.source.value in ONE_VALUE_SOURCES]
        rows += [[e.name, n.source.value, n.id, n.department, "", "", "", ""] for n in leaves[group]]
    return rows
