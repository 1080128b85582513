"""At the venue the organizer receives samples or sends them back with a reason, then
generates random blind codes for the received ones and prints labels and the sealed key."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from bipin.audit.models import Record
from bipin.contests.models import Entrant
from bipin.judging.refs import naming
from bipin.registration import coding, services
from bipin.registration.models import Registration
from bipin.registration.tests.conftest import registered

pytestmark = pytest.mark.django_db


def url(cast, name, *args):
    return reverse(f"registration:{name}", args=[cast.contest.slug, *args])


def text_of(answer) -> str:
    assert answer["Content-Type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)


def test_the_organizer_finds_a_sample_by_number_or_producer_and_receives_it(cast, window, client_as):
    regs = registered(cast, 12)
    client = client_as("organizer")
    page = client.get(url(cast, "receiving"), {"q": "007"}).content.decode()
    assert 'data-number="007"' in page and 'data-number="001"' not in page
    page = client.get(url(cast, "receiving"), {"q": "果农1"}).content.decode()
    assert [n for n in ("001", "010", "011", "012", "002") if f'data-number="{n}"' in page] == [
        "001", "010", "011", "012"]
    answer = client.post(url(cast, "receive", regs[6].pk), {"back": "receiving", "q": "007"}, follow=True)
    assert answer.redirect_chain[-1][0].endswith("/receiving/?q=007")
    assert "007 号样品已收样" in answer.content.decode()
    regs[6].refresh_from_db()
    assert regs[6].status == "received" and regs[6].checked_by == cast.organizer
    assert Record.objects.get(action="registration.receive").data == {"number": 7, "before": "registered"}


def test_a_sample_is_sent_back_only_with_its_reason_which_its_producer_reads(cast, window, client_as,
                                                                             client):
    reg = registered(cast)[0]
    organizer = client_as("organizer")
    page = organizer.post(url(cast, "reject", reg.pk), {"reason": "  "}, follow=True).content.decode()
    assert "退样必须写明原因 / a rejected sample needs its reason" in page
    reg.refresh_from_db()
    assert reg.status == "registered"
    organizer.post(url(cast, "reject", reg.pk), {"reason": "果面有明显碰伤"})
    client.logout()
    html = client.get(url(cast, "status"), {"receipt": reg.receipt}).content.decode()
    assert 'data-status="rejected"' in html and "退样原因:果面有明显碰伤" in html


def test_blind_codes_go_to_the_received_samples_only_and_say_nothing_of_their_order(cast, window):
    regs = registered(cast, 6)
    for reg in regs[:5]:
        services.receive(cast.organizer, reg)
    before = set(Entrant.objects.values_list("pk", flat=True))
    assert coding.generate_codes(cast.organizer, cast.contest) == 5
    coded = Registration.objects.filter(entrant__isnull=False).select_related("entrant", "group")
    assert sorted(r.number for r in coded) == [1, 2, 3, 4, 5]
    assert all(r.entrant.group == r.group and r.entrant.name == r.producer for r in coded)
    codes = list(Entrant.objects.values_list("code", flat=True))
    assert len(set(codes)) == len(codes) == len(before) + 5 and all(len(c) == 4 for c in codes)
    assert naming(cast.contest).hidden
    audit = Record.objects.get(action="registration.codes")
    assert audit.data == {"coded": 5, "new": 5} and "示例果农" not in str(audit.data)
    # A second run before any sheet draws new codes and makes no new entrants.
    first = {r.pk: r.entrant.code for r in coded}
    coding.generate_codes(cast.organizer, cast.contest)
    assert Entrant.objects.count() == len(before) + 5
    again = {r.pk: r.entrant.code for r in Registration.objects.filter(entrant__isnull=False)
             .select_related("entrant")}
    assert again.keys() == first.keys()


def test_codes_are_not_regenerated_once_a_judge_has_a_sheet(cast, window, client_as):
    from bipin.judging import services as judging

    reg = registered(cast)[0]
    services.receive(cast.organizer, reg)
    coding.generate_codes(cast.organizer, cast.contest)
    reg.refresh_from_db()
    panel = judging.create_panel(cast.organizer, cast.contest, item="taste", name="感官评价",
                                 criteria=[{"id": "风味", "max": 10}])
    judging.seat_judge(cast.organizer, panel, cast.judge)
    judging.submit_sheet(cast.judge, panel, reg.entrant, key="key-00000001", marks={"风味": 8})
    code = Entrant.objects.get(pk=reg.entrant_id).code
    page = client_as("organizer").post(url(cast, "codes"), follow=True).content.decode()
    assert "已有评分表,不能再重新生成编号" in page
    assert Entrant.objects.get(pk=reg.entrant_id).code == code
    assert Record.objects.filter(action="registration.codes").count() == 1


def test_nothing_is_coded_before_a_sample_is_received_and_a_coded_one_keeps_its_status(cast, window):
    reg = registered(cast)[0]
    with pytest.raises(services.JudgingError) as refused:
        coding.generate_codes(cast.organizer, cast.contest)
    assert refused.value.problems[0].zh == "还没有收样的样品,无法生成盲评编号"
    services.receive(cast.organizer, reg)
    coding.generate_codes(cast.organizer, cast.contest)
    reg.refresh_from_db()
    with pytest.raises(services.JudgingError) as refused:
        services.reject(cast.organizer, reg, "腐烂")
    assert "已有盲评编号,收样状态不能再改" in refused.value.problems[0].zh


def test_labels_carry_only_codes_and_the_key_sheet_names_each_producer(cast, window, client_as):
    regs = registered(cast, 3)
    for reg in regs:
        services.receive(cast.organizer, reg)
    coding.generate_codes(cast.organizer, cast.contest)
    codes = [r.entrant.code for r in Registration.objects.select_related("entrant")]
    client = client_as("organizer")
    labels = text_of(client.get(url(cast, "labels"), {"copies": "2"}))
    assert all(labels.count(c) == 2 for c in codes) and "示例果农" not in labels
    assert "整体推进县" in labels
    key = text_of(client.get(url(cast, "key")))
    assert "盲评编号对应表" in key and "密封" in key
    assert all(c in key for c in codes) and all(f"示例果农{i}" in key for i in (1, 2, 3))
