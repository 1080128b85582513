import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from bipin.audit.models import Record
from bipin.io import ImportFailed
from bipin.results import services
from bipin.results.models import ImportBatch, ImportedObservation
from bipin.results.observations import collect
from bipin.results.tests.conftest import OBSERVATIONS_CSV, SCHEME, give_scheme

pytestmark = pytest.mark.django_db

HEADER = "参评对象,来源,指标,评委,分值\n"


def import_text(cast, text: str, filename: str = "bad.csv"):
    return services.import_observations(cast.organizer, cast.contest, text.encode(), filename)


def problems_of(cast, text: str) -> list[str]:
    with pytest.raises(ImportFailed) as exc:
        import_text(cast, text)
    assert not ImportedObservation.objects.exists()
    assert not ImportBatch.objects.exists()
    return [p.zh for p in exc.value.problems]


def test_a_valid_file_is_stored_as_one_audited_batch(cast, imported):
    assert imported.row_count == 9
    assert imported.rows.count() == 9
    assert len(imported.sha256) == 64
    assert imported.uploaded_by == cast.organizer
    assert Record.objects.filter(action="observations.import", target="data.csv").exists()


def test_entrants_are_matched_by_name_or_code(cast, imported):
    by_code = imported.rows.get(row_number=3)
    assert by_code.entrant == cast.entrants["北原县"]


def test_collect_returns_the_imported_rows_with_their_refs(cast, imported):
    found = collect(cast.contest)
    assert len(found) == 9
    first = found[0]
    assert first.entrant == str(cast.entrants["南川县"].pk)
    assert first.source == "data" and first.item == "饮水达标率" and first.value == 99.7
    assert first.ref == f"import:{imported.pk}:2"


def test_an_unknown_entrant_is_reported_at_its_row_and_column(cast, scheme):
    problems = problems_of(cast, HEADER + "南川县,data,饮水达标率,,99\n西山县,data,饮水达标率,,99\n")
    assert len(problems) == 1
    assert "第3行" in problems[0] and "A列" in problems[0] and "西山县" in problems[0]


def test_an_item_not_in_the_scheme_is_refused(cast, scheme):
    problems = problems_of(cast, HEADER + "南川县,data,不存在的指标,,99\n")
    assert "第2行" in problems[0] and "C列" in problems[0] and "不存在的指标" in problems[0]


def test_an_item_from_another_source_is_refused(cast, scheme):
    problems = problems_of(cast, HEADER + "南川县,supervision,饮水达标率,,1\n")
    assert "B列" in problems[0] and "客观数据" in problems[0]


def test_a_bad_value_is_reported_and_nothing_is_written(cast, scheme):
    problems = problems_of(cast, HEADER + "南川县,data,饮水达标率,,99\n北原县,data,饮水达标率,,九十\n")
    assert "第3行" in problems[0] and "E列" in problems[0] and "九十" in problems[0]


def test_an_unknown_source_is_refused(cast, scheme):
    problems = problems_of(cast, HEADER + "南川县,gossip,饮水达标率,,99\n")
    assert "B列" in problems[0] and "gossip" in problems[0]


def test_panel_marks_cannot_be_imported_because_judging_supplies_them(cast, scheme):
    problems = problems_of(cast, HEADER + "南川县,panel,内容,评委甲,5\n")
    assert "评审模块" in problems[0]


FINDINGS_HEADER = "参评对象,来源,指标,填报人,分值,类别,严重程度\n"


def test_a_finding_whose_severity_the_rule_does_not_price_is_refused_at_its_cell(cast):
    give_scheme(cast.contest, SCHEME.replace(
        b"per_occurrence(each=0.5, cap=10)",
        "per_occurrence(each=0.5, cap=10, severity={一般: 0.5, 严重: 2})".encode()))
    problems = problems_of(cast, FINDINGS_HEADER + "南川县,inspection,实地核查,核查组,,管网老化,严重\n"
                                 "南川县,inspection,实地核查,核查组,,水表损坏,特别严重\n"
                                 "北原县,inspection,实地核查,核查组,,水表损坏,\n")
    assert problems == [
        "bad.csv 第3行 G列:严重程度“特别严重”不在规则的扣分表中(可用:一般、严重)",
        "bad.csv 第4行 G列:缺少严重程度(规则按严重程度扣分,可用:一般、严重)",
    ]


def test_a_finding_the_scheme_charges_each_for_is_imported(cast):
    give_scheme(cast.contest, SCHEME.replace(
        b"per_occurrence(each=0.5, cap=10)",
        "per_occurrence(each=0.5, cap=10, severity={严重: 2}, unknown=each)".encode()))
    batch = import_text(cast, FINDINGS_HEADER + "南川县,inspection,实地核查,核查组,,管网老化,一般\n")
    assert batch.row_count == 1


def test_a_bonus_record_without_a_value_is_refused(cast, scheme):
    problems = problems_of(cast, FINDINGS_HEADER + "北原县,supervision,日常监督加分,督查室,,,\n")
    assert problems == ["bad.csv 第2行 E列:记录缺少分值(规则未给每项分值 each)"]


def test_a_factor_on_a_value_indicator_is_refused_at_its_cell(cast, scheme):
    problems = problems_of(cast, "参评对象,来源,指标,分值,系数\n南川县,data,饮水达标率,99,2\n")
    assert len(problems) == 1 and "第2行 E列" in problems[0] and "系数" in problems[0]


def test_every_problem_of_a_file_is_reported_at_once(cast, scheme):
    problems = problems_of(cast, HEADER + "西山县,data,饮水达标率,,99\n南川县,data,无此项,,99\n")
    assert len(problems) == 2


def test_a_contest_without_a_scheme_refuses_imports(cast):
    problems = problems_of(cast, OBSERVATIONS_CSV)
    assert "考评方案" in problems[0]


def test_an_xlsx_file_imports_too(cast, scheme):
    book = Workbook()
    ws = book.active
    ws.append(["参评对象", "来源", "指标", "分值"])
    ws.append(["教育局", "客观数据", "饮水达标率", 99.9])
    buf = io.BytesIO()
    book.save(buf)
    batch = services.import_observations(cast.organizer, cast.contest, buf.getvalue(), "数据.xlsx")
    assert batch.rows.get().value == 99.9


def test_a_withdrawn_batch_no_longer_feeds_the_engine(cast, imported):
    services.withdraw_batch(cast.organizer, imported, "数据来源有误")
    imported.refresh_from_db()
    assert imported.status == ImportBatch.Status.WITHDRAWN
    assert imported.withdrawn_by == cast.organizer
    assert collect(cast.contest) == []
    assert Record.objects.filter(action="observations.withdraw", reason="数据来源有误").exists()


def test_a_withdrawal_needs_a_reason(cast, imported):
    with pytest.raises(ValueError):
        services.withdraw_batch(cast.organizer, imported, "  ")


class TestImportPage:
    def url(self, cast):
        return reverse("results:imports", args=[cast.contest.slug])

    def test_the_organizer_uploads_a_file(self, cast, scheme, client_as):
        client = client_as("organizer")
        upload = io.BytesIO(OBSERVATIONS_CSV.encode())
        upload.name = "data.csv"
        response = client.post(self.url(cast), {"file": upload})
        assert response.status_code == 302
        assert ImportBatch.objects.get().row_count == 9
        page = client.get(self.url(cast)).content.decode()
        assert "data.csv" in page

    def test_a_bad_file_shows_located_problems(self, cast, scheme, client_as):
        upload = io.BytesIO((HEADER + "西山县,data,饮水达标率,,99\n").encode())
        upload.name = "bad.csv"
        response = client_as("organizer").post(self.url(cast), {"file": upload})
        assert response.status_code == 400
        assert "西山县" in response.content.decode()
        assert not ImportBatch.objects.exists()

    def test_a_judge_may_not_import(self, cast, scheme, client_as):
        assert client_as("judge").get(self.url(cast)).status_code == 403

    def test_another_contests_organizer_gets_not_found(self, cast, client_as):
        assert client_as("other_organizer").get(self.url(cast)).status_code == 404

    def test_an_entrant_viewer_may_not_import(self, cast, client_as):
        assert client_as("entrant").post(self.url(cast)).status_code == 403

    def test_withdraw_takes_only_post(self, cast, imported, client_as):
        url = reverse("results:withdraw", args=[cast.contest.slug, imported.pk])
        client = client_as("organizer")
        assert client.get(url).status_code == 405
        assert client.post(url, {"reason": "重复导入"}).status_code == 302
        imported.refresh_from_db()
        assert imported.status == ImportBatch.Status.WITHDRAWN

    def test_a_reviewer_may_not_withdraw(self, cast, imported, client_as):
        url = reverse("results:withdraw", args=[cast.contest.slug, imported.pk])
        assert client_as("reviewer").post(url, {"reason": "x"}).status_code == 403
        imported.refresh_from_db()
        assert imported.status == ImportBatch.Status.ACTIVE


class TestTemplate:
    def url(self, cast):
        return reverse("results:import_template", args=[cast.contest.slug])

    def test_the_template_lists_each_entrants_one_value_indicators(self, cast, scheme, client_as):
        response = client_as("organizer").get(self.url(cast))
        assert response.status_code == 200 and response["Content-Type"] == "text/csv"
        text = response.content.decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0].startswith("参评对象,来源,指标")
        assert "南川县,data,饮水达标率" in text and "教育局,department,部门评价" in text
        assert "实地核查" not in text  # findings are one row each, not one per entrant
        assert len(lines) == 1 + 3 * 2

    def test_a_filled_template_imports(self, cast, scheme, client_as):
        text = client_as("organizer").get(self.url(cast)).content.decode("utf-8-sig")
        filled = text.replace("饮水达标率,,", "饮水达标率,,99.5").replace("部门评价,,", "部门评价,,90")
        batch = services.import_observations(cast.organizer, cast.contest, filled.encode(), "filled.csv")
        assert batch.row_count == 6

    def test_names_that_look_like_formulas_are_written_inert(self, cast, scheme, client_as):
        from bipin.contests.services import add_entrant

        add_entrant(cast.organizer, cast.contest, group=cast.groups["整体推进县"], name="@SUM(A1)")
        text = client_as("organizer").get(self.url(cast)).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert ["'@SUM(A1)", "data", "饮水达标率"] in [r[:3] for r in rows]
        assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)

    def test_the_template_is_for_organizers(self, cast, scheme, client_as):
        assert client_as("reporter").get(self.url(cast)).status_code == 403
        assert client_as("other_organizer").get(self.url(cast)).status_code == 404
        assert client_as("organizer").post(self.url(cast)).status_code == 405


class TestReadingOfficialsFiles:
    def test_a_misspelt_value_header_is_refused_not_read_as_blanks(self, cast, scheme):
        (problem,) = problems_of(cast, "参评对象,来源,指标,评委,得分\n南川县,data,饮水达标率,,99\n")
        assert problem.startswith("bad.csv 第1行 E列:无法识别的列“得分”。可用的列:")

    def test_a_cell_error_does_not_hide_the_unknown_entrant_beside_it(self, cast, scheme):
        problems = problems_of(cast, HEADER + "西山县,data,饮水达标率,,九十\n")
        assert [p.split(":")[0] for p in problems] == ["bad.csv 第2行 E列(分值)", "bad.csv 第2行 A列"]

    def test_title_rows_above_the_header_are_skipped(self, cast, scheme):
        from bipin.testing.files import xlsx_bytes

        data = xlsx_bytes([["2026年度示例县考核数据表(示例数据)"], [], ["参评对象", "来源", "指标", "分值", "备注"],
                           ["南川县", "客观数据", "饮水达标率", 99.9, "已核实"]], sheet="数据")
        batch = services.import_observations(cast.organizer, cast.contest, data, "数据.xlsx")
        assert batch.rows.get().row_number == 4

    def test_a_header_only_file_is_refused(self, cast, scheme):
        assert problems_of(cast, HEADER) == ["bad.csv 第1行:只有表头,没有数据行"]

    def test_an_item_longer_than_stored_items_is_refused_at_its_cell(self, cast, scheme):
        problems = problems_of(cast, HEADER + "南川县,data," + "指" * 101 + ",,99\n")
        assert problems == ["bad.csv 第2行 C列(指标):内容过长:101个字符,最多100个"]

    def test_a_second_sheet_is_offered_and_read_when_chosen(self, cast, scheme, client_as):
        from openpyxl import Workbook

        book = Workbook()
        book.active.title = "一季度"
        book.active.append(["参评对象", "来源", "指标", "分值"])
        book.active.append(["南川县", "data", "饮水达标率", 98])
        ws = book.create_sheet("二季度")
        ws.append(["参评对象", "来源", "指标", "分值"])
        ws.append(["北原县", "data", "饮水达标率", 99])
        buf = io.BytesIO()
        book.save(buf)
        client = client_as("organizer")
        url = reverse("results:imports", args=[cast.contest.slug])

        def post(**fields):
            upload = io.BytesIO(buf.getvalue())
            upload.name = "季度.xlsx"
            return client.post(url, {"file": upload, **fields})

        response = post()
        assert response.status_code == 400
        assert "<option>一季度</option><option>二季度</option>" in response.content.decode()
        assert post(sheet="二季度").status_code == 302
        assert ImportBatch.objects.get().rows.get().entrant == cast.entrants["北原县"]

    def test_a_five_megabyte_bad_file_gives_a_bounded_page(self, cast, scheme, client_as):
        text = HEADER + "".join(f"南川县,data,饮水达标率,,不是数字{i:07d}{'x' * 40}\n" for i in range(80_000))
        assert len(text.encode()) > 5_000_000
        upload = io.BytesIO(text.encode())
        upload.name = "big.csv"
        response = client_as("organizer").post(reverse("results:imports", args=[cast.contest.slug]),
                                               {"file": upload}, follow=True)
        # A file this size is checked by a background job; its page lists the problems.
        assert response.redirect_chain[0][0].startswith(f"/c/{cast.contest.slug}/jobs/")
        page = response.content.decode()
        assert len(page) < 200_000
        assert page.count("<li>") <= 202 and "个问题未列出" in page
        assert not ImportBatch.objects.exists()


class TestValuesOutsideTheirRange:
    """The scheme's valid range of each leaf is checked before anything is stored."""

    def test_a_rating_above_its_scale_is_refused_at_its_cell(self, cast, scheme):
        problems = problems_of(cast, HEADER + "南川县,department,部门评价,教育局,88\n"
                                              "北原县,department,部门评价,教育局,120\n")
        assert len(problems) == 1
        assert problems[0].startswith("bad.csv 第3行 E列:“部门评价”的分值120超出有效范围[0, 100]")

    def test_a_rate_below_zero_and_a_negative_bonus_are_refused(self, cast, scheme):
        problems = problems_of(cast, HEADER + "南川县,data,饮水达标率,,-5\n"
                                              "北原县,supervision,日常监督加分,督查室,-1\n")
        assert ["第2行 E列" in problems[0], "第3行 E列" in problems[1]] == [True, True]
        assert "[0, 100]" in problems[0] and "≥ 0" in problems[1]

    @pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e308"])
    def test_a_value_no_engine_can_score_is_refused(self, cast, scheme, value):
        problems = problems_of(cast, HEADER + f"南川县,data,饮水达标率,,{value}\n")
        assert len(problems) == 1 and "第2行 E列" in problems[0]

    def test_a_factor_a_leaf_would_ignore_is_refused_at_its_cell(self, cast, scheme):
        text = "参评对象,来源,指标,分值,系数\n南川县,data,饮水达标率,99,2\n"
        problems = problems_of(cast, text)
        assert problems == [
            "bad.csv 第2行 E列:“饮水达标率”不使用系数(现为2):系数只用于评委打分和问题、加扣分记录"]

    def test_the_page_names_the_cell_and_stores_nothing(self, cast, scheme, client_as):
        upload = io.BytesIO((HEADER + "南川县,data,饮水达标率,,120\n").encode())
        upload.name = "rates.csv"
        response = client_as("organizer").post(reverse("results:imports", args=[cast.contest.slug]),
                                                {"file": upload})
        page = response.content.decode()
        assert response.status_code == 400
        assert "rates.csv 第2行 E列" in page and "超出有效范围[0, 100]" in page
        assert not ImportBatch.objects.exists() and not ImportedObservation.objects.exists()


def test_a_denominator_the_scheme_declares_as_an_input_is_imported(cast):
    give_scheme(cast.contest, "inputs: [常住人口]\n".encode() + SCHEME)
    batch = import_text(cast, HEADER + "南川县,data,常住人口,,52000\n")
    assert batch.row_count == 1
    assert [o.item for o in collect(cast.contest)] == ["常住人口"]


def test_rows_of_an_earlier_period_are_kept_with_their_period(cast):
    give_scheme(cast.contest, b"period: 2026\n" + SCHEME)
    text = "参评对象,来源,指标,评委,分值,期间\n南川县,data,饮水达标率,,99,2026\n南川县,data,饮水达标率,,95,2025\n"
    batch = import_text(cast, text)
    assert batch.row_count == 2  # one value per period, not a repeat
    assert [(o.value, o.period) for o in collect(cast.contest)] == [(99.0, 2026), (95.0, 2025)]


def test_a_row_of_a_later_period_is_refused_in_words(cast):
    give_scheme(cast.contest, b"period: 2026\n" + SCHEME)
    problems = problems_of(cast, "参评对象,来源,指标,评委,分值,期间\n南川县,data,饮水达标率,,99,2027\n")
    assert problems == ["bad.csv 第2行 F列:期间2027晚于本期2026,不能计分"]


def test_a_period_under_a_scheme_without_one_is_refused_in_words(cast, scheme):
    problems = problems_of(cast, "参评对象,来源,指标,评委,分值,期间\n南川县,data,饮水达标率,,99,2025\n")
    assert problems == ["bad.csv 第2行 F列:数据行有期间“2025”,但考评方案未声明本期(period)"]


def test_an_earlier_periods_row_fills_a_missing_value_in_the_snapshot(cast, live):
    from bipin.results.engine import observation_dict
    from bipin.results.presenters import report_of

    leaf = 'rule: "target_step(target=100, step=0.1, deduct=1)"}'
    give_scheme(cast.contest, b"period: 2026\n" + SCHEME.replace(
        leaf.encode(), leaf[:-1].encode() + b", missing: {impute: previous}}"))
    import_text(cast, "参评对象,来源,指标,评委,分值,期间\n南川县,data,饮水达标率,,99.7,\n"
                      "教育局,data,饮水达标率,,98,2026\n北原县,data,饮水达标率,,99.8,2025\n")
    snap, _ = services.compute_snapshot(cast.organizer, cast.contest)
    row = report_of(snap).find(str(cast.entrants["北原县"].pk))[1]
    water = next(c for d in row.explanation["children"] for c in d["children"] if c["id"] == "饮水达标率")
    # 2025's 99.8 read by today's rule: 0.2 short, 2 steps of 0.1, 10 − 2 = 8.
    assert (water["points"], water["imputed"]) == (8.0, {"stat": "previous", "period": 2025, "value": 8.0})
    # A row without a period hashes as before periods existed.
    assert "period" not in observation_dict(collect(cast.contest)[0])
