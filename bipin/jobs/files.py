"""Files a job makes (a ZIP of report cards): kept in the job's own folder under
MEDIA_ROOT, handed out only through the job's download (organizers of its contest)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from django.conf import settings

from bipin.jobs.models import Job


def job_folder(job: Job, *parts: str) -> Path:
    folder = Path(settings.MEDIA_ROOT, "jobs", str(job.pk), *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pack(job: Job, files: list[tuple[Path, str]], progress) -> Path:
    """ZIP ``files`` (path, name inside) as the job's output; PDFs are stored as
    they are (they are compressed already). Written under a temporary name, then renamed."""
    target = job_folder(job) / "output.zip"
    partial = target.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for count, (path, inside) in enumerate(files, 1):
            archive.write(path, inside)
            progress.reached(count)
    partial.replace(target)
    return target


def output(job: Job) -> Path | None:
    path = Path(settings.MEDIA_ROOT, "jobs", str(job.pk), "output.zip")
    return path if path.is_file() else None


def remove(job: Job) -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT, "jobs", str(job.pk)), ignore_errors=True)
