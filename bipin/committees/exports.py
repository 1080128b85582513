"""The committee's decision records as a workbook: one row per entry, then every review."""

from __future__ import annotations

import io

from bipin.committees.models import Committee, Outcome, Position, Review, Rule, Vote
from bipin.committees.progress import progress, with_progress
from bipin.evidence.provenance import person, stamp
from bipin.io.cells import append_row

DECISIONS = ["序号", "事项名称", "申报单位", "收到日期", "状态", "决议规则", "平均总分", "同意",
             "不同意", "弃权", "持不同意见", "缺评委员", "缺评说明", "决议人", "决议时间"]
REVIEWS = ["事项名称", "申报单位", "委员", "职务"]  # then one column per criterion
AFTER_SCORES = ["总分", "表决意见", "评审意见", "提交时间", "修改时间"]


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _dissent(decision) -> str:
    return ";".join(f"{d['member']}({_label(Vote, d['vote'])}):{d['comment']}"
                    for d in decision.dissent)


def _decision_row(number: int, p) -> list:
    e, d = p.entry, p.decision
    head = [number, e.title, e.party, e.received_on.isoformat()]
    if d is None:
        return [*head, p.label]
    return [*head, _label(Outcome, d.outcome), _label(Rule, d.rule),
            None if d.mean_total is None else float(d.mean_total), d.votes_for, d.votes_against,
            d.votes_abstain, _dissent(d), "、".join(d.missing), d.missing_reason,
            person(d.decided_by), stamp(d.decided_at)]


def decisions_book(committee: Committee) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    decisions = book.active
    decisions.title = "决议记录"
    append_row(decisions, DECISIONS)
    entries = with_progress(committee.entries.order_by("received_on", "pk"))
    for number, entry in enumerate(entries, start=1):
        append_row(decisions, _decision_row(number, progress(entry)))
    reviews = book.create_sheet("评审意见")
    criteria = committee.rubric
    append_row(reviews, [*REVIEWS, *(f"{c['name']}({c['max']})" for c in criteria), *AFTER_SCORES])
    found = (Review.objects.filter(assignment__entry__committee=committee)
             .select_related("assignment__entry", "assignment__member__user")
             .order_by("assignment__entry__received_on", "assignment__entry_id", "assignment_id"))
    for r in found:
        e, m = r.assignment.entry, r.assignment.member
        append_row(reviews, [e.title, e.party, m.name, _label(Position, m.position),
                             *(float(r.scores[c["id"]]) for c in criteria), float(r.total),
                             _label(Vote, r.vote), r.comment, stamp(r.submitted_at),
                             stamp(r.revised_at) if r.revised_at else ""])
    for sheet in (decisions, reviews):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
