"""A staged contest on a phone: the organizer computes and releases the diving meet in a
browser, and a diver reads its path through the stages at phone width."""

from bipin.contests.models import Role
from bipin.contests.services import grant_role
from bipin.results.tests.staged import diving_contest, with_hall
from bipin.testing.browser import log_in
from bipin.testing.cast import PASSWORD


def test_a_diver_reads_its_path_through_the_stages_on_a_phone(live_server, page, phone, live_cast,
                                                              monkeypatch):
    contest = with_hall(monkeypatch, diving_contest(live_cast.organizer))
    d04 = contest.entrants.get(code="D04")
    grant_role(live_cast.organizer, contest, live_cast.users["entrant"], Role.ENTRANT_VIEWER, entrant=d04)
    log_in(page, live_server.url, "organizer", PASSWORD)
    page.goto(f"{live_server.url}/c/{contest.slug}/results/")
    page.click("text=计算成绩")
    page.wait_for_selector("table.stage-ranking")
    assert "分阶段排名" in page.inner_text("h1")
    page.goto(f"{live_server.url}/c/{contest.slug}/results/")
    page.fill("input[name=title]", "跳水邀请赛成绩")
    page.click("button:has-text('发布快照')")
    page.click("button:has-text('确认发布')")
    page.wait_for_selector("text=已发布“跳水邀请赛成绩”")

    log_in(phone, live_server.url, "entrant", PASSWORD)
    phone.goto(f"{live_server.url}/c/{contest.slug}/results/mine/")
    phone.wait_for_selector("table.stage-path")
    assert "示例选手丁 成绩单" in phone.inner_text("h1")
    assert "351.10" in phone.inner_text("table.stage-path")
    phone.click("section.stage-explain >> nth=1 >> details.node >> nth=0 >> summary")
    assert phone.locator("section.stage-explain >> nth=1 >> details.node[open]").count() >= 1
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the staged card scrolls sideways on a phone ({width}px)"

    # The organizer's stage rankings at the same width: the wide tables scroll inside their frame.
    log_in(phone, live_server.url, "organizer", PASSWORD)
    phone.goto(f"{live_server.url}/c/{contest.slug}/results/ranking/")
    phone.wait_for_selector("table.stage-ranking")
    assert phone.locator("table.stage-ranking >> nth=1 >> th:has-text('预赛')").is_hidden()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the stage rankings scroll sideways on a phone ({width}px)"
