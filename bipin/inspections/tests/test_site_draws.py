"""The organizer draws which villages a team visits, so the county cannot know
them in advance; afterwards anyone who may see the visit can check the draw.

The expected order is worked out by hand with sha256sum (docs/draw.md):
``printf 'field-seed-1\\n["7","42"]\\n<name>' | sha256sum`` for each candidate,
keys ascending: 王家户 19f8…, 李家村 5ead…, 河湾村 7bd2…, 石桥村 9de4…, 东岭村 cecd….
"""

import json

import pytest

from bipin.audit.models import Record
from bipin.inspections import setup, sitedraws
from bipin.inspections.models import SiteDraw, Visit
from bipin.judging.services import JudgingError
from bipin.scoring.draw import verify_record

CANDIDATES = ["石桥村", "王家户", "李家村", "东岭村", "河湾村"]
SEED = "field-seed-1"
COMMITMENT = "89aa64300b700aa337ad46321abb4d8ba6e4c79325b36243db11645ed8b78c5d"
DIGEST = "915b240713094fda8226039c409f1a979f1f74c59b57dec17a163a18a0a5c182"
ORDER = ["王家户", "李家村", "河湾村", "石桥村", "东岭村"]
PAGE = "/c/test-contest/inspections/visits/{visit}/draws/"


def commit(field, **kw):
    args = {"candidates": CANDIDATES, "count": 2, "seed": SEED} | kw
    return sitedraws.commit_site_draw(
        field.organizer,
        field.visit,
        args.pop("candidates"),
        args.pop("count"),
        **args,
    )


def refused(field, **kw) -> tuple[str, str]:
    field.visit.refresh_from_db()
    before = (SiteDraw.objects.count(), Record.objects.count(), list(field.visit.sites))
    with pytest.raises(JudgingError) as err:
        commit(field, **kw)
    field.visit.refresh_from_db()
    assert (SiteDraw.objects.count(), Record.objects.count(), field.visit.sites) == before
    p = err.value.problems[0]
    return p.zh, p.en


def test_the_first_two_of_the_drawn_order_become_the_visits_sites(field):
    draw = commit(field)
    assert (draw.number, draw.commitment, draw.status) == (1, COMMITMENT, "committed")
    field.visit.refresh_from_db()
    assert field.visit.sites == []  # the named sites give way to the draw until it is revealed
    committed = Record.objects.get(action="inspection.sitedraw.commit")
    assert committed.data["candidates"] == CANDIDATES
    assert committed.data["candidates_sha256"] == DIGEST
    assert committed.data["sites_before"] == ["石桥村", "王家户"]
    assert "seed" not in json.dumps(committed.data)

    draw = sitedraws.reveal_site_draw(field.organizer, draw, ["7", "42"])
    assert draw.order == ORDER and draw.sites == ["王家户", "李家村"]
    field.visit.refresh_from_db()
    assert field.visit.sites == ["王家户", "李家村"]
    revealed = Record.objects.get(action="inspection.sitedraw.reveal")
    assert revealed.data == {
        "seed": SEED,
        "inputs": ["7", "42"],
        "order": ORDER,
        "sites": ["王家户", "李家村"],
    }
    assert set(revealed.rows) == {"inspections.sitedraw", "inspections.visit"}


def test_the_downloaded_record_passes_bipin_draw_verify(field, client_as):
    draw = commit(field)
    sitedraws.reveal_site_draw(field.organizer, draw, ["7", "42"])
    r = client_as("entrant").get(
        f"/api/inspections/test-contest/visits/{field.visit.pk}/draws/1.json"
    )
    assert r.status_code == 200
    assert r["Content-Disposition"] == (
        f'attachment; filename="test-contest-visit-{field.visit.pk}-draw-1.json"; '
        f"filename*=UTF-8''test-contest-visit-{field.visit.pk}-draw-1.json"
    )
    record = r.json()
    assert verify_record(record).ok and verify_record(record).order == ORDER
    assert (record["entrants"], record["sites"], record["commitment"]) == (
        CANDIDATES,
        ["王家户", "李家村"],
        COMMITMENT,
    )
    assert record["candidates_sha256"] == DIGEST
    assert not verify_record({**record, "inputs": ["7", "43"]}).ok


def test_before_the_reveal_the_county_and_inspectors_see_only_the_commitment(field, client_as):
    commit(field, candidates=[*CANDIDATES, "隐藏村"])
    for role in ("entrant", "inspector2"):
        page = client_as(role).get(PAGE.format(visit=field.visit.pk)).content.decode()
        assert COMMITMENT in page and "尚未揭晓" in page, role
        assert SEED not in page and "隐藏村" not in page and "李家村" not in page, role
        r = client_as(role).get(
            f"/api/inspections/test-contest/visits/{field.visit.pk}/draws/1.json"
        )
        assert r.status_code == 404
        assert r.json()["errors"][0]["en"] == "this draw is not revealed yet"
    visits = client_as("inspector2").get("/api/inspections/test-contest/visits").json()
    assert visits["visits"][0]["sites"] == []
    assert visits["visits"][0]["draw"]["status"] == "committed"
    assert SEED not in json.dumps(visits)
    # The organizer sees the candidates to check them, but not the seed either.
    page = client_as("organizer").get(PAGE.format(visit=field.visit.pk)).content.decode()
    assert "隐藏村" in page and SEED not in page


def test_after_the_reveal_everybody_with_the_visit_sees_seed_inputs_and_order(field, client_as):
    sitedraws.reveal_site_draw(field.organizer, commit(field), ["7", "42"])
    for role in ("entrant", "inspector2", "organizer"):
        page = client_as(role).get(PAGE.format(visit=field.visit.pk)).content.decode()
        assert SEED in page and "7, 42" in page and "东岭村" in page, role
        assert "核查点</strong>:王家户、李家村" in page, role


def test_the_organizer_commits_and_reveals_from_the_page(field, client_as):
    c = client_as("organizer")
    url = PAGE.format(visit=field.visit.pk)
    r = c.post(url, {"candidates": "石桥村\n王家户\n\n李家村\n", "count": "2"}, follow=True)
    assert "已生成第 1 次抽签的承诺值" in r.content.decode()
    draw = SiteDraw.objects.get()
    assert draw.candidates == ["石桥村", "王家户", "李家村"] and draw.count == 2
    r = c.post(f"{url}1/reveal/", {"inputs": "7, 42\n3"}, follow=True)
    draw.refresh_from_db()
    assert draw.inputs == ["7", "42", "3"] and draw.status == "revealed"
    assert f"已揭晓,核查点:{'、'.join(draw.sites)}" in r.content.decode()


@pytest.mark.parametrize(
    "kw, zh, en",
    [
        (
            {"candidates": ["", "  "]},
            "请填写候选村/户,每行一个",
            "enter the candidates, one a line",
        ),
        (
            {"count": 6},
            "抽取数量(6)大于候选村/户数(5)",
            "count (6) is more than the 5 candidates",
        ),
        ({"count": 0}, "抽取数量须为正整数", "count must be a whole number of at least 1"),
        (
            {"candidates": ["石桥村", "王家户", " 石桥村"]},
            "候选村/户“石桥村”重复",
            "candidates: '石桥村' is given twice",
        ),
        (
            {"candidates": ["村" * 101]},
            f"候选村/户“{'村' * 20}…”超过 100 字",
            f"candidates: {'村' * 20!r}… is longer than 100 characters",
        ),
    ],
)
def test_bad_draws_are_refused_naming_the_field_and_nothing_is_written(field, kw, zh, en):
    assert refused(field, **kw) == (zh, en)


def test_the_page_refuses_a_count_that_is_not_a_number(field, client_as):
    r = client_as("organizer").post(
        PAGE.format(visit=field.visit.pk), {"candidates": "石桥村", "count": "两"}, follow=True
    )
    assert "抽取数量须为正整数" in r.content.decode() and not SiteDraw.objects.exists()


def test_a_second_draw_needs_a_reason_and_keeps_the_first_on_record(field, client_as):
    first = commit(field)
    assert refused(field) == (
        "南川县已有第 1 次抽签;重抽必须填写原因",
        "this visit already has draw 1; a redraw needs a reason",
    )
    second = commit(field, seed="field-seed-2", reason="候选名单漏列河西村", candidates=ORDER)
    first.refresh_from_db()
    assert (first.status, second.replaces, second.number) == ("replaced", first, 2)
    assert Record.objects.get(action="inspection.sitedraw.commit", reason="候选名单漏列河西村")
    with pytest.raises(JudgingError) as err:
        sitedraws.reveal_site_draw(field.organizer, first, ["1"])
    assert err.value.problems[0].zh == "第 1 次抽签已揭晓或已作废,不能再次揭晓"
    # Never revealed, the replaced draw's seed stays secret.
    page = client_as("entrant").get(PAGE.format(visit=field.visit.pk)).content.decode()
    assert SEED not in page and "重抽(替代第 1 次):候选名单漏列河西村" in page


def test_a_draw_is_revealed_once(field):
    draw = sitedraws.reveal_site_draw(field.organizer, commit(field), ["7", "42"])
    before = Record.objects.count()
    with pytest.raises(JudgingError) as err:
        sitedraws.reveal_site_draw(field.organizer, draw, ["8"])
    assert (err.value.problems[0].en, err.value.status) == (
        "draw 1 was already revealed or replaced",
        409,
    )
    draw.refresh_from_db()
    assert draw.inputs == ["7", "42"] and Record.objects.count() == before


def test_reveal_needs_the_delegates_numbers(field, client_as):
    commit(field)
    r = client_as("organizer").post(
        PAGE.format(visit=field.visit.pk) + "1/reveal/", {"inputs": " , "}, follow=True
    )
    assert "请填写各代表抽取或报出的数字" in r.content.decode()
    assert SiteDraw.objects.get().status == "committed"


def test_drawn_sites_cannot_be_typed_over_and_the_visit_stays(field):
    commit(field)
    with pytest.raises(JudgingError) as err:
        setup.add_visit(field.organizer, field.team, field.entrants["南川县"], ["石桥村"])
    assert err.value.problems[0].zh == (
        "南川县的核查点由抽签确定,不能直接修改;如需改变请重抽并填写原因"
    )
    with pytest.raises(JudgingError) as err:
        setup.remove_visit(field.organizer, field.visit)
    assert err.value.problems[0].zh == "该单位已抽取核查点,抽签记录须保留,不能取消核查安排"
    assert Visit.objects.filter(pk=field.visit.pk).exists()


def test_the_audit_chain_answers_for_the_draws(field):
    from bipin.audit.chain import chain_key
    from bipin.audit.verification import verify

    sitedraws.reveal_site_draw(field.organizer, commit(field), ["7", "42"])
    assert verify(chain_key(field.contest)).ok
    SiteDraw.objects.update(seed="another-seed")
    assert not verify(chain_key(field.contest)).ok


def test_only_the_organizer_commits_and_reveals(field, client_as):
    commit(field)
    url = PAGE.format(visit=field.visit.pk)
    for role in ("inspector", "inspector2", "entrant", "judge", "reporter"):
        c = client_as(role)
        assert c.post(url, {"candidates": "甲村", "count": "1"}).status_code == 403, role
        assert c.post(f"{url}1/reveal/", {"inputs": "1"}).status_code == 403, role
    assert SiteDraw.objects.get().status == "committed" and SiteDraw.objects.count() == 1


def test_a_county_or_team_that_is_not_the_visits_gets_404(field, client_as):
    from bipin.contests.models import Role
    from bipin.contests.services import grant_role
    from bipin.testing.cast import make_user

    commit(field)
    other = setup.add_team(field.organizer, field.round, "第二核查组")
    outsider = make_user("inspector3", contest=field.contest)
    grant_role(field.organizer, field.contest, outsider, Role.INSPECTOR)
    setup.add_member(field.organizer, other, outsider, is_leader=True)
    north = setup.add_visit(field.organizer, other, field.entrants["北原县"])
    from django.test import Client

    c = Client()
    c.force_login(outsider)
    assert c.get(PAGE.format(visit=field.visit.pk)).status_code == 404
    assert (
        c.get(f"/api/inspections/test-contest/visits/{field.visit.pk}/draws/1.json").status_code
        == 404
    )
    # 南川县's viewer does not see 北原县's visit.
    assert client_as("entrant").get(PAGE.format(visit=north.pk)).status_code == 404
