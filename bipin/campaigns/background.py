"""A large household list or sheet of answers, read, checked and saved by a background job (bipin.jobs)."""

from __future__ import annotations

from django.urls import reverse

from bipin.campaigns.answers import plan_answers, save_answers
from bipin.campaigns.households import plan_households, save_households
from bipin.jobs.kinds import JobKind

IMPORT, SCORE = "campaigns.import", "campaigns.score"


def _import(job, progress) -> dict:
    p = job.params
    campaign = job.contest.campaign
    progress.stage("检查文件", "checking the file")
    planned = plan_households(campaign, bytes(job.data), p["filename"], p.get("sheet"))
    progress.stage("写入农户", "saving the households", total=len(planned), unit="户")
    saved = save_households(job.created_by, campaign, planned, p["filename"], progress)
    return {"households": saved}


def _score(job, progress) -> dict:
    """The organizer's sheet of answers: checked and rated (stoppable), then saved in one transaction."""
    p = job.params
    if job.checkpoint.get("saved") is not None:  # saved before the server stopped: not twice
        return {"households": job.checkpoint["saved"]}
    campaign = job.contest.campaign
    progress.stage("读取文件", "reading the file")
    planned = plan_answers(campaign, bytes(job.data), p["filename"], sheet=p.get("sheet"), progress=progress)
    return {"households": save_answers(job.created_by, campaign, planned, p["filename"], progress)}


def _scores(job) -> str:
    return reverse("campaigns:scores", args=[job.contest.slug])


def _households(job) -> str:
    return reverse("campaigns:households", args=[job.contest.slug])


JOBS = {IMPORT: JobKind(run=_import, done_url=_households, back_url=_households),
        SCORE: JobKind(run=_score, done_url=_scores, back_url=_scores)}
