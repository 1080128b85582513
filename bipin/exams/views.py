"""The candidate's pages: start, answer with autosave, submit.

The page never carries an answer key or an explanation; the clock is the
server's (remaining seconds are computed from the stored deadline on every
load and every save), so a reload or a reconnect resumes, never restarts.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from bipin.accounts import backends
from bipin.accounts.links import redeem_login_link
from bipin.contests.access import roles_of
from bipin.contests.models import Contest
from bipin.contests.params import BIGGEST, whole_number
from bipin.exams import services
from bipin.exams.access import MARKERS, own_candidacies, own_candidate
from bipin.exams.models import Candidate
from bipin.io.question_bank import LETTERS, QuestionType

# The words take.js shows, in the page's one language; {n} is filled in by the script.
TAKE_PHRASES = {
    "saved": gettext_lazy("已保存"),
    "saving": gettext_lazy("保存中…"),
    "not_saved": gettext_lazy("未保存,网络恢复后自动重试"),
    "all_saved": gettext_lazy("作答已自动保存"),
    "unsaved_n": gettext_lazy("有 {n} 题待保存"),
    "answered": gettext_lazy("已答"),
    "unanswered": gettext_lazy("未答"),
    "unanswered_n": gettext_lazy("还有 {n} 题未答。交卷后不能再修改,确定交卷吗?"),
    "all_answered": gettext_lazy("全部题目已作答。交卷后不能再修改,确定交卷吗?"),
}


def _remaining(candidate: Candidate, now) -> int:
    return max(0, int((candidate.deadline - now).total_seconds()))


def _paper_view(candidate: Candidate) -> list[dict]:
    saved = {a.item_id: a.response for a in candidate.answers.all()}
    out = []
    for number, (item, order) in enumerate(services.items_for(candidate), start=1):
        q = item.question
        options = [
            {"label": LETTERS[pos], "value": LETTERS[i], "text": q.options[i]}
            for pos, i in enumerate(order)
        ]
        response = saved.get(item.pk, [])
        out.append(
            {
                "number": number,
                "id": item.pk,
                "qtype": q.qtype,
                "type_label": q.get_qtype_display(),
                "stem": q.stem,
                "points": item.points,
                "options": options,
                "response": response,
                "text": response[0] if response else "",
                "choice": QuestionType(q.qtype).is_choice,
                "answered": bool(response),
                "question": q,
            }
        )
    return out


def _shown(row: dict, values) -> str:
    """An answer as the candidate saw it: options by their letters on this paper."""
    if row["choice"]:
        return "; ".join(f"{o['label']}. {o['text']}" for o in row["options"] if o["value"] in values)
    if row["qtype"] == QuestionType.TRUE_FALSE:
        return {"true": _("对"), "false": _("错")}.get(values[0], "") if values else ""
    return " | ".join(values)


def _review(candidate: Candidate) -> list[dict]:
    """A finished practice attempt, question by question: the answer given, the key and why."""
    earned = {a.item_id: a.points for a in candidate.answers.all()}
    rows = _paper_view(candidate)
    for row in rows:
        q = row["question"]
        row |= {"given": _shown(row, row["response"]), "key": _shown(row, q.answer),
                "explanation": q.explanation, "earned": earned.get(row["id"])}
    return rows


@login_required
@require_GET
def take(request, slug: str, sitting_id: int):
    candidate = own_candidate(request.user, slug, sitting_id)
    now = timezone.now()
    if (
        candidate.deadline
        and not candidate.is_finished
        and now > candidate.deadline + services.NETWORK_GRACE
    ):
        candidate = services.finish(candidate, Candidate.Finish.TIMEOUT, now=now)
    sitting = candidate.sitting
    context = {
        "candidate": candidate,
        "sitting": sitting,
        "contest": sitting.contest,
        "now": now,
        "total": sum(i.points for i in sitting.paper.items.all()),
    }
    if candidate.started_at and not candidate.is_finished:
        items = _paper_view(candidate)
        context |= {"items": items, "remaining": _remaining(candidate, now),
                    "answered": sum(q["answered"] for q in items),
                    "phrases": {key: str(text) for key, text in TAKE_PHRASES.items()}}
    elif candidate.is_finished and sitting.is_practice and candidate.started_at:
        context["review"] = _review(candidate)
    else:
        context["can_start"] = (
            not candidate.is_finished and sitting.opens_at <= now < sitting.closes_at
        )
    return render(request, "exams/take.html", context)


@login_required
@require_POST
def start(request, slug: str, sitting_id: int):
    candidate = own_candidate(request.user, slug, sitting_id)
    try:
        services.start(candidate)
    except services.ExamError as exc:
        messages.error(request, exc.message_zh)
    return redirect("exams:take", slug=slug, sitting_id=sitting_id)


def _whole(raw) -> int:
    # The page sends ids and numbers as JSON numbers; 1.5, true or "²" are none.
    value = raw if type(raw) is int else whole_number(raw)
    if value is None or not 0 <= value <= BIGGEST:
        raise ValueError(raw)
    return value


@login_required
@require_POST
def save(request, slug: str, sitting_id: int):
    candidate = own_candidate(request.user, slug, sitting_id)
    try:
        body = json.loads(request.body or b"{}")
        item_id = _whole(body["item"])
        response = body["response"]
        # A page from before sequence numbers sends none: 0, as the old rows hold.
        seq = _whole(body.get("seq", 0))
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"ok": False, "code": "bad_request", "error": "作答数据格式错误 / bad request"},
            status=400,
        )
    now = timezone.now()
    try:
        answer = services.save_answer(candidate, item_id, response, now=now, seq=seq)
    except services.ExamError as exc:
        status = 409 if exc.code in ("time_up", "finished", "not_started") else 400
        return JsonResponse(
            {"ok": False, "code": exc.code, "error": f"{exc.message_zh} / {exc.message_en}"},
            status=status,
        )
    candidate.refresh_from_db(fields=["deadline"])
    return JsonResponse(
        {
            "ok": True,
            "item": item_id,
            "saved_at": answer.saved_at.isoformat(),
            # What is stored, which a late save numbered too low did not change.
            "response": answer.response,
            "seq": answer.seq,
            "remaining": _remaining(candidate, now),
        }
    )


@login_required
@require_POST
def submit(request, slug: str, sitting_id: int):
    candidate = own_candidate(request.user, slug, sitting_id)
    if candidate.started_at is None:
        messages.error(request, _("尚未开始答题"))
    else:
        # The page posts auto=1 when its countdown reaches zero; that only names
        # how the attempt ended — the server's deadline still decides what counts.
        how = Candidate.Finish.TIMEOUT if request.POST.get("auto") else Candidate.Finish.SUBMITTED
        services.finish(candidate, how)
    return redirect("exams:take", slug=slug, sitting_id=sitting_id)


@require_GET
def enter(request, slug: str, sitting_id: int, token: str):
    """A candidate's one-time login link: log in, then straight to the test."""
    link = redeem_login_link(token)
    if link is None:
        return render(request, "accounts/link_invalid.html", status=410)
    login(request, link.user, backend=backends.PATH)
    return redirect("exams:take", slug=slug, sitting_id=sitting_id)


@login_required
@require_GET
def mine(request, slug: str):
    """The tests this user takes and the sittings they mark, in this contest."""
    candidacies = own_candidacies(request.user).filter(sitting__contest__slug=slug)
    contest = get_object_or_404(Contest, slug=slug)
    marking = []
    if roles_of(request.user, contest) & set(MARKERS):
        marking = list(contest.sittings.all())
    if not candidacies and not marking:
        raise Http404("no tests here")
    return render(
        request,
        "exams/mine.html",
        {"contest": contest, "candidacies": candidacies, "marking": marking},
    )
