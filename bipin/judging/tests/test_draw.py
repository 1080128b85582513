"""Lot drawing: the published vectors, tampering, the CLI and the pages."""

import json
import re
from pathlib import Path

import pytest

from bipin.cli import main
from bipin.judging import draws
from bipin.judging.models import Draw
from bipin.judging.services import JudgingError
from bipin.scoring.draw import verify_record

DOC = Path(__file__).resolve().parents[3] / "docs" / "draw.md"


def vectors():
    block = re.search(r"## Test vectors.*?```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [json.loads(line) for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.parametrize("vector", vectors(), ids=lambda v: v["seed"])
def test_every_documented_vector_verifies(vector):
    check = verify_record(vector)
    assert check.ok, check.problems
    assert check.order == vector["order"]


@pytest.mark.parametrize("vector", vectors()[2:], ids=lambda v: v["seed"])
def test_tampering_with_the_seed_or_an_input_fails(vector):
    assert not verify_record({**vector, "seed": vector["seed"] + "x"}).ok
    inputs = list(vector["inputs"])
    inputs[0] = inputs[0] + "1"
    assert "published order differs" in verify_record({**vector, "inputs": inputs}).problems[0]
    assert not verify_record({**vector, "order": list(reversed(vector["order"]))}).ok


def test_the_cli_exits_0_on_a_match_and_1_on_tampering(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(vectors()[0]), encoding="utf-8")
    assert main(["draw", "verify", str(good)]) == 0
    assert "verified" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**vectors()[0], "inputs": ["7", "43"]}), encoding="utf-8")
    assert main(["draw", "verify", str(bad)]) == 1
    assert main(["draw", "verify", str(tmp_path / "missing.json")]) == 1


def test_a_revealed_draw_downloads_as_a_record_that_verifies(event, client_as, tmp_path):
    draw = draws.commit_draw(event.organizer, event.contest, event.groups["整体推进县"])
    draws.reveal_draw(event.organizer, draw, ["12", "7"])
    r = client_as("bystander").get(f"/api/judging/test-contest/draws/{draw.number}.json")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    record = r.json()
    assert record["entrants"] == ["A01", "A02"] and verify_record(record).ok
    path = tmp_path / "record.json"
    path.write_text(r.content.decode(), encoding="utf-8")
    assert main(["draw", "verify", str(path)]) == 0


def test_the_seed_stays_secret_until_the_ceremony(event, client):
    draw = draws.commit_draw(event.organizer, event.contest)
    page = client.get("/c/test-contest/draws/").content.decode()
    record = client.get(f"/api/judging/test-contest/draws/{draw.number}.json").json()
    assert draw.commitment in page and draw.seed not in page
    assert record["seed"] is None and record["order"] is None and draw.seed not in json.dumps(record)


def test_a_draw_is_revealed_once_and_a_redraw_needs_a_reason(event):
    draw = draws.commit_draw(event.organizer, event.contest)
    draws.reveal_draw(event.organizer, draw, ["1"])
    with pytest.raises(JudgingError):
        draws.reveal_draw(event.organizer, draw, ["2"])
    with pytest.raises(JudgingError):
        draws.commit_draw(event.organizer, event.contest)  # not silently again
    with pytest.raises(JudgingError):
        draws.commit_draw(event.organizer, event.contest, replaces=draw, reason=" ")
    again = draws.commit_draw(event.organizer, event.contest, replaces=draw, reason="代表缺席")
    draw.refresh_from_db()
    assert draw.status == Draw.Status.REPLACED and again.replaces == draw and again.number == 2


def test_the_stage_order_follows_the_revealed_draws(event):
    for group in event.groups.values():
        draws.reveal_draw(event.organizer, draws.commit_draw(event.organizer, event.contest, group), ["5"])
    order = [e.code for e in draws.stage_order(event.contest)]
    a = Draw.objects.get(group=event.groups["整体推进县"]).order
    assert order == a + ["B01"]


def test_the_organizer_commits_and_reveals_through_the_pages(event, client_as):
    client = client_as("organizer")
    assert client.post("/c/test-contest/judging/draws/", {"group": ""}).status_code == 302
    draw = Draw.objects.get()
    page = client.get(f"/c/test-contest/judging/draws/{draw.number}/ceremony/").content.decode()
    assert draw.commitment in page and draw.seed not in page
    client.post(f"/c/test-contest/judging/draws/{draw.number}/ceremony/", {"inputs": "3, 9\n27"})
    draw.refresh_from_db()
    assert draw.inputs == ["3", "9", "27"] and len(draw.order) == 3
    page = client.get(f"/c/test-contest/judging/draws/{draw.number}/ceremony/").content.decode()
    assert draw.seed in page and 'id="order"' in page
    client.post("/c/test-contest/judging/draws/", {"replaces": draw.number, "reason": "重新抽签演示"})
    assert Draw.objects.count() == 2


def test_draw_pages_are_for_the_organizer(event, client_as):
    draw = draws.commit_draw(event.organizer, event.contest)
    for url in ("/c/test-contest/judging/draws/", f"/c/test-contest/judging/draws/{draw.number}/ceremony/"):
        assert client_as("judge").get(url).status_code == 403
        assert client_as("judge").post(url, {"inputs": "1"}).status_code == 403
        assert client_as("other_organizer").get(url).status_code == 404
    assert client_as("organizer").delete("/c/test-contest/judging/draws/").status_code == 405
    assert client_as("organizer").post("/c/test-contest/draws/").status_code == 405
    assert Draw.objects.get().status == Draw.Status.COMMITTED


def test_a_private_contests_draws_are_hidden_from_strangers(event, client_as):
    event.contest.is_public = False
    event.contest.save(update_fields=["is_public"])
    draws.commit_draw(event.organizer, event.contest)
    assert client_as("bystander").get("/c/test-contest/draws/").status_code == 404
    assert client_as("bystander").get("/api/judging/test-contest/draws/1.json").status_code == 404
    assert client_as("judge").get("/c/test-contest/draws/").status_code == 200
