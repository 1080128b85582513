"""Domain functions of the results app; each writes its audit record in the
same transaction as its change."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from bipin.audit import digests
from bipin.audit.chain import record
from bipin.contests.models import Contest
from bipin.db import bulk
from bipin.io import ImportFailed, Problem
from bipin.results import engine
from bipin.results.imports import plan_repeats, validate_observations
from bipin.results.models import ImportBatch, ImportedObservation, Release, Snapshot, Supersession
from bipin.scoring.version import OUTPUT_VERSION


def import_observations(actor, contest: Contest, data: bytes, filename: str, *,
                        sheet: str | None = None, correction: bool = False,
                        reason: str = "") -> ImportBatch:
    """Store every row of an observation file as one batch, or nothing if any row is wrong.

    A value given again for an entrant and item is refused, unless this is a
    correction (with its reason) or the leaf says ``on_repeat: replace``:
    then the earlier rows are kept and marked superseded by the new ones, and
    the audit record lists each key's old and new values.
    """
    reason = _correction_reason(correction, reason, filename)
    plan = validate_observations(contest, data, filename, sheet=sheet, correction=correction)
    with transaction.atomic():
        _lock_imports(contest)
        plan_repeats(contest, plan, correction=correction)
        batch = _new_batch(actor, contest, data, filename, plan, correction, reason, ImportBatch.Status.ACTIVE)
        rows = ImportedObservation.objects.bulk_create(
            [ImportedObservation(batch=batch, **row) for row in plan.rows])
        supersessions = _supersede(plan, rows)
        record("observations.import", contest=contest, actor=actor, target=filename,
               data=_import_details(batch, plan, rows, correction),
               reason=reason, saved=[batch, *rows, *supersessions])
    return batch


# Rows saved per transaction by a background import: each is a short write,
# so judges' sheets and other writers are not held up behind a whole file.
CHUNK_ROWS = 20_000


def import_observations_in_steps(actor, contest: Contest, data: bytes, filename: str, progress, *,
                                 sheet: str | None = None, correction: bool = False,
                                 reason: str = "") -> ImportBatch:
    """The same import for a long file, in steps a background job can show, stop and resume.

    The rows are saved in chunks into a batch marked 导入中 (pending), which
    nothing counts; each chunk has its audit record and the job's checkpoint
    in its transaction. The last step checks the repeats again under the
    contest's import lock and makes the batch count, in one transaction. A
    cancelled import leaves its batch withdrawn, its rows kept for the record.
    ``progress`` is a bipin.jobs Progress; its checkpoint holds the batch.
    """
    from bipin.jobs.progress import Cancelled

    reason = _correction_reason(correction, reason, filename)
    progress.stage("检查文件", "checking the file")
    plan = validate_observations(contest, data, filename, sheet=sheet, correction=correction)
    batch_id = progress.job.checkpoint.get("batch")
    if batch_id is None:
        with transaction.atomic():
            batch = _new_batch(actor, contest, data, filename, plan, correction, reason,
                               ImportBatch.Status.PENDING)
            record("observations.import_start", contest=contest, actor=actor, target=filename,
                   data={"batch": batch.pk, "rows": batch.row_count, "sha256": batch.sha256},
                   reason=reason, saved=[batch])
            progress.save_checkpoint(batch=batch.pk)
    else:
        batch = ImportBatch.objects.get(pk=batch_id, contest=contest, status=ImportBatch.Status.PENDING)
    try:
        written = batch.rows.count()
        progress.stage("写入数据", "saving the rows", total=len(plan.rows), unit="行", done=written)
        for start in range(written, len(plan.rows), CHUNK_ROWS):
            chunk = plan.rows[start:start + CHUNK_ROWS]
            with transaction.atomic():
                digested = _append_rows(batch, chunk)
                record("observations.import_rows", contest=contest, actor=actor, target=filename,
                       data={"batch": batch.pk, "from": start + 1, "to": start + len(chunk)},
                       digested={digests.label(ImportedObservation): digested})
                progress.save_checkpoint(written=start + len(chunk))
            progress.reached(start + len(chunk))
        progress.stage("生效", "making the values count", total=len(plan.rows), unit="行",
                       done=len(plan.rows))
        with transaction.atomic():
            _lock_imports(contest)
            if not ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING).exists():
                raise ImportFailed([Problem("该批数据已被撤回,未生效", "the batch was withdrawn; nothing counts",
                                            file=filename)])
            plan_repeats(contest, plan, correction=correction)
            rows = list(batch.rows.select_related("entrant").order_by("row_number")) if plan.replaces else []
            supersessions = _supersede(plan, rows)
            batch.status, batch.uploaded_at = ImportBatch.Status.ACTIVE, timezone.now()
            batch.save(update_fields=["status", "uploaded_at"])
            record("observations.import", contest=contest, actor=actor, target=filename,
                   data=_import_details(batch, plan, rows, correction),
                   reason=reason, saved=[batch, *supersessions])
            progress.check()
    except Exception as exc:
        # Failed or stopped: the batch never counts, and says why. After a
        # restart the job resumes this batch instead (nothing reaches here).
        why = "导入任务已取消 / import cancelled" if isinstance(exc, Cancelled) else "导入未完成 / import failed"
        _abandon(actor, batch, why)
        raise
    return batch


def _append_rows(batch: ImportBatch, chunk: list[dict]) -> dict[str, str]:
    """Save a chunk of planned rows by the bulk path; ``{pk: digest}`` of each for the audit."""
    names = bulk.columns(ImportedObservation)
    values = [{**row, "entrant_id": row["entrant"].pk, "batch_id": batch.pk} for row in chunk]
    bulk.append(ImportedObservation, [tuple(v[n] for n in names) for v in values])
    ids = dict(batch.rows.filter(row_number__gte=chunk[0]["row_number"],
                                 row_number__lte=chunk[-1]["row_number"])
               .values_list("row_number", "id"))
    return {str(ids[v["row_number"]]): digests.digest(ImportedObservation, {**v, "id": ids[v["row_number"]]})
            for v in values}


def _correction_reason(correction: bool, reason: str, filename: str) -> str:
    reason = reason.strip()
    if correction and not reason:
        raise ImportFailed([Problem("更正导入须填写更正原因", "a correction needs a reason",
                                    file=filename)])
    return reason


def _lock_imports(contest: Contest) -> None:
    # One import of a contest at a time: the earlier values checked by
    # plan_repeats cannot change before this batch counts.
    Contest.objects.select_for_update().only("pk").get(pk=contest.pk)


def _new_batch(actor, contest, data, filename, plan, correction, reason, status) -> ImportBatch:
    return ImportBatch.objects.create(
        contest=contest, filename=filename, sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(plan.rows), uploaded_by=actor, is_correction=correction, reason=reason,
        status=status)


def _supersede(plan, rows: list[ImportedObservation]) -> list[Supersession]:
    return Supersession.objects.bulk_create(
        [Supersession(old=old, new=rows[index])
         for index, olds in plan.replaces.items() for old in olds])


def _import_details(batch, plan, rows, correction) -> dict:
    details = {"batch": batch.pk, "rows": batch.row_count, "sha256": batch.sha256}
    if correction:
        details["correction"] = True
    if plan.replaces:
        details["replaced"] = _replaced(plan, rows)
    return details


def _abandon(actor, batch: ImportBatch, why: str) -> None:
    with transaction.atomic():
        updated = (ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PENDING)
                   .update(status=ImportBatch.Status.WITHDRAWN, withdrawn_at=timezone.now(),
                           withdrawn_by=actor, withdraw_reason=why))
        if updated:
            batch.refresh_from_db()
            record("observations.withdraw", contest=batch.contest, actor=actor, target=batch.filename,
                   data={"batch": batch.pk, "rows": batch.rows.count()}, reason=why, saved=[batch])


def _replaced(plan, rows: list[ImportedObservation]) -> list[dict]:
    """Each replaced key with its old and new values and rows, for the audit record."""
    new_rows: dict[tuple, list[ImportedObservation]] = {}
    for index, row in enumerate(rows):
        key = plan.key(index)
        if key is not None:
            new_rows.setdefault(key, []).append(row)
    out = []
    for index, olds in plan.replaces.items():
        row = rows[index]
        news = new_rows[plan.key(index)]
        out.append({"entrant": row.entrant.name, "item": row.item, "judge": row.judge,
                    "round": row.round, "old": [o.value for o in olds], "new": [n.value for n in news],
                    "old_rows": [f"{o.batch_id}:{o.row_number}" for o in olds],
                    "new_rows": [f"{n.batch_id}:{n.row_number}" for n in news]})
    return out


CORRECTION_HEADER = ["参评对象", "来源", "指标", "评委", "分值", "轮次", "系数", "类别", "严重程度"]


def current_value(row: ImportedObservation) -> bool:
    """Whether ``row`` is a value that counts now: its batch active and no active correction of it."""
    return (row.batch.status == ImportBatch.Status.ACTIVE
            and not Supersession.objects.filter(old=row, new__batch__status=ImportBatch.Status.ACTIVE)
                                        .exists())


def correct_value(actor, row: ImportedObservation, value: str, reason: str) -> ImportBatch:
    """Replace one imported value on its own: a one-row correction batch that supersedes it.

    The row goes through the import's own checks (the value's range for its
    leaf, the reason) and its supersession path, so the audit record says
    old -> new, why and who. Only a value that counts now can be corrected,
    and only a value leaf's (a finding or other record is an event: it is
    withdrawn with its batch, never replaced).
    """
    filename = f"更正-批次{row.batch_id}-第{row.row_number}行.csv"
    if not current_value(row):
        raise ImportFailed([Problem("这个值已被撤回或已更正,请更正当前有效的值",
                                    "this value was withdrawn or already corrected; correct the current one")])
    buffer = io.StringIO()
    csv.writer(buffer).writerows([CORRECTION_HEADER, [
        row.entrant.name, row.source, row.item, row.judge, value.strip(), row.round,
        f"{row.factor:g}", row.category, row.severity]])
    data = buffer.getvalue().encode("utf-8")
    plan = validate_observations(row.batch.contest, data, filename, correction=True)
    if row not in plan.replaces.get(0, []):
        raise ImportFailed([Problem("这一行是一条记录(如核查问题、加减分事项),不能单独更正;请撤回其批次后重新导入",
                                    "this row is a record (a finding, a bonus or deduction), not a value; "
                                    "withdraw its batch and import again")])
    return import_observations(actor, row.batch.contest, data, filename, correction=True, reason=reason)


@transaction.atomic
def withdraw_batch(actor, batch: ImportBatch, reason: str) -> ImportBatch:
    """Take a batch out of future computations; its rows stay for the record."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a withdrawal needs a reason")
    if batch.status == ImportBatch.Status.WITHDRAWN:
        raise ValueError("batch already withdrawn")
    if batch.status == ImportBatch.Status.PENDING:
        raise ValueError("batch still being imported: cancel its job instead")
    batch.status = ImportBatch.Status.WITHDRAWN
    batch.withdrawn_by, batch.withdrawn_at, batch.withdraw_reason = actor, timezone.now(), reason
    batch.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdraw_reason"])
    record("observations.withdraw", contest=batch.contest, actor=actor, target=batch.filename,
           data={"batch": batch.pk, "rows": batch.row_count}, reason=reason, saved=[batch])
    return batch


def latest_snapshot(contest: Contest) -> Snapshot | None:
    return contest.snapshots.order_by("-number").first()


def compute_snapshot(actor, contest: Contest, progress=None) -> tuple[Snapshot, bool]:
    """Evaluate the current inputs; a new snapshot only when the inputs changed.

    Returns the snapshot and whether it is new. Recomputing unchanged inputs
    gives the same hash, so the last snapshot already holds these figures
    (and a background computation run again after a restart saves nothing twice),
    unless an engine of another output version made it (bipin.scoring.version).
    """
    result = engine.compute(contest, progress)
    if progress is not None:
        progress.stage("保存快照", "saving the snapshot")
    try:
        with transaction.atomic():
            # Lock the contest row: two organizers computing at once get numbers 1 and 2.
            Contest.objects.select_for_update().only("pk").get(pk=contest.pk)
            # Its hash is all that is compared: a campaign's snapshot is a gigabyte of JSON.
            last = (Snapshot.objects.filter(contest=contest).defer("evaluation", "inputs")
                    .order_by("-number").first())
            if (last is not None and last.input_hash == result.input_hash
                    and last.engine == OUTPUT_VERSION):
                return last, False
            number = (contest.snapshots.aggregate(m=Max("number"))["m"] or 0) + 1
            snapshot = Snapshot.objects.create(
                contest=contest, number=number, input_hash=result.input_hash,
                scheme_version=result.scheme_version, scheme_sha256=result.inputs["scheme"],
                evaluation=result.evaluation, inputs=result.inputs, engine=OUTPUT_VERSION,
                computed_by=actor)
            record("results.compute", contest=contest, actor=actor, target=f"snapshot {number}",
                   data={"number": number, "hash": result.input_hash,
                         "observations": len(result.inputs["observations"])}, saved=[snapshot])
            if progress is not None:
                progress.check()  # cancelled while scoring: no snapshot
    except DatabaseError as exc:
        if any(words in str(exc) for words in TOO_LARGE):
            raise SnapshotTooLarge(len(result.inputs["entrants"]), len(result.inputs["observations"])) from exc
        raise
    return snapshot, True


# What PostgreSQL says of a value over its 1 GB limit: a snapshot is stored
# compressed (bipin.db.packed), which puts that some millions of entrants away.
TOO_LARGE = ("invalid memory alloc request size", "exceeds the maximum")


class SnapshotTooLarge(ValueError):
    """The snapshot is larger than the database stores in one value; nothing was saved."""

    def __init__(self, entrants: int, observations: int):
        self.message_zh = (f"快照过大,数据库无法保存({entrants} 个参评对象、{observations} 条数据,"
                           "压缩后仍超过 PostgreSQL 单个值 1 GB 的上限),未保存任何结果;"
                           "请用 bipin compute 在本机计算,或改用 SQLite")
        self.message_en = (f"the snapshot is too large for the database ({entrants} entrants, "
                           f"{observations} values: over PostgreSQL's 1 GB for one value even compressed); nothing "
                           "was saved. Compute it with `bipin compute`, or on SQLite")
        super().__init__(self.message_en)


def current_release(contest: Contest) -> Release | None:
    return contest.releases.order_by("-released_at", "-pk").first()


@transaction.atomic
def release_results(actor, snapshot: Snapshot, title: str) -> Release:
    """Lift the embargo: entrants may now read this snapshot's report cards."""
    title = title.strip() or str(snapshot.label)
    release = Release.objects.create(contest=snapshot.contest, snapshot=snapshot, title=title,
                                     released_by=actor)
    record("results.release", contest=snapshot.contest, actor=actor, target=title,
           data={"snapshot": snapshot.number, "hash": snapshot.input_hash}, saved=[release])
    return release


@transaction.atomic
def publish_notice(actor, release: Release, *, start: dt.date | None, end: dt.date | None,
                   contact: str, published: bool = True) -> Release:
    """Set the public notice (公示) of a release: its period and where to object."""
    if start and end and end < start:
        raise ValueError("notice ends before it starts")
    release.notice_start, release.notice_end = start, end
    release.notice_contact, release.notice_published = contact.strip(), published
    release.save(update_fields=["notice_start", "notice_end", "notice_contact", "notice_published"])
    record("results.notice", contest=release.contest, actor=actor, target=release.title,
           data={"published": published, "start": start, "end": end, "contact": release.notice_contact},
           saved=[release])
    return release
