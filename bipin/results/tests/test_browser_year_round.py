"""The year's evidence reaches the report card, in a real browser, on the demo data.

The team leader confirms one more finding at 示例一县 on a phone, so the year has
moved since the demo's first snapshot; the organizer computes and releases like a
user; the county (示例一县's liaison) then opens its card on a phone and reads, under each
row, where the point came from: an inspection finding, a department's approved
value and the towns' approved monthly figures. The organizer's view of 示例二县's
card shows what the demo only gives that county: a 回头看 charge and supervision
records. The points are checked against the demo data by hand:

- 实地核查 (scheme: per_occurrence, severity 一般 0.5 · 较重 1 · 严重 2, cap 15;
  recheck not_rectified 1): 示例一县 has two confirmed 一般 findings (公示不到位,
  档案不全) and the leader now confirms a third (水表损坏 一般); its other waiting
  finding (公示不到位 较重) stays unconfirmed and costs nothing → 15 − 3 × 0.5 = 13.50. 示例二县 has 一般 + 较重 + 一般 + 严重 + 较重
  = 0.5 + 1 + 0.5 + 2 + 1 = 5, and the 回头看 found the 较重 管网老化 not rectified,
  charged once more (× 1) = 1 → 15 − 6 = 9.00.
- 工作推进评价 (示例市督导组, approved; scaled(max=100) of 15): 76 → 11.40.
- 监测帮扶覆盖率 (月度监测帮扶数据): only approved months count. 2026-01:
  (209 + 155) / (212 + 158) = 364 / 370 = 98.38 %; 2026-02: 369 / 372 = 99.19 %;
  2026-03 is not approved everywhere (河口镇 waits, 城关镇 was returned), so absent.
- 日常监督加分 of 示例二县: one approved record of 2 (示督〔2026〕2号), cap 3 → 2.00.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bipin.contests import demo
from bipin.contests.models import Contest
from bipin.testing.browser import log_in
from bipin.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(transactional_db):
    load_demo()
    return Contest.objects.get(slug=demo.CITY_SLUG)


def open_node(page, *path: str) -> None:
    """Unfold the card's breakdown along dimension → indicator, as a reader taps it."""
    for name in path:
        summary = page.locator("details.node > summary").filter(
            has=page.locator("span.title", has_text=re.compile(f"^{re.escape(name)}$"))
        )
        expect(summary).to_have_count(1)
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
        expect(summary.locator("xpath=..")).to_have_attribute("open", "")


def indicator(page, name: str):
    """The points shown in an indicator's heading."""
    return page.locator("details.node > summary", has=page.get_by_text(name, exact=True)).locator(
        ".value"
    )


def expect_facts(line, *facts: str) -> None:
    """The provenance line names each of these (label and value, as the card prints them)."""
    for fact in facts:
        expect(line).to_contain_text(fact)


def row_of(line):
    """The record row a provenance line explains (the line sits in the row after it)."""
    return line.locator("xpath=ancestor::tr[1]/preceding-sibling::tr[1]")


def expect_row(page, path: tuple[str, ...], points: str, line: str, row: tuple, *facts: str):
    """Unfold the card to an indicator, check its points, then one record under it: its
    row (severity, points added or taken) and its provenance line's facts."""
    open_node(page, *path)
    expect(indicator(page, path[-1])).to_have_text(points)
    found = page.locator(".provenance-line", has_text=line)
    expect(found).to_be_visible()
    expect_facts(found, *facts)
    expect_facts(row_of(found), *row)
    return found


def leader_confirms_a_waiting_finding(browser, url: str, slug: str) -> None:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    leader = context.new_page()
    leader.set_default_timeout(10_000)
    log_in(leader, url, "inspector", demo.PASSWORD)
    leader.goto(f"{url}/c/{slug}/inspections/team/")
    waiting = leader.locator("article.card", has_text="示例:3户水表表盘模糊无法读数")
    waiting.get_by_role("button", name="确认并反馈").click()
    expect(waiting.locator(".badge")).to_have_text("已确认(反馈)")
    context.close()


def compute_and_release(page, url: str, slug: str) -> None:
    log_in(page, url, "organizer", demo.PASSWORD)
    page.goto(f"{url}/c/{slug}/results/")
    page.click("text=计算成绩")
    # The demo loaded with snapshot 1; the confirmed finding makes the click compute a 2nd.
    expect(page.get_by_text("已生成快照 第2版")).to_be_visible()
    page.goto(f"{url}/c/{slug}/results/")
    page.fill("input[name=title]", "2026年示例成绩")
    page.click("button:has-text('发布快照 第2版')")
    page.click("button:has-text('确认发布')")
    expect(page.get_by_text("已发布“2026年示例成绩”")).to_be_visible()


def test_the_county_reads_each_years_point_with_who_recorded_and_approved_it(
    live_server, browser, page, phone, city
):
    slug = city.slug
    leader_confirms_a_waiting_finding(browser, live_server.url, slug)
    compute_and_release(page, live_server.url, slug)

    log_in(phone, live_server.url, "county", demo.PASSWORD)
    phone.goto(f"{live_server.url}/c/{slug}/results/mine/")
    expect(phone.locator("h1")).to_contain_text("示例一县 成绩单")
    expect(phone.locator("main")).to_contain_text("快照 第2版")

    # A finding's deduction: who recorded it, where, and which leader confirmed it.
    expect_row(
        phone,
        ("工作落实", "实地核查"),
        "13.50",
        "实地核查问题:公示不到位",
        ("一般", "-0.50"),
        "核查轮次 2026年第一轮实地核查",
        "记录人 示例核查员二",
        "确认人(组长) 示例核查员",
    )
    expect(phone.locator(".provenance-line", has_text="实地核查问题:档案不全")).to_be_visible()
    confirmed = phone.locator(".provenance-line", has_text="实地核查问题:水表损坏")
    expect(confirmed).to_contain_text("村/户 示例东村")
    expect(row_of(confirmed)).to_contain_text("-0.50")
    # The finding the leader has not confirmed costs nothing yet.
    expect(
        phone.locator(".provenance-line", has_text="实地核查问题:公示不到位 · 较重")
    ).to_have_count(0)

    # A department's approved value: who filled it in and who approved it.
    expect_row(
        phone,
        ("推进力度", "工作推进评价"),
        "11.40",
        "工作推进评价 = 76",
        ("76.00",),
        "考核部门 示例市督导组",
        "填报人 示例督导组填报员",
        "审核人 示例督导组审核员",
        "状态 已审核",
    )

    # The towns' monthly figures, each month approved by the county and the city.
    open_node(phone, "政策落实", "监测帮扶覆盖率")
    months = phone.locator(".provenance-line", has_text="月度监测帮扶数据")
    expect(months).to_have_count(2)
    january = months.filter(has_text="2026-01")
    expect_facts(
        january,
        "合计 98.38%",
        "示例一县城关镇 填报 98.58%",
        "示例一县 审核通过 示例部门审核员",
        "示例市 审核通过 示例市审核员",
    )
    expect(months.filter(has_text="2026-02")).to_contain_text("合计 99.19%")
    expect(months.filter(has_text="2026-03")).to_have_count(0)

    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, f"the card scrolls sideways on a phone ({width}px)"
    other = city.entrants.get(name="示例二县")
    refused = phone.goto(f"{live_server.url}/c/{slug}/results/card/{other.pk}/")
    assert refused.status == 404  # a county never opens another county's card

    # 示例二县's card, as the organizer sees it: the 回头看 charge and a supervision record.
    page.goto(f"{live_server.url}/c/{slug}/results/card/{other.pk}/")
    expect(page.locator("h1")).to_contain_text("示例二县 成绩单")
    expect_row(
        page,
        ("工作落实", "实地核查"),
        "9.00",
        "回头看:整改不到位",
        ("较重", "-1.00"),
        "回头看 2026年回头看(示例)",
        "原问题 2026年第一轮实地核查",
        "记录人 示例核查员",
    )
    expect_row(
        page,
        ("推进力度", "日常监督加分"),
        "2.00",
        "文号 示督〔2026〕2号",
        ("+2.00",),
        "事由 获省级表扬(示例)",
        "录入 示例督查室录入员",
        "审核通过 示例督查室审核员",
    )
