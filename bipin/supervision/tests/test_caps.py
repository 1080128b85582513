"""The engine applies the scheme's cap; the pages show the sum against it and
say visibly that what is over the cap does not count — never a silent clip."""

from __future__ import annotations

from bipin.results.services import compute_snapshot
from bipin.supervision.tests.conftest import approved

WARNING = "累计4超过上限3:超出上限的部分不计分"


def _leaf(snapshot, entrant, name):
    result = next(
        r
        for g in snapshot.evaluation["groups"]
        for r in g["results"]
        if r["entrant"] == str(entrant.pk)
    )

    def walk(node):
        if node.get("name") == name or node.get("id") == name:
            return node
        for child in node.get("children", []):
            found = walk(child)
            if found:
                return found
        return None

    return result, walk(result["explanation"])


def test_bonus_records_of_2_and_2_under_a_cap_of_3_give_3(office, client_as):
    approved(office, amount="2", doc_number="示督〔2026〕1号")
    approved(office, amount="2", doc_number="示督〔2026〕2号")
    approved(office, unit="北原县", item="监督扣分", amount="1.5")
    snapshot, _ = compute_snapshot(office.organizer, office.contest)
    nanchuan, leaf = _leaf(snapshot, office.entrants["南川县"], "监督加分")
    beiyuan, _ = _leaf(snapshot, office.entrants["北原县"], "监督扣分")
    # 工作评价 has no data for anyone (0); the bonus adds 3, not 4; the deduction takes 1.5.
    assert nanchuan["total"] == 3.0 and leaf["points"] == 3.0
    assert beiyuan["total"] == -1.5

    for who in ("organizer", "reporter", "reviewer"):
        page = client_as(who).get("/c/test-contest/supervision/").content.decode()
        assert WARNING in page, who
    assert (
        WARNING in client_as("reviewer").get("/c/test-contest/supervision/review/").content.decode()
    )
    assert WARNING in client_as("entrant").get("/c/test-contest/supervision/mine/").content.decode()


def test_no_warning_while_the_sum_is_within_the_cap(office, client_as):
    approved(office, amount="2")
    approved(office, amount="1")
    page = client_as("organizer").get("/c/test-contest/supervision/").content.decode()
    assert "cap-warning" not in page and 'id="tallies"' in page


def test_a_triggered_veto_is_shown(office, client_as):
    approved(office, item="一票否决", amount="1", reason="发生规模性返贫(示例)")
    page = client_as("entrant").get("/c/test-contest/supervision/mine/").content.decode()
    assert "一票否决已触发" in page
    snapshot, _ = compute_snapshot(office.organizer, office.contest)
    result, _ = _leaf(snapshot, office.entrants["南川县"], "一票否决")
    assert result["vetoed"] and result["grade"] == "较差"
