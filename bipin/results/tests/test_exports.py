"""The workbook and the PDF, from the web and from ``bipin compute``."""

import io
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bipin.io.report_data import read_report
from bipin.io.xlsx_report import workbook_bytes

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "dabipin"


def sheet_rows(ws):
    """The header and the rows under it; the summary sheet has a title row above its header."""
    rows = list(ws.iter_rows(values_only=True))
    top = 1 if ws.title == "汇总排名" else 0
    return rows[top], rows[top + 1:]


def test_the_workbook_round_trips_every_figure(cast, snapshot):
    data = workbook_bytes(snapshot.evaluation, snapshot.inputs["observations"],
                          snapshot.inputs["entrants"], title="测试大比拼", snapshot=str(snapshot))
    book = load_workbook(io.BytesIO(data))
    report = read_report(snapshot.evaluation, snapshot.inputs["entrants"])
    header, rows = sheet_rows(book["汇总排名"])
    assert header[:8] == ("组别", "名次", "参评单位", "编号", "总分", "等次", "奖项", "一票否决")
    expected = [(g.name, r.rank, r.name, r.code, r.total, r.grade, *[r.dimensions[d] for d in g.dimensions])
                for g in report.groups for r in g.rows]
    got = [(row[0], row[1], row[2], row[3], row[4], row[5], *row[8:]) for row in rows]
    assert got == expected
    for g in report.groups:
        for d in g.dimensions:
            dim_header, dim_rows = sheet_rows(book[d])
            by_name = {row[2]: row for row in dim_rows}
            for r in g.rows:
                assert by_name[r.name][3] == r.dimensions[d]
                dim = next(c for c in r.explanation["children"] if c["name"] == d)
                for leaf in dim["children"]:
                    cell = by_name[r.name][dim_header.index(leaf["name"])]
                    if leaf["rule"]["type"] == "veto":  # said as the summary says it, not as 0 points
                        assert cell == ("是" if r.vetoed else None)
                    else:
                        assert cell == leaf["points"]
    _, data_rows = sheet_rows(book["全部数据"])
    assert len(data_rows) == len(snapshot.inputs["observations"])
    assert sorted(row[5] for row in data_rows if row[5] is not None) == sorted(
        o["value"] for o in snapshot.inputs["observations"] if o["value"] is not None)
    _, marks = sheet_rows(book["评委打分"])
    assert len(marks) == sum(o["source"] == "panel" for o in snapshot.inputs["observations"])
    assert {m[6] for m in marks} == {"计入", "去掉"}


def test_the_workbook_is_readable_and_formatted(cast, snapshot):
    book = load_workbook(io.BytesIO(workbook_bytes(snapshot.evaluation, snapshot.inputs["observations"],
                                                   snapshot.inputs["entrants"], snapshot=str(snapshot))))
    assert book.sheetnames[:2] == ["说明", "汇总排名"]
    assert {"评委打分", "全部数据", "得分明细", "责任落实"} <= set(book.sheetnames)
    ws = book["汇总排名"]
    assert ws.freeze_panes == "A3"
    assert ws["E3"].number_format == "0.00"
    assert str(snapshot) in [c.value for c in book["说明"]["B"]]


LINK = '=HYPERLINK("http://evil.example/","点此领奖")'


@pytest.fixture
def formula_entrant(cast):
    """An entrant whose name a spreadsheet would run, added before the snapshot."""
    from bipin.contests.services import add_entrant

    return add_entrant(cast.organizer, cast.contest, group=cast.groups["整体推进县"], name=LINK,
                       code="+1")


def test_a_name_that_looks_like_a_formula_downloads_as_text(formula_entrant, snapshot, cast,
                                                           client_as):
    response = client_as("organizer").get(reverse("results:export", args=[cast.contest.slug, "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert [(c.parent.title, c.coordinate) for c in cells if c.data_type == "f"] == []
    ranking = {row[2].value: row for row in book["汇总排名"].iter_rows(min_row=3)}
    assert [(c.value, c.data_type) for c in ranking[LINK][2:4]] == [(LINK, "s"), ("+1", "s")]
    pdf = client_as("organizer").get(reverse("results:export", args=[cast.contest.slug, "pdf"]))
    assert pdf.status_code == 200


def test_the_organizer_downloads_the_workbook(cast, snapshot, client_as):
    response = client_as("organizer").get(reverse("results:export", args=[cast.contest.slug, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"{snapshot.short_hash}.xlsx" in response["Content-Disposition"]
    load_workbook(io.BytesIO(response.content))


def test_the_pdf_carries_the_chinese_names_and_the_snapshot(cast, snapshot, client_as):
    response = client_as("organizer").get(reverse("results:export", args=[cast.contest.slug, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for name in ("南川县", "北原县", "教育局", "成绩单", "整体推进县"):
        assert name in text
    assert snapshot.short_hash in text
    assert len(reader.pages) == 2 + 3  # cover, ranking, one page per entrant


def test_the_pdf_embeds_its_font(cast, snapshot, client_as):
    data = client_as("organizer").get(reverse("results:export", args=[cast.contest.slug, "pdf"])).content
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                   if "/DescendantFonts" in f.get_object() else f.get_object().get("/FontDescriptor")
                   for f in fonts.values()]
    assert any(d is not None and "/FontFile2" in d.get_object() for d in descriptors)


def test_an_unknown_export_format_is_not_found(cast, snapshot, client_as):
    assert client_as("organizer").get(
        reverse("results:export", args=[cast.contest.slug, "docx"])).status_code == 404


def test_export_takes_only_get(cast, snapshot, client_as):
    assert client_as("organizer").post(
        reverse("results:export", args=[cast.contest.slug, "xlsx"])).status_code == 405


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_bipin_compute_writes_the_same_reports(tmp_path, fmt):
    out = tmp_path / f"result.{fmt}"
    files = sorted(str(p) for p in EXAMPLE.glob("*.csv"))
    done = subprocess.run([sys.executable, "-m", "bipin", "compute", str(EXAMPLE / "scheme.yaml"), *files,
                           "--format", fmt, "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    if fmt == "xlsx":
        book = load_workbook(out)
        text = "\n".join(str(row[2]) for row in book["汇总排名"].iter_rows(min_row=3, values_only=True))
    else:
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "示例一县" in text
