"""The one queue task: run a job by its id (the queue carries nothing else)."""

from django_tasks import task

from bipin.jobs import runner


@task()
def run_job(job_id: int) -> None:
    runner.run(job_id)
