"""The kinds of background work, found in the apps that do it.

An app offers work by a ``background`` module with ``JOBS = {kind: JobKind}``
(bipin.contests.extensions): the results app imports and computes; later apps
add their own kinds without this app knowing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from bipin.contests.extensions import app_modules

if TYPE_CHECKING:
    from bipin.jobs.models import Job
    from bipin.jobs.progress import Progress


@dataclass(frozen=True)
class JobKind:
    # Does the work and returns what the page links to when it is done. Called
    # again from the start after a restart: it reads its own checkpoint
    # (job.checkpoint) to skip what is already saved.
    run: Callable[[Job, Progress], dict]
    # Where the user goes when the job is done (and where a cancelled or failed
    # job sends them back to).
    done_url: Callable[[Job], str]
    back_url: Callable[[Job], str]


@cache
def registry() -> dict[str, JobKind]:
    found: dict[str, JobKind] = {}
    for _name, module in app_modules("background"):
        found.update(module.JOBS)
    return found


def kind_of(job: Job) -> JobKind:
    return registry()[job.kind]
