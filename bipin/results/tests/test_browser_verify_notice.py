"""A citizen goes from the published notice to its verification page: the
browser rechecks the record and says which entrant disagrees in a tampered copy."""

import json

import pytest
from playwright.sync_api import expect

from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.results.tests.test_verification_record import release
from bipin.results.verification import record_file
from bipin.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published():
    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    return city, release(city)


def test_the_demo_notice_verifies_in_the_browser(published, live_server, phone):
    city, current = published
    phone.goto(f"{live_server.url}/c/{city.slug}/notice/")
    phone.click("text=在浏览器中核验")
    result = phone.locator("#verify-result")
    expect(result).to_have_attribute("data-verdict", "ok")
    expect(result.locator("li.bad")).to_have_count(0)
    expect(result.locator("li.ok").nth(2)).to_contain_text(
        f"{city.entrants.count()} 个参评对象全部一致")
    # Both presenting districts' panel totals are redone from the judges' marks.
    expect(result.locator("li.ok").nth(2)).to_contain_text("项评委组汇总")
    expect(result.locator("tr.ok")).to_have_count(city.entrants.count())
    # Totals read as the notice prints them, to the published decimals (51.10, not 51.1).
    record = json.loads(record_file(current))
    published_totals = sorted(f"{r['total']:.{record['decimals']}f}"
                              for g in record["results"] for r in g["results"])
    assert sorted(result.locator("tr.ok td:nth-child(3)").all_inner_texts()) == published_totals
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the verification page scrolls sideways on a phone ({width}px)"


def test_a_tampered_file_is_named_by_its_entrant(published, live_server, page, tmp_path):
    city, current = published
    record = json.loads(record_file(current))
    group = record["results"][0]
    first = group["results"][0]
    mark = next(o for o in record["observations"]
                if o["source"] == "panel" and o["entrant"] == first["entrant"])
    mark["value"] += 3
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    name = city.entrants.get(pk=first["entrant"]).name

    page.goto(f"{live_server.url}/c/{city.slug}/notice/verify/")
    result = page.locator("#verify-result")
    expect(result).to_have_attribute("data-verdict", "ok")
    page.set_input_files("#verify-file", str(path))
    expect(result).to_have_attribute("data-verdict", "bad")
    expect(result.locator("li.bad").first).to_contain_text("这不是公示的核验数据,或已被改动")
    expect(result.locator("li.bad").nth(1)).to_contain_text("1 个不一致")
    bad = result.locator("tr.bad")
    expect(bad).to_have_count(1)
    expect(bad).to_contain_text(name)
    expect(bad).to_contain_text("评委组汇总公布为")


def test_a_tampered_rank_is_caught_without_the_hash(published, live_server, page, tmp_path):
    city, current = published
    record = json.loads(record_file(current))
    second = record["results"][1]["results"][1]
    second["rank"] = 1
    path = tmp_path / "rank.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    page.goto(f"{live_server.url}/c/{city.slug}/notice/verify/")
    expect(page.locator("#verify-result")).to_have_attribute("data-verdict", "ok")
    page.set_input_files("#verify-file", str(path))
    bad = page.locator("#verify-result tr.bad")
    expect(bad).to_have_count(1)
    expect(bad).to_contain_text(city.entrants.get(pk=second["entrant"]).name)
    expect(bad).to_contain_text("名次公布为 1,按排名依据重算为 2")
