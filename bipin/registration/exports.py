"""The registration list as a workbook, with each sample's measurements (never its code)."""

from __future__ import annotations

import io

from bipin.evidence.provenance import stamp
from bipin.io.cells import append_row
from bipin.registration.models import Channel, Measure, Registration, Status, shown

HEAD = ["报名号", "报送者", "联系人", "联系电话", "组别", "品种", "产地", "果园面积(亩)", "报名方式",
        "状态", "退样原因", "报名时间"]


def registrations_book(contest) -> bytes:
    from openpyxl import Workbook

    measures = list(Measure.objects.filter(contest=contest))
    book = Workbook()
    sheet = book.active
    sheet.title = "报名名单"
    append_row(sheet, [*HEAD, *(str(m) for m in measures)])
    found = (Registration.objects.filter(contest=contest).select_related("group")
             .prefetch_related("measurements").order_by("number"))
    for r in found:
        values = {m.measure_id: shown(m.value) for m in r.measurements.all()}
        append_row(sheet, [r.label, r.producer, r.contact, r.phone, r.group.name, r.variety,
                           r.origin, shown(r.area), str(Channel(r.channel).label), str(Status(r.status).label),
                           r.reason, stamp(r.registered_at), *(values.get(m.pk, "") for m in measures)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
