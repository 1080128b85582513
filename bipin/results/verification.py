"""The notice's 核验数据: a released snapshot as a ``bipin-snapshot-v1`` record.

The record itself is built by :mod:`bipin.io.snapshot_record` from what the
snapshot stored (its inputs and evaluation) and the scheme file it was
computed with; this module only gathers those from the database.
"""

from __future__ import annotations

from bipin.io.snapshot_record import build_record, canonical_bytes
from bipin.results.models import Release


def verification_record(release: Release) -> dict:
    snapshot = release.snapshot
    version = snapshot.scheme_version
    if version is None:
        # The scheme version is kept while any snapshot points at it; a deleted
        # one leaves nothing to recompute with.
        raise LookupError("the snapshot's scheme is gone")
    return build_record(
        contest=release.contest.name,
        release={"title": release.title, "released_at": release.released_at.isoformat()},
        snapshot={"number": snapshot.number, "label": f"第{snapshot.number}版 · {snapshot.short_hash}",
                  "input_hash": snapshot.input_hash},
        scheme_content=bytes(version.content), scheme_filename=version.filename,
        inputs=snapshot.inputs, evaluation=snapshot.evaluation)


def record_file(release: Release) -> bytes:
    """The record's canonical bytes: exactly what is downloaded and hashed."""
    return canonical_bytes(verification_record(release))


def verify_text() -> dict[str, str]:
    """What verify.js says, in the page's language (%(name)s filled in by the script)."""
    from django.utils.translation import gettext as _

    return {
        "hash_ok": _("文件 SHA-256 = %(h)s,与本页公布的一致(文件未被改动)"),
        "hash_bad": _("文件 SHA-256 = %(h)s,与本页公布的 %(p)s 不同:这不是公示的核验数据,或已被改动"),
        "format_bad": _("不是核验数据(格式应为 %(f)s)"),
        "scheme_ok": _("考评方案“%(f)s”的 SHA-256 = %(h)s,与记录一致"),
        "scheme_bad": _("考评方案“%(f)s”的 SHA-256 = %(h)s,与记录不符"),
        "entrants_ok": _("%(n)s 个参评对象全部一致:%(nodes)s 个指标合计、%(panels)s 项评委组汇总、各组名次"),
        "entrants_bad": _("%(n)s 个参评对象中 %(bad)s 个不一致(见下表)"),
        "skipped": _("%(n)s 项评委组汇总含多轮、缺评或宽严调整,浏览器未重算;请用 bipin verify-snapshot 复核"),
        "total_sum": _("总分 %(p)s ≠ 各维度之和 %(s)s"),
        "node_sum": _("“%(item)s” %(p)s ≠ 其下各项之和 %(s)s"),
        "panel_value": _("“%(item)s”评委组汇总公布为 %(p)s,按评分重算为 %(r)s"),
        "panel_criterion": _("“%(item)s”评分项“%(c)s”公布为 %(p)s,按评分重算为 %(r)s"),
        "key_total": _("排名依据的首项 %(k)s 与总分不符"),
        "rank": _("名次公布为 %(p)s,按排名依据重算为 %(r)s"),
        "verdict_ok": _("✓ 本浏览器的核验全部通过"),
        "verdict_bad": _("✗ 核验发现不一致"),
        "not_json": _("无法读取:不是有效的 JSON。"),
        "load_failed": _("无法下载核验数据,请刷新页面重试。"),
        "col_group": _("组别"),
        "col_entrant": _("参评对象"),
        "col_total": _("总分"),
        "col_rank": _("名次"),
        "col_check": _("核验"),
    }
