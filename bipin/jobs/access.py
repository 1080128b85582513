"""Who may watch or cancel a job: the organizers of its contest, nobody else.

A job of another contest does not exist for them (404), as its data does not.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from bipin.contests.access import organizer_contest
from bipin.jobs.models import Job


def job_for_organizer(user, slug: str, job_id: int) -> Job:
    contest = organizer_contest(user, slug)
    return get_object_or_404(Job.objects.defer("data"), contest=contest, pk=job_id)
