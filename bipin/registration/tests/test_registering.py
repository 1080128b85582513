"""A producer registers a sample on the public page, inside the window and within the rule,
and reads its status with the receipt code it was given."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bipin.audit.models import Record
from bipin.evidence.models import EvidenceFile
from bipin.registration import services
from bipin.registration.models import Registration
from bipin.registration.tests.conftest import FORM, entry, jpeg, registered

pytestmark = pytest.mark.django_db
RECEIPT = re.compile(r'<code id="receipt-code">([A-Z2-9-]{14})</code>')


def post(client, cast, **changes):
    data = {**FORM, "group": cast.groups["整体推进县"].pk, **changes}
    return client.post(reverse("registration:register", args=[cast.contest.slug]), data)


def test_a_producer_registers_and_is_given_a_number_and_a_receipt_code(cast, window, client):
    page = post(client, cast, photos=[jpeg("红富士.jpg"), jpeg("切面.jpg", (30, 40))])
    html = page.content.decode()
    assert page.status_code == 200 and "报名成功" in html and '<dd id="number">001</dd>' in html
    reg = Registration.objects.get()
    assert RECEIPT.search(html).group(1) == reg.receipt
    assert (reg.producer, reg.phone, reg.group.name, str(reg.area), reg.status, reg.channel) == (
        "示例果业合作社", "139-0000-0001", "整体推进县", "12.50", "registered", "online")
    assert [p.name for p in reg.photos.order_by("pk")] == ["红富士.jpg", "切面.jpg"]
    audit = Record.objects.get(action="registration.register")
    assert audit.actor is None and audit.data == {"number": 1, "group": "整体推进县", "photos": 2}


def test_the_status_page_shows_registered_to_the_holder_of_the_code(cast, window, client):
    reg = registered(cast)[0]
    typed = reg.receipt.replace("-", "").lower()
    html = client.get(reverse("registration:status", args=[cast.contest.slug]),
                      {"receipt": typed}).content.decode()
    assert 'data-status="registered"' in html and "已报名" in html and "示例果农1" in html


def test_another_producers_status_is_not_shown_without_its_code_and_guessing_is_slowed(
        cast, window, client):
    mine, theirs = registered(cast, 2)
    url = reverse("registration:status", args=[cast.contest.slug])
    for guess in ("ABCD-EFGH-JKMN", "示例果农2", theirs.receipt[:9], str(theirs.number), "ZZZZ"):
        html = client.get(url, {"receipt": guess}).content.decode()
        assert 'data-status="unknown"' in html and "<dd>示例果农2</dd>" not in html
    slowed = client.get(url, {"receipt": mine.receipt})
    assert slowed.status_code == 429 and "<dd>示例果农1</dd>" not in slowed.content.decode()


def test_a_receipt_code_of_another_contest_opens_nothing_here(cast, window, client):
    reg = registered(cast)[0]
    services.set_window(cast.other_organizer, cast.other_contest, window.opens_at, window.closes_at, 1)
    html = client.get(reverse("registration:status", args=[cast.other_contest.slug]),
                      {"receipt": reg.receipt}).content.decode()
    assert "没有这个查询码的报名" in html


@pytest.mark.parametrize("days", [(-3, -1), (1, 3)])
def test_outside_the_window_nobody_registers(cast, window, client, days):
    now = timezone.now()
    services.set_window(cast.organizer, cast.contest, now + dt.timedelta(days=days[0]),
                        now + dt.timedelta(days=days[1]), 1)
    assert "现在不在报名时间内" in client.get(
        reverse("registration:register", args=[cast.contest.slug])).content.decode()
    html = post(client, cast).content.decode()
    assert "现在不在报名时间内,不能报名" in html and "registration is not open now" in html
    assert not Registration.objects.exists()


def test_a_contest_without_a_window_has_no_public_pages(cast, client):
    assert client.get(reverse("registration:register", args=[cast.contest.slug])).status_code == 404
    assert client.get(reverse("registration:status", args=[cast.contest.slug])).status_code == 404


def test_the_same_producer_cannot_send_a_second_sample_to_one_category(cast, window, client):
    post(client, cast)
    html = post(client, cast, producer=" 示例果业 合作社", phone="13900000001").content.decode()
    assert "“示例果业 合作社”在“整体推进县”组已报 1 个样品,每个报送者每组最多 1 个" in html
    assert "at most 1 per producer and category" in html
    assert Registration.objects.count() == 1
    post(client, cast, group=cast.groups["市直部门"].pk)  # another category
    post(client, cast, phone="139-0000-0002")  # the same name with another phone: another grower
    assert Registration.objects.count() == 3


def test_a_sample_sent_back_frees_its_place_and_the_rule_may_allow_more(cast, window):
    first = services.register(cast.contest, entry(cast))
    services.reject(cast.organizer, first, "果面碰伤")
    services.register(cast.contest, entry(cast))
    with pytest.raises(services.JudgingError):
        services.register(cast.contest, entry(cast))
    services.set_window(cast.organizer, cast.contest, window.opens_at, window.closes_at, 2)
    services.register(cast.contest, entry(cast))
    assert list(Registration.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_a_document_or_a_fourth_photo_is_refused_and_nothing_is_kept(cast, window, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4 fake", content_type="application/pdf")
    html = post(client, cast, photos=[jpeg(), pdf]).content.decode()
    assert "“营业执照.pdf”不是照片(可上传 JPG、PNG、WebP)" in html
    html = post(client, cast, photos=[jpeg(f"{n}.jpg") for n in range(4)]).content.decode()
    assert "一次最多上传 3 个文件,选择了 4 个" in html
    broken = SimpleUploadedFile("坏图.jpg", b"not a jpeg", content_type="image/jpeg")
    html = post(client, cast, photos=[jpeg(), broken]).content.decode()
    assert "坏图.jpg" in html and "未报名" in html
    assert not Registration.objects.exists() and not EvidenceFile.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phone", "call me", "联系电话“call me”不是电话号码"),
    ("area", "0", "果园面积(亩)"),
    ("area", "1.234", "果园面积(亩)"),
    ("producer", "", "报送者(合作社或果农姓名)"),
])
def test_a_bad_field_is_named_and_nothing_is_registered(cast, window, client, field, value, message):
    html = post(client, cast, **{field: value}).content.decode()
    assert "未报名:请按下列提示修改" in html and message in html
    assert not Registration.objects.exists()


def test_a_cooperative_registers_a_villages_samples_from_one_wifi_without_waiting(cast, window, client):
    url = reverse("registration:register", args=[cast.contest.slug])
    group = cast.contest.groups.get(name="整体推进县")
    for n in range(1, 13):
        answer = client.post(url, {"producer": f"示例合作社社员{n}", "contact": "示例联络人",
                                   "phone": f"1380000{n:04d}", "group": group.pk, "variety": "示例红富士",
                                   "origin": "示例东村", "area": "3.5"})
        assert answer.status_code == 200 and "registration/registered.html" in [t.name for t in answer.templates]
