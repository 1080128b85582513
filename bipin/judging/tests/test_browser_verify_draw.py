"""A citizen checks a draw in the browser: the page's JavaScript must order
entrants exactly as bipin/scoring/draw.py does, and say which step fails."""

import json
import random

import pytest
from playwright.sync_api import expect

from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.judging import draws
from bipin.judging.models import Draw
from bipin.judging.tests.test_draw import vectors
from bipin.scoring.draw import commitment, draw_order
from bipin.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_draws():
    """The demo's committed draws, revealed as at the ceremony."""
    load_demo()
    city = Contest.objects.get(slug=demo.CITY_SLUG)
    organizer = city.created_by
    for n, d in enumerate(Draw.objects.filter(contest=city, status=Draw.Status.COMMITTED)):
        draws.reveal_draw(organizer, d, [str(7 + n), "42", "五"])
    return city


def check_pasted(page, record: dict):
    page.fill("#draw-paste-form textarea", json.dumps(record, ensure_ascii=False))
    page.click("#draw-paste-form button[type=submit]")
    return page.locator("#draw-paste-result")


def random_vectors(count: int) -> list[dict]:
    """Seeds, inputs and ids with the characters a ceremony may see: CJK, spaces, quotes."""
    rng = random.Random(16)
    alphabet = "0123456789abcXYZ五六七八九十 \"\\/,-—é"
    out = []
    for _ in range(count):
        seed = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))).strip() or "s"
        inputs = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
                  for _ in range(rng.randint(0, 5))]
        ids = sorted({f"{rng.choice(['C', 'E', '样品'])}{rng.randint(1, 120)}"
                      for _ in range(rng.randint(1, 12))})
        out.append({"algorithm": "bipin-draw-v1", "commitment": commitment(seed), "seed": seed,
                    "inputs": inputs, "entrants": ids, "order": draw_order(seed, inputs, ids)})
    return out


def test_the_browser_orders_every_vector_as_python_does(demo_draws, live_server, page):
    page.goto(f"{live_server.url}/c/{demo_draws.slug}/draws/")
    for vector in vectors() + random_vectors(25):
        result = check_pasted(page, vector)
        expect(result).to_have_attribute("data-verdict", "ok")
        expect(result.locator("li.ok").last).to_contain_text(", ".join(vector["order"]))
        result.evaluate("box => box.removeAttribute('data-verdict')")


def test_every_revealed_demo_draw_verifies_on_the_public_page(demo_draws, live_server, phone):
    page = phone
    page.goto(f"{live_server.url}/c/{demo_draws.slug}/draws/")
    revealed = list(Draw.objects.filter(contest=demo_draws, status=Draw.Status.REVEALED))
    assert len(revealed) >= 2
    for d in revealed:
        box = page.locator(f'.draw-check[data-draw="{d.number}"]')
        expect(box).to_have_attribute("data-verdict", "ok")
        expect(box).to_contain_text(", ".join(draw_order(d.seed, d.inputs, d.entrant_ids)))
        expect(box.locator("li.bad")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the draw page scrolls sideways on a phone ({width}px)"


def test_a_tampered_record_shows_which_step_failed(demo_draws, live_server, page):
    page.goto(f"{live_server.url}/c/{demo_draws.slug}/draws/")
    good = vectors()[2]
    swapped = {**good, "order": [good["order"][1], good["order"][0], *good["order"][2:]]}
    result = check_pasted(page, swapped)
    expect(result).to_have_attribute("data-verdict", "bad")
    expect(result.locator("li.bad")).to_have_text(
        f"✗ 顺序不符:第 1 位公布为 {good['order'][1]},重算为 {good['order'][0]}"
        f"(重算顺序:{', '.join(good['order'])})")
    result.evaluate("box => box.removeAttribute('data-verdict')")
    result = check_pasted(page, {**good, "seed": good["seed"] + "x"})
    expect(result).to_have_attribute("data-verdict", "bad")
    expect(result.locator("li.bad").first).to_contain_text("承诺值不符")
    result.evaluate("box => box.removeAttribute('data-verdict')")
    page.fill("#draw-paste-form textarea", "{not json")
    page.click("#draw-paste-form button[type=submit]")
    expect(result.locator("li.bad")).to_have_text("✗ 无法读取:不是有效的 JSON。")


def test_a_downloaded_record_file_can_be_chosen(demo_draws, live_server, page, tmp_path):
    d = Draw.objects.filter(contest=demo_draws, status=Draw.Status.REVEALED).first()
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(draws.published_record(d), ensure_ascii=False), encoding="utf-8")
    page.goto(f"{live_server.url}/c/{demo_draws.slug}/draws/")
    page.set_input_files("#draw-paste-form input[type=file]", str(path))
    expect(page.locator("#draw-paste-result")).to_have_attribute("data-verdict", "ok")
