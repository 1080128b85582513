"""Check an observation file against the contest before anything is stored.

The file has the long form of ``bipin compute`` data files (参评对象, 来源,
指标, 评委, 分值, 轮次, 系数, 类别, 严重程度); every row is checked against the
contest's entrants (by name or code) and the scheme in force for that
entrant's group, and every problem is reported at its sheet, row and column.

A value leaf takes one value per entrant, item, judge or reporter, and round.
A second value for such a key in the same file is refused unless the leaf
declares ``reduce``; a value for a key that an earlier active batch already
gave is refused too, naming that batch, unless the import is a correction
or the leaf declares ``on_repeat: replace``: then the new value supersedes
the earlier one (:class:`~bipin.results.models.Supersession`). Records
(findings, bonus and deduction items, vetoes) are events and always add.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bipin.contests.models import Contest, Entrant
from bipin.contests.uploads import stored_length
from bipin.io import ImportFailed, Problem
from bipin.io.cells import csv_row
from bipin.io.observations import (
    describe_key,
    is_value_leaf,
    read_data_file,
    repeated_values,
    value_key,
)
from bipin.io.problems import Problems, shown
from bipin.results.engine import load_scheme
from bipin.results.models import ImportBatch, ImportedObservation, Source, Supersession
from bipin.scoring import Node, Observation
from bipin.scoring.impute import period_problem
from bipin.scoring.ranges import row_problems
from bipin.scoring.records import RecordRule, Rows

LIVE_SOURCES = {Source.PANEL: "评委打分由评审模块实时汇总",
                Source.EXAM: "政策测试成绩由测试模块汇总"}
# Text cells are checked against what the stored fields hold.
STORED = ("item", "judge", "round", "category", "severity")


@dataclass
class ImportPlan:
    """What an import will write: its rows, and the earlier rows each key's new rows replace."""

    filename: str
    sheet: str | None = None
    value_column: str | None = None  # where a refused value is named
    rows: list[dict[str, Any]] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)  # as read, one per row
    leaves: list[Node | None] = field(default_factory=list)  # the leaf of each row
    # index of the first new row of a key -> the earlier rows of that key
    replaces: dict[int, list[ImportedObservation]] = field(default_factory=dict)

    def key(self, index: int) -> tuple | None:
        """The value key of row ``index``, or None for a record (an event)."""
        leaf = self.leaves[index]
        if leaf is None or not is_value_leaf(leaf):
            return None
        return value_key(self.rows[index]["entrant"].pk, self.observations[index])


def validate_observations(contest: Contest, data: bytes, filename: str, *,
                          sheet: str | None = None, correction: bool = False) -> ImportPlan:
    """The rows ready for :class:`ImportedObservation`, or :class:`ImportFailed` with every problem.

    Values that earlier batches gave are checked by :func:`plan_repeats`,
    which the import runs again inside its transaction.
    """
    from bipin.contests.services import current_scheme

    version = current_scheme(contest)
    if version is None:
        raise ImportFailed([Problem("本活动尚无有效的考评方案,请先上传方案再导入数据",
                                    "the contest has no valid scheme yet; upload one first",
                                    file=filename)])
    scheme = load_scheme(bytes(version.content), version.filename)
    problems = Problems()
    data_file = read_data_file(
        data, filename=filename, sheet=sheet, problems=problems, kinds=("observations",),
        max_lengths={key: stored_length(ImportedObservation, key) for key in STORED})
    entrants: dict[str, Entrant] = {}
    for e in contest.entrants.select_related("group"):
        entrants[e.name] = e
        if e.code:
            entrants[e.code] = e
    leaves: dict[str, dict[str, Node]] = {}  # group -> leaf id -> leaf

    def leaf_of(o: Observation) -> Node | None:
        entrant = entrants.get(o.entrant)
        if entrant is None or o.item is None:
            return None
        group = entrant.group.name
        if group not in leaves:
            leaves[group] = scheme.items(group)
        return leaves[group].get(o.item)

    def problem(row: int, key: str, zh: str, en: str) -> None:
        problems.append(Problem(zh, en, file=filename, sheet=data_file.sheet, row=row,
                                column=data_file.columns.get(key)))

    plan = ImportPlan(filename, data_file.sheet, data_file.columns.get("value"))
    for o in data_file.observations:
        row = int(o.ref.rsplit(":", 1)[1])
        entrant, source = entrants.get(o.entrant), o.source and str(o.source)
        if entrant is None and o.entrant is not None:
            problem(row, "entrant", f"参评对象“{shown(o.entrant)}”不在本活动中(按名称或编号匹配)",
                    f"unknown entrant '{shown(o.entrant)}' (match by name or code)")
        if source in LIVE_SOURCES:
            problem(row, "source", f"来源“{Source(source).label}”不能从文件导入:{LIVE_SOURCES[source]}",
                    f"source '{source}' cannot be imported: it is collected live")
        elif entrant is not None and source and o.item is not None:
            leaf = leaf_of(o)
            if leaf is None and o.item in scheme.inputs:
                pass  # a denominator the scheme reads (inputs), not a scored item
            elif leaf is None:
                problem(row, "item", f"指标“{shown(o.item)}”不在“{entrant.group.name}”组的考评方案中",
                        f"item '{shown(o.item)}' is not in the scheme for group '{entrant.group.name}'")
            elif leaf.source is not None and leaf.source.value != source:
                problem(row, "source", f"指标“{o.item}”的来源应为“{Source(leaf.source.value).label}”",
                        f"item '{o.item}' comes from '{leaf.source.value}', not '{source}'")
        if o.factor <= 0:
            problem(row, "factor", "系数须大于0", "factor must be > 0")
        said = period_problem(scheme.period, o.period)
        if said is not None:
            problem(row, "period", *said)
        if entrant is not None:
            plan.rows.append({"entrant": entrant, "source": source, "item": o.item, "value": o.value,
                              "judge": o.judge or "", "round": o.round or "", "period": o.period,
                              "factor": o.factor,
                              "category": o.category or "", "severity": o.severity or "",
                              "row_number": row})
            plan.observations.append(o)
            plan.leaves.append(leaf_of(o))
    problems += value_problems(scheme, plan.rows, data_file.columns, filename)
    problems.extend(repeated_values(
        data_file.observations, leaf_of,
        lambda o: entrants[o.entrant].pk if o.entrant in entrants else None,
        lambda o: data_file.where(o.ref, "value")))
    if not problems:
        plan_repeats(contest, plan, correction=correction)
    if problems:
        raise ImportFailed(problems)
    return plan


def plan_repeats(contest: Contest, plan: ImportPlan, *, correction: bool) -> None:
    """Refuse, or plan to replace, values that earlier active batches already gave.

    Fills ``plan.replaces``; raises :class:`ImportFailed` naming each refused
    row, the earlier value and its batch, and how to correct it.
    """
    plan.replaces = {}
    firsts: dict[tuple, int] = {}  # key -> index of its first row in this file
    for index in range(len(plan.rows)):
        key = plan.key(index)
        if key is not None:
            firsts.setdefault(key, index)
    if not firsts:
        return
    earlier: dict[tuple, list[ImportedObservation]] = defaultdict(list)
    candidates = (ImportedObservation.objects
                  .filter(batch__contest=contest, batch__status=ImportBatch.Status.ACTIVE,
                          entrant_id__in={k[0] for k in firsts}, item__in={k[1] for k in firsts})
                  .select_related("batch", "entrant").order_by("batch_id", "row_number"))
    for r in candidates:
        key = (r.entrant_id, r.item, r.judge, r.round, r.period)
        if key in firsts:
            earlier[key].append(r)
    if not earlier:
        return
    problems = Problems()
    superseded = set(Supersession.objects
                     .filter(old__in=[r.pk for rows in earlier.values() for r in rows],
                             new__batch__status=ImportBatch.Status.ACTIVE)
                     .values_list("old_id", flat=True))
    for key, rows in earlier.items():
        index = firsts[key]
        if correction or plan.leaves[index].on_repeat == "replace":
            # Every earlier active row of the key, current or not: withdrawing a
            # batch in between must not bring an older value back beside this one.
            plan.replaces[index] = rows
            continue
        current = [r for r in rows if r.pk not in superseded] or rows
        batch = current[-1].batch
        values = "、".join("空" if r.value is None else f"{r.value:g}" for r in current)
        values_en = ", ".join("blank" if r.value is None else f"{r.value:g}" for r in current)
        where = "、".join(f"第{r.row_number}行" for r in current)
        where_en = ", ".join(str(r.row_number) for r in current)
        zh, en = describe_key(plan.observations[index])
        problems.append(Problem(
                f"{zh}已有值 {values}(批次#{batch.pk}“{shown(batch.filename)}”{where})。"
                "如需更改:撤回该批次后重新导入,或勾选“更正导入”并填写原因后导入本文件",
                f"{en} already has the value {values_en} (batch #{batch.pk} "
                f"'{shown(batch.filename)}', row {where_en}). To change it, withdraw that batch "
                "and import again, or import this file as a correction with a reason",
                file=plan.filename, sheet=plan.sheet, row=plan.rows[index]["row_number"],
                column=plan.value_column))
    if problems:
        raise ImportFailed(problems)


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
            leaves[group] = scheme.items(group)
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
    """The template as CSV; utf-8-sig so Excel and WPS read the Chinese headers.

    Names typed by people (entrants, departments) may look like formulas; they
    are written inert (see :mod:`bipin.io.cells`).
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_row(r) for r in template_rows(contest))
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
        # A derived leaf is filled through its formula's inputs, one row each.
        rows += [[e.name, n.source.value, item, n.department, "", "", "", ""] for n in leaves[group]
                 for item in (n.formula.inputs if n.formula is not None else (n.id,))]
    return rows
