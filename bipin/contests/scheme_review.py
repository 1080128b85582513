"""The review of 计分规则 proposed from a 考核细则's 评价标准, before the scheme is kept.

A 考核指标表 uploaded with blank 计分规则 cells is not kept at once: the file
waits in the organizer's session, and this page shows each blank row's
评价标准 beside the proposed rule (in words and in syntax), the rows the
proposer could not read first. Nothing is stored until the organizer confirms;
then the workbook, with the rules written in, goes through
:func:`bipin.contests.services.upload_scheme` like any upload (audit included).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bipin.contests import services
from bipin.contests.access import organizer_contest
from bipin.contests.models import Contest
from bipin.contests.uploads import Upload
from bipin.io.problems import Problem
from bipin.io.rule_text import Said, say_rule
from bipin.io.scheme_proposals import RowProposal, fill_rules, sheet_proposals
from bipin.scoring.rulesyntax import RuleSyntaxError, parse_rule

__all__ = ["hold", "review"]

_SESSION_KEY = "scheme_review"
# A rule is a line of syntax; anything longer is not one (and is not kept in a page).
_LONGEST_RULE = 500


def hold(request, contest: Contest, upload: Upload) -> bool:
    """Keep an upload with blank rules to propose in the session; False if it has none."""
    if not sheet_proposals(upload.data, upload.name):
        return False
    request.session[_SESSION_KEY] = {"contest": contest.pk, "name": upload.name,
                                     "data": base64.b64encode(upload.data).decode("ascii")}
    return True


def _held(request, contest: Contest) -> tuple[str, bytes] | None:
    held = request.session.get(_SESSION_KEY)
    if not isinstance(held, dict) or held.get("contest") != contest.pk:
        return None
    return held["name"], base64.b64decode(held["data"])


@dataclass
class ReviewRow:
    """A row as the page shows it: the proposal, and what the organizer has written."""

    found: RowProposal
    text: str
    error: Problem | None = None

    @property
    def words(self) -> Said:
        try:
            return say_rule(parse_rule(self.text).describe(), self.found.points)
        except RuleSyntaxError:
            return Said("", "")

    @property
    def corrected(self) -> bool:
        return self.text != (self.found.proposal.rule or "")


def _problem(text: str, points: float | None) -> Problem | None:
    """What is wrong with a rule the organizer accepted or wrote, in both languages."""
    if not text:
        return Problem("请填写计分规则", "write the rule")
    if len(text) > _LONGEST_RULE:
        return Problem(f"计分规则最多{_LONGEST_RULE}个字符", f"a rule has at most {_LONGEST_RULE} characters")
    try:
        rule = parse_rule(text)
    except RuleSyntaxError as exc:
        where = f"{exc.param}:" if exc.param else ""
        return Problem(f"{where}{exc.message_zh}", f"{exc.param + ': ' if exc.param else ''}{exc.message_en}")
    for param, zh, en in rule.check(float(points or 0)):
        return Problem(f"{param}:{zh}", f"{param}: {en}")
    return None


def _clear(request) -> None:
    request.session.pop(_SESSION_KEY, None)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, slug: str):
    contest = organizer_contest(request.user, slug)
    held = _held(request, contest)
    if held is None:
        messages.info(request, _("没有待确认的计分规则,请先上传考核指标表。"))
        return redirect("contests:scheme", slug=slug)
    name, data = held
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _clear(request)
        messages.info(request, _("已放弃“%(f)s”,未保存任何内容。") % {"f": name})
        return redirect("contests:scheme", slug=slug)
    posted = request.method == "POST"
    rows = [ReviewRow(found, (request.POST.get(f"rule-{found.row}", "") if posted
                              else found.proposal.rule or "").strip())
            for found in sheet_proposals(data, name)]
    if posted:
        for row in rows:
            row.error = _problem(row.text, row.found.points)
        if not any(row.error for row in rows):
            rules = {row.found.row: row.text for row in rows}
            version = services.upload_scheme(
                request.user, contest, fill_rules(data, name, rules), name,
                proposed={"accepted": [r.found.row for r in rows if not r.corrected],
                          "corrected": [r.found.row for r in rows if r.corrected]})
            _clear(request)
            if version.is_valid:
                messages.success(request, _("考评方案第 %(n)d 版已生效。") % {"n": version.number})
            else:
                messages.error(request, _("考评方案有误,未生效。请按下列提示修改后重新上传。"))
            return redirect("contests:scheme", slug=slug)
    # The rows that need a person come first: they are the clerk's work.
    rows.sort(key=lambda row: not row.found.proposal.flagged)
    unread = sum(row.found.proposal.flagged for row in rows)
    return render(request, "contests/setup_scheme_review.html", {
        "contest": contest, "tab": "scheme", "name": name, "rows": rows, "unread": unread,
        "has_errors": any(row.error for row in rows)},
        status=400 if any(row.error for row in rows) else 200)
