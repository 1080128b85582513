"""The marking queue: judges and the chief judge mark short answers blind.

A marker sees the question, the reference answer and the candidate's text —
never who wrote it — and each answer once; with double marking an answer
stays in the queue until two markers agree within the gap, or a third decides.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bipin.exams import services
from bipin.exams.access import marker_answer, marker_sitting


@login_required
@require_GET
def queue(request, slug: str, sitting_id: int):
    sitting = marker_sitting(request.user, slug, sitting_id)
    services.expire_overdue(sitting)
    answers = services.marking_queue(sitting, request.user)
    return render(
        request,
        "exams/marking.html",
        {
            "contest": sitting.contest,
            "sitting": sitting,
            "answers": answers,
            "progress": services.marking_progress(sitting),
        },
    )


@login_required
@require_POST
def mark(request, slug: str, sitting_id: int, answer_id: int):
    sitting = marker_sitting(request.user, slug, sitting_id)
    answer = marker_answer(request.user, sitting, answer_id)
    try:
        services.record_mark(request.user, answer, request.POST.get("points", "").strip())
    except services.ExamError as exc:
        messages.error(request, f"{exc.message_zh} / {exc.message_en}")
    else:
        messages.success(request, _("已评分"))
    return redirect("exams:marking", slug=slug, sitting_id=sitting_id)
