"""The page that shows a job's progress, its poll and its cancel button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bipin.downloads import content_disposition
from bipin.jobs import access, files, services
from bipin.jobs.status import status_of


@login_required
@require_GET
def job(request, slug: str, job_id: int):
    found = access.job_for_organizer(request.user, slug, job_id)
    if services.revive_stalled([found]):
        found.refresh_from_db()
    return render(request, "jobs/job.html", {"contest": found.contest, "job": found,
                                             "state": status_of(found), "phrases": phrases()})


@login_required
@require_GET
def job_status(request, slug: str, job_id: int):
    found = access.job_for_organizer(request.user, slug, job_id)
    # A watched job whose worker stopped is queued again here, so a restart
    # does not leave the page waiting for nobody.
    if services.revive_stalled([found]):
        found.refresh_from_db()
    return JsonResponse(status_of(found), headers={"Cache-Control": "no-store"})


@login_required
@require_GET
def download(request, slug: str, job_id: int):
    """The file a finished job made (a ZIP of report cards)."""
    found = access.job_for_organizer(request.user, slug, job_id)
    path = files.output(found) if found.status == found.Status.DONE else None
    if path is None:
        raise Http404("no file")
    response = FileResponse(path.open("rb"), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(found.outcome.get("file", "bipin.zip"))
    return response


@login_required
@require_POST
def cancel(request, slug: str, job_id: int):
    found = services.cancel(access.job_for_organizer(request.user, slug, job_id))
    if found.status == found.Status.CANCELLED:
        messages.info(request, _("任务已取消,未保存任何结果。"))
    elif found.finished:
        messages.info(request, _("任务已结束,无法取消。"))
    else:
        messages.info(request, _("正在取消任务……"))
    return redirect("jobs:job", slug=slug, job_id=found.pk)


def phrases() -> dict[str, str]:
    return {"left_ms": _("约剩 {m} 分 {s} 秒"), "left_s": _("约剩 {s} 秒")}
