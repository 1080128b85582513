"""A large household list, read, checked and saved by a background job (bipin.jobs)."""

from __future__ import annotations

from django.urls import reverse

from bipin.campaigns.households import plan_households, save_households
from bipin.jobs.kinds import JobKind

IMPORT = "campaigns.import"


def _import(job, progress) -> dict:
    p = job.params
    campaign = job.contest.campaign
    progress.stage("检查文件", "checking the file")
    planned = plan_households(campaign, bytes(job.data), p["filename"], p.get("sheet"))
    progress.stage("写入农户", "saving the households", total=len(planned), unit="户")
    saved = save_households(job.created_by, campaign, planned, p["filename"], progress)
    return {"households": saved}


def _households(job) -> str:
    return reverse("campaigns:households", args=[job.contest.slug])


JOBS = {IMPORT: JobKind(run=_import, done_url=_households, back_url=_households)}
