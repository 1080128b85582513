"""试算: the current inputs evaluated on the spot, nothing stored.

The clerk checking a new scheme or a fresh import wants to see totals before
anyone computes a snapshot: a snapshot is numbered, audited and kept for
ever, so a trial run must leave neither a Snapshot nor an audit record. The
figures come from the same :func:`bipin.results.engine.compute` a snapshot
stores, shown through the ranking's own presenter on an unsaved snapshot.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bipin.contests.access import organizer_contest
from bipin.io.report_data import is_staged
from bipin.results import engine
from bipin.results.listing import ranking_context
from bipin.results.models import Snapshot
from bipin.results.presenters import staged_context


@login_required
@require_GET
def preview(request, slug: str):
    contest = organizer_contest(request.user, slug)
    context = {"contest": contest, "failure": ""}
    try:
        result = engine.compute(contest)
    except engine.NoScheme:
        context["failure"] = _("尚无有效的考评方案,无法试算。")
    except ValueError as exc:  # the engine names the bad observation
        context["failure"] = _("试算失败:%(e)s") % {"e": getattr(exc, "message_zh", exc)}
    else:
        # Never saved: the presenter only reads its contest, inputs and evaluation.
        trial = Snapshot(contest=contest, evaluation=result.evaluation, inputs=result.inputs,
                         input_hash=result.input_hash)
        figures = (staged_context(trial, reveal_judges=True) if is_staged(trial.evaluation)
                   else ranking_context(trial, "", reveal_judges=True))
        context.update(figures, scheme_version=result.scheme_version)
    return render(request, "results/preview.html", context)
