"""The public's form: only when the organizer allows it, no login, throttled,
showing nobody else's objection; the filer's name and phone are never shown in full."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bipin.audit.models import Record
from bipin.objections import services
from bipin.objections.models import Objection

pytestmark = pytest.mark.django_db


def url(cast, entrant=None) -> str:
    base = reverse("objections:public", args=[cast.contest.slug])
    return f"{base}?entrant={entrant.pk}" if entrant else base


def form(cast, **fields) -> dict:
    return {"entrant": cast.entrants["北原县"].pk, "public_name": "张三",
            "public_phone": "13912345678", "about": "total", "reasons": "排名与实际不符", **fields}


def test_anonymous_cannot_file_when_public_filing_is_off(cast, notice, client):
    assert client.get(url(cast)).status_code == 404
    assert client.post(url(cast), form(cast)).status_code == 404
    with pytest.raises(services.JudgingError) as refused:
        services.file_objection(None, notice, cast.entrants["北原县"], about="total", reasons="x",
                                public_name="张三", public_phone="13912345678")
    assert refused.value.status == 404
    assert not Objection.objects.exists()


def test_a_member_of_the_public_files_without_logging_in(cast, public, client):
    response = client.post(url(cast), form(cast))
    assert response.status_code == 302
    o = Objection.objects.get()
    assert (o.filed_by, o.public_name, o.public_phone, o.entrant.name) == (
        None, "张三", "13912345678", "北原县")
    followed = client.get(response.url).content.decode()
    assert f"异议已收到,编号 #{o.pk}" in followed
    # The audit record names the filer masked only.
    filed = Record.objects.get(action="objection.file")
    assert filed.data["public"] == "张*" and filed.data["phone"] == "139****5678"
    assert "13912345678" not in str(filed.data)


def test_the_public_form_shows_no_one_elses_objection(cast, public, client, objection):
    text = client.get(url(cast, cast.entrants["南川县"])).content.decode()
    assert objection.reasons not in text and "收到异议" not in text and "已收到" not in text


def test_a_public_filer_needs_a_name_and_a_real_phone(cast, public, client):
    response = client.post(url(cast), form(cast, public_phone="call me"))
    assert response.status_code == 400 and "有效的联系电话" in response.content.decode()
    response = client.post(url(cast), form(cast, public_name=""))
    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_the_public_form_is_throttled_by_address(cast, public, client):
    codes = [client.post(url(cast), form(cast, reasons=f"第{n}次")).status_code for n in range(6)]
    assert codes == [302] * 5 + [429]
    assert Objection.objects.count() == 5
    assert client.post(url(cast), form(cast), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_public_picks_the_unit_first(cast, public, client):
    text = client.get(url(cast)).content.decode()
    assert 'id="pick-entrant"' in text and 'id="file-objection"' not in text
    text = client.get(url(cast, cast.entrants["北原县"])).content.decode()
    assert 'id="file-objection"' in text and "北原县" in text


def test_the_organizer_sees_the_phone_and_the_list_does_not(cast, public, client, client_as):
    client.post(url(cast), form(cast))
    o = Objection.objects.get()
    organizer = client_as("organizer")
    assert "13912345678" in organizer.get(
        reverse("objections:detail", args=[cast.contest.slug, o.pk])).content.decode()
    listed = organizer.get(reverse("objections:list", args=[cast.contest.slug])).content.decode()
    assert "13912345678" not in listed and "张三" not in listed


def test_the_public_picks_only_what_the_notice_shows_everyone(cast, public, client):
    north = cast.entrants["北原县"]
    text = client.get(url(cast, north)).content.decode()
    assert "总分" in text and ">工作落实 " in text
    assert "工作落实 › 实地核查" not in text and "核查问题" not in text
    for about in ("node:实地核查", f"finding:{cast.findings['北原县'].pk}"):
        assert client.post(url(cast), form(cast, about=about)).status_code == 400
        with pytest.raises(services.JudgingError):
            services.file_objection(None, public, north, about=about, reasons="x",
                                    public_name="张三", public_phone="13912345678")
    assert client.post(url(cast), form(cast, about="node:工作落实")).status_code == 302
