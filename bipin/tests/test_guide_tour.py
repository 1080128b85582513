"""The user guide's tour: each role walks its main flow on the demo contests.

Every step asserts what that user sees, so this is a real test of the pages the
guide (docs/guide/) describes. Under BIPIN_GUIDE_SHOTS=1 (`make guide-shots`) the
steps the guide shows are also saved as docs/guide/img/<name>.png, and the
ranking's PDF and XLSX exports are rendered to pictures (the PDF with pypdfium2,
which only that run needs).
"""

import html
import io
import os
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from bipin.contests import demo
from bipin.contests.models import Entrant
from bipin.evidence.tests.conftest import jpeg, png
from bipin.judging.models import Panel, Sheet
from bipin.testing.browser import GUIDE_IMG, guide_shot, log_in
from bipin.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITY = "/c/demo-dabipin"
APPLES = "/c/demo-apples"
SHOTS = os.environ.get("BIPIN_GUIDE_SHOTS") == "1"


@pytest.fixture
def tour(settings, browser, live_server):
    """The demo loaded into the live server's database; yields a function opening a
    logged-in page (desktop, or a 390×844 phone) for one role, one context each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    contexts = []

    def open_as(username, *, phone=False):
        size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(locale="zh-CN", viewport=size, is_mobile=phone, has_touch=phone)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)  # a small machine shared with other test runs
        log_in(page, live_server.url, username, demo.PASSWORD)
        return page, live_server.url

    yield open_as
    for context in contexts:
        context.close()


def test_each_role_walks_its_day_on_the_demo_as_the_guide_shows(tour):
    """One walk, not a test per role: loading the demo is most of the time, and the
    roles meet (the organizer's console calls the county the judge then scores; the
    organizer answers the objections the county files)."""
    organizer_sets_up_and_runs_the_day(tour)
    judge_scores_the_presenter_on_the_phone(tour)
    chief_judge_returns_a_sheet_for_correcting(tour)
    inspector_records_a_finding_on_the_phone(tour)
    department_reporter_fills_its_grid(tour)
    county_reads_its_card_and_ledger_and_files_an_objection(tour)
    organizer_releases_and_reads_the_objections(tour)


def visit(page, url, sees, shot):
    """Open ``url``, check the page shows ``sees``, and take the guide's picture of it."""
    page.goto(url)
    expect(page.locator("main")).to_contain_text(sees)
    guide_shot(page, shot)


def city_entrant(name):
    return Entrant.objects.get(contest__slug=demo.CITY_SLUG, name=name)


def organizer_sets_up_and_runs_the_day(tour):
    page, base = tour("organizer")
    visit(page, f"{base}{CITY}/", "我的角色: 组织者", "contest")
    expect(page.locator("h1")).to_contain_text("2026年巩固衔接工作大比拼(示例)")
    visit(page, f"{base}{CITY}/setup/people/", "示例评委一", "setup-people")

    # 比赛当天: call the next presenter in the drawn order and start the timer.
    page.goto(f"{base}{CITY}/judging/console/")
    page.get_by_role("button", name="请上台").click()
    expect(page.locator("strong").first).to_have_text("示例一县")
    page.get_by_role("button", name="开始计时").click()
    expect(page.locator("#console-table tbody tr")).to_have_count(24)
    guide_shot(page, "console")


def organizer_releases_and_reads_the_objections(tour):
    page, base = tour("organizer")
    page.goto(f"{base}{CITY}/results/")
    page.get_by_role("button", name="计算成绩").click()
    expect(page.locator(".messages")).to_contain_text("已生成快照 第2版")
    guide_shot(page, "snapshot-changes")  # what moved since 第1版
    page.goto(f"{base}{CITY}/results/")
    expect(page.locator("main")).to_contain_text("最新快照: 第2版")
    expect(page.get_by_role("button", name="发布快照 第2版")).to_be_visible()
    guide_shot(page, "release")

    page.goto(f"{base}{CITY}/results/ranking/")
    expect(page.locator("main")).to_contain_text("综合排名")
    counties = page.locator("section.group:has(h2:text-is('整体推进县'))")
    expect(counties.locator("table.ranking tbody tr").first).to_contain_text("示例三县")
    # Past the computation notes to the table, the heading a little below the top.
    counties.evaluate("s => { s.scrollIntoView(); window.scrollBy(0, -40); }")
    guide_shot(page, "ranking")

    county = city_entrant("示例一县")
    visit(page, f"{base}{CITY}/results/card/{county.pk}/", "组内名次", "card")
    expect(page.locator("h1")).to_contain_text("示例一县")
    visit(page, f"{base}{CITY}/notice/", "公示中", "notice")
    # The demo's one received objection, and the one the county filed on its phone.
    visit(page, f"{base}{CITY}/objections/", "已收到 2 · 调查中 1 · 已答复 1 · 已办结 1", "objections")

    # The demo's judge5 marks every apple lower than the others: the analysis flags them.
    panel = Panel.objects.get(contest__slug=demo.APPLES_SLUG)
    page.goto(f"{base}{APPLES}/judges/{panel.pk}/")
    expect(page.locator("main")).to_contain_text("评委宽严")
    expect(page.locator("tr", has_text="示例评委五").first).to_contain_text("偏离")
    guide_shot(page, "judge-analysis")

    if SHOTS:
        render_exports(page, f"{base}{CITY}/results/export")


def chief_judge_returns_a_sheet_for_correcting(tour):
    page, base = tour("chief")
    page.goto(f"{base}{CITY}/")
    expect(page.locator("main")).to_contain_text("我的角色: 评委组长")
    page.goto(f"{base}{CITY}/judging/sheets/")
    row = page.locator("tr", has_text="示例评委五").first
    expect(row).to_contain_text("已锁定")
    row.locator("input[name=reason]").fill("示例:汇报内容录错,请核对")
    guide_shot(page, "chief-sheets")
    row.get_by_role("button", name="退回更正").click()
    expect(page.locator("main")).to_contain_text("示例:汇报内容录错,请核对")
    assert Sheet.objects.filter(judge__username="judge5", status=Sheet.Status.REOPENED).count() == 1

    page.goto(f"{base}{CITY}/judges/")
    expect(page.locator("main")).to_contain_text("评分一致性")


def judge_scores_the_presenter_on_the_phone(tour):
    phone, base = tour("judge1", phone=True)
    phone.goto(f"{base}{CITY}/judging/score/")
    current = phone.locator("#current .entry-current")
    expect(current).to_contain_text("一县")
    guide_shot(phone, "judge-phone-list")
    current.click()
    for criterion, mark in (("汇报内容", 34), ("问题查摆", 25.5), ("现场表达", 26)):
        phone.fill(f'input[name="{criterion}"]', str(mark))
    phone.fill("textarea[name=comment]", "示例评价:举措具体,成效数据完整")
    guide_shot(phone, "judge-phone")
    phone.click("#sheet-form button[type=submit]")
    expect(phone.locator("#confirm-table")).to_have_text(
        "汇报内容34问题查摆25.5现场表达26合计85.5评价指导示例评价:举措具体,成效数据完整")
    guide_shot(phone, "judge-confirm")
    phone.click("#confirm-yes")
    expect(phone.locator(".entry.state-locked", has_text="一县")).to_have_count(1)
    sheet = Sheet.objects.get(judge__username="judge1", entrant__name="示例一县")
    assert sheet.status == Sheet.Status.LOCKED
    assert sum(m.value for m in sheet.marks.all()) == Decimal("85.5")


def inspector_records_a_finding_on_the_phone(tour):
    phone, base = tour("inspector", phone=True)
    phone.goto(f"{base}{CITY}/inspections/record/")
    phone.select_option("#f-visit", label="示例一县 · 2026年第一轮实地核查")
    phone.select_option("#f-category", "档案不全")
    phone.select_option("#f-severity", "一般")
    phone.fill("#f-site", "示例张家户")
    phone.fill("#f-description", "示例:帮扶手册未及时更新收入情况")
    phone.set_input_files("#f-photos", files=[
        {"name": "帮扶手册.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    guide_shot(phone, "inspector-phone")
    phone.click("#finding-form button[type=submit]")
    expect(phone.locator("#outbox li .state.saved").first).to_have_text("已保存", timeout=30_000)
    expect(phone.locator("#outbox li").first).to_contain_text("1 张照片")
    phone.locator("#outbox").scroll_into_view_if_needed()
    guide_shot(phone, "inspector-saved")


def department_reporter_fills_its_grid(tour):
    page, base = tour("reporter")
    page.goto(f"{base}{CITY}/reporting/d/示例乡村振兴局/")
    expect(page.locator("main")).to_contain_text("已填 16/24")
    empty = page.locator("input[name^='v-'][name$='-责任制落实']").and_(
        page.locator("input:not([value]), input[value='']")).first
    empty.fill("4.5")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("main")).to_contain_text("已填 17/24")
    guide_shot(page, "department-grid")


def released_total(name: str) -> str:
    """The released figure of a unit, as its card prints it.

    The demo's panel marks follow the lot draw, which follows the entrants'
    ids, and ids depend on what the database held before; so the tour reads
    the figure the card must show instead of pinning one.
    """
    from bipin.results.models import Release

    release = Release.objects.filter(contest__slug=demo.CITY_SLUG).latest("released_at")
    for group in release.snapshot.evaluation["groups"]:
        for row in group["results"]:
            if row["name"] == name:
                return f"{row['total']:.2f}"
    raise AssertionError(f"{name} is not in the released snapshot")


def county_reads_its_card_and_ledger_and_files_an_objection(tour):
    phone, base = tour("county", phone=True)
    visit(phone, f"{base}{CITY}/results/mine/", released_total("示例一县"), "county-card")
    expect(phone.locator("h1")).to_contain_text("示例一县")
    visit(phone, f"{base}{CITY}/rectification/", "示例一县整改台账", "county-ledger")
    expect(phone.locator("main")).to_contain_text("公示不到位")

    phone.goto(f"{base}{CITY}/objections/new/")
    phone.select_option("select[name=about]", label="工作落实 › 实地核查 14.00 分")
    phone.fill("textarea[name=reasons]", "示例:李家户的公示栏在核查前已更新,附照片")
    phone.set_input_files("input[name=evidence]", files=[
        {"name": "公示栏.png", "mimeType": "image/png", "buffer": png()}])
    guide_shot(phone, "county-objection")
    phone.get_by_role("button", name="提交异议").click()
    expect(phone.locator(".messages")).to_contain_text("异议已收到")
    expect(phone.locator("#status")).to_contain_text("已收到")
    expect(phone.locator(".evidence-photos img")).to_have_count(1)


def render_exports(page, export_url):
    """The ranking PDF's first page and the XLSX 汇总排名 sheet as guide pictures."""
    import openpyxl
    import pypdfium2
    from PIL import Image

    pdf = page.request.get(f"{export_url}.pdf")
    assert pdf.ok
    document = pypdfium2.PdfDocument(pdf.body())
    pages = [document[i].render(scale=1.2).to_pil().convert("RGB") for i in range(min(2, len(document)))]
    # The cover and the first ranking page side by side, as a reader turning them sees them.
    spread = Image.new("RGB", (sum(p.width for p in pages) + 12 * (len(pages) + 1),
                               max(p.height for p in pages) + 24), "#888888")
    for i, picture in enumerate(pages):
        spread.paste(picture, (12 + i * (picture.width + 12), 12))
    spread.quantize(colors=64).save(GUIDE_IMG / "ranking-pdf.png", optimize=True)  # < 300 KB in git

    xlsx = page.request.get(f"{export_url}.xlsx")
    assert xlsx.ok
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.body()), read_only=True)["汇总排名"]
    page.goto("about:blank")  # the app's CSP would refuse the rendering's own <style>
    page.set_content(sheet_html(sheet))
    guide_shot(page, "xlsx-summary")


def sheet_html(sheet, rows=30):
    """The sheet's cells as a plain table: a rendering of the values, not Excel's own look."""
    def cell(c, header):
        tag, value = ("th" if header else "td"), c.value
        # Numbers as Excel shows them: to the decimals of the cell's format (20 → 20.00).
        places = len(c.number_format.partition(".")[2]) if "." in (c.number_format or "") else None
        if isinstance(value, int | float) and not isinstance(value, bool) and places is not None:
            value = f"{value:.{places}f}"
        return f"<{tag}>{html.escape('' if value is None else str(value))}</{tag}>"

    cells_of = [list(r) for r in sheet.iter_rows(max_row=rows)]
    values = [[c.value for c in r] for r in cells_of]
    width = max(len(v) for v in values)

    def row(r: int, cells: list) -> str:
        if values[r][0] is not None and all(v is None for v in values[r][1:]):
            # A title row (merged across the sheet in Excel) spans the table here too.
            return f"<tr><th colspan='{width}' class='title'>{html.escape(str(values[r][0]))}</th></tr>"
        return "<tr>" + "".join(cell(c, r <= 1) for c in cells) + "</tr>"

    body = "".join(row(r, cells) for r, cells in enumerate(cells_of))
    style = ("body{font:14px sans-serif;margin:16px}table{border-collapse:collapse}"
             "td,th{border:1px solid #bbb;padding:3px 8px;white-space:nowrap}th{background:#e8eef5}th.title{text-align:left}"
             "caption{text-align:left;padding:4px 0;color:#555}")
    return (f"<meta charset='utf-8'><style>{style}</style><table><caption>汇总排名"
            f"(XLSX 单元格内容的网页渲染,非 Excel 截图)</caption>{body}</table>")
