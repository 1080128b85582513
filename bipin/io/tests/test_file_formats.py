"""Every format an office saves reads to the same values: .xlsx, .xls (WPS), .ods
(LibreOffice), CSV in UTF-8 with or without BOM, GBK and GB18030; the format is
told from the bytes, and a file Bipin cannot read is named and refused.

The fixtures in formats/ were written once by formats/make_fixtures.py. The
scheme scores 达标率 proportionally (10 × value / 100) and 整改率 by
target_step (10 − one point per point below 100), so by hand:
A01 9.85 + 7 = 16.85, A02 10 + 10 = 20, A03 8.7 + 5 = 13.7.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bipin.cli import main
from bipin.io.calamine_sheets import ods_extents, xls_extents
from bipin.io.formats import Format, UnreadableFile, sniff
from bipin.io.observations import read_entrants, read_observations
from bipin.io.problems import ImportFailed
from bipin.io.schemes import load_scheme
from bipin.io.sheets import Limits, decode_text, open_sheets

FILES = Path(__file__).parent / "formats"
OFFICE_FORMATS = ("xls", "ods")
ENTRANT_ROWS = [["参评对象", "名称", "组别", "备注"], ["A01", "示例甲县", "县", "首次参评"],
                ["A02", "示例乙县", "县", ""], ["A03", "示例丙县", "县", ""]]


def observed(path: Path):
    return [(o.entrant, o.source, o.item, o.value, o.ref.rsplit(":", 1)[1])
            for o in read_observations(path)]


def csv_text(rows) -> str:
    return "".join(",".join(row) + "\r\n" for row in rows)


class TestSameValuesInEveryFormat:
    @pytest.mark.parametrize("ext", OFFICE_FORMATS)
    def test_a_scheme_sheet_reads_as_the_xlsx_does(self, ext):
        reference = load_scheme(FILES / "scheme.xlsx")
        scheme = load_scheme(FILES / f"scheme.{ext}")
        assert scheme.contest == reference.contest == "示例三县考评(示例数据)"
        assert scheme.groups == reference.groups
        assert [(leaf.id, leaf.points, leaf.rule, leaf.department)
                for leaf in scheme.leaves()] == [
            (leaf.id, leaf.points, leaf.rule, leaf.department)
            for leaf in reference.leaves()]

    @pytest.mark.parametrize("ext", OFFICE_FORMATS)
    def test_an_entrant_list_reads_as_the_xlsx_does(self, ext):
        assert read_entrants(FILES / f"entrants.{ext}") == read_entrants(FILES / "entrants.xlsx")

    @pytest.mark.parametrize("ext", OFFICE_FORMATS)
    def test_a_data_file_reads_the_same_values_at_the_same_rows(self, ext):
        rows = observed(FILES / f"data.{ext}")
        assert rows == observed(FILES / "data.xlsx")
        assert rows[0] == ("A01", "data", "达标率", 98.5, "4")
        assert [r[3] for r in rows] == [98.5, 100.0, 87.0, 97.0, 100.0, 95.0]

    @pytest.mark.parametrize("ext", ["xlsx", *OFFICE_FORMATS])
    def test_a_file_read_by_its_bytes_whatever_its_name(self, ext):
        data = (FILES / f"entrants.{ext}").read_bytes()
        assert read_entrants(data, filename="名单.dat") == read_entrants(FILES / "entrants.xlsx")

    def test_whole_numbers_and_blanks_come_as_openpyxl_gives_them(self):
        limits = Limits()
        for ext in ("xlsx", *OFFICE_FORMATS):
            data = (FILES / f"data.{ext}").read_bytes()
            with open_sheets(data, f"data.{ext}", limits) as sheets:
                assert [s.name for s in sheets] == ["数据", "说明"]
                cells = dict(sheets[0].rows())
            assert cells[4][:4] == ["A01", "data", "达标率", 98.5]
            assert cells[5][3] == 100 and isinstance(cells[5][3], int)
            assert all(c is None for c in cells[5][4:])  # the empty 备注 cell


class TestCsvEncodings:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
    def test_an_entrant_list_reads_the_same_in_each_encoding(self, encoding):
        data = csv_text(ENTRANT_ROWS).encode(encoding)
        assert read_entrants(data, filename="名单.csv") == read_entrants(FILES / "entrants.xlsx")

    def test_gb18030_reads_characters_gbk_lacks(self):
        # 㙟 (U+365F) is in GB18030's four-byte range, not in GBK.
        data = csv_text([["参评对象", "名称", "组别"], ["A01", "示例㙟镇", "县"]]).encode("gb18030")
        with pytest.raises(UnicodeEncodeError):
            "㙟".encode("gbk")
        assert read_entrants(data, filename="e.csv")[0].name == "示例㙟镇"

    def test_gbk_text_is_never_taken_for_utf8(self):
        # "示例" in GBK is not valid UTF-8; read as GB18030 it is the same text.
        rows = read_observations("参评对象,来源,指标,分值\n示例甲县,data,达标率,98.5\n".encode("gbk"),
                                 filename="d.csv")
        assert (rows[0].entrant, rows[0].item, rows[0].value) == ("示例甲县", "达标率", 98.5)

    def test_a_file_in_neither_encoding_is_refused_at_the_row_of_its_first_bad_byte(self):
        data = "参评对象,名称,组别\nA01,示例甲县,县\n".encode() + b"A02,\xff\xfe\xfd,\xe5\n"
        with pytest.raises(ImportFailed) as exc:
            read_entrants(data, filename="e.csv")
        [problem] = exc.value.problems
        assert problem.row == 3
        assert "既不是 UTF-8 也不是 GBK/GB18030" in problem.message_zh and "0xFF" in problem.message_zh
        assert "row 3" in str(exc.value) and "CSV UTF-8" in problem.message_en


class TestFilesBipinCannotRead:
    @pytest.mark.parametrize(("data", "kind"), [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "JPEG"),
        (b"%PDF-1.7\n" + bytes(64), "PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
    ])
    def test_a_photo_or_pdf_renamed_xlsx_is_refused_with_its_name_and_the_formats(self, data, kind):
        with pytest.raises(UnreadableFile) as exc:
            read_entrants(data, filename="名单.xlsx")
        [problem] = exc.value.problems
        assert problem.file == "名单.xlsx"
        assert f"这是 {kind} 文件,不是表格" in problem.message_zh
        assert ".xls" in problem.message_zh and ".ods" in problem.message_zh and "GBK" in problem.message_zh
        assert f"it is a {kind} file" in problem.message_en

    def test_a_word_document_is_named_as_one(self):
        part = io.BytesIO()
        with zipfile.ZipFile(part, "w") as z:
            z.writestr("[Content_Types].xml", '<Types><Override ContentType="application/'
                       'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
            z.writestr("word/document.xml", "<w:document/>")
        with pytest.raises(UnreadableFile, match="word-processing document"):
            sniff(part.getvalue(), "数据.xlsx")

    def test_an_xlsb_is_refused_with_the_way_out(self):
        part = io.BytesIO()
        with zipfile.ZipFile(part, "w") as z:
            z.writestr("[Content_Types].xml", '<Types><Override ContentType="application/'
                       'vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
            z.writestr("xl/workbook.bin", b"\x83\x01")
        with pytest.raises(UnreadableFile, match="请另存为 .xlsx"):
            read_entrants(part.getvalue(), filename="名单.xlsb")

    def test_utf16_text_from_excel_unicode_text_is_refused_with_the_way_out(self):
        with pytest.raises(UnreadableFile, match="CSV UTF-8"):
            read_entrants("参评对象\t名称\n".encode("utf-16"), filename="e.txt")

    def test_csv_text_named_xlsx_is_read_as_the_csv_it_is(self):
        data = csv_text(ENTRANT_ROWS).encode("gbk")
        assert sniff(data, "e.xlsx") is Format.TEXT
        assert read_entrants(data, filename="e.xlsx") == read_entrants(FILES / "entrants.xlsx")

    def test_a_missing_file_is_named_as_missing(self, tmp_path):
        with pytest.raises(UnreadableFile) as exc:
            read_entrants(tmp_path / "名单.xls")
        assert str(exc.value).endswith("名单.xls:找不到文件 / " + str(tmp_path / "名单.xls") + ": no such file")

    def test_a_scheme_named_xlsx_that_is_text_is_refused_not_read_as_yaml(self):
        with pytest.raises(UnreadableFile, match="the name says .xlsx but the file is text"):
            load_scheme(b"not a workbook", filename="方案.xlsx")


class TestSheetsMeasuredBeforeCalamine:
    def test_the_xls_record_stream_gives_each_sheets_last_value(self):
        extents = xls_extents((FILES / "data.xls").read_bytes())
        assert [(e.rows, e.columns) for e in extents] == [(9, 5), (1, 1)]

    def test_an_ods_sheets_repeated_empty_tail_costs_nothing(self):
        # make_fixtures.py ends each sheet with 1 048 000 empty rows, as LibreOffice does.
        extents = ods_extents((FILES / "data.ods").read_bytes())
        assert [(e.rows, e.columns) for e in extents] == [(9, 5), (1, 1)]

    def test_a_5_kb_xls_with_one_far_value_is_refused_before_calamine_holds_it(self):
        data = (FILES / "far.xls").read_bytes()
        assert len(data) < 10_000
        with pytest.raises(ImportFailed, match="BIPIN_IMPORT_MAX_COLUMNS"):
            read_entrants(data, filename="far.xls")

    def test_an_ods_row_repeated_a_million_times_is_refused(self):
        content = (
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            '<office:spreadsheet><table:table table:name="S">'
            '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
            'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
            '</table:table></office:spreadsheet></office:body></office:document-content>')
        part = io.BytesIO()
        with zipfile.ZipFile(part, "w") as z:
            z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", content)
        with pytest.raises(ImportFailed, match="BIPIN_IMPORT_MAX_ROWS"):
            read_entrants(part.getvalue(), filename="big.ods")

    def test_a_sheet_larger_than_the_cell_limit_is_refused_naming_it(self, monkeypatch):
        monkeypatch.setenv("BIPIN_IMPORT_MAX_CELLS", "40")
        with pytest.raises(ImportFailed, match=r"spans 45 cells from A1 .* limit of 40 \(BIPIN_IMPORT_MAX_CELLS\)"):
            read_observations(FILES / "data.xls")


class TestCompute:
    def run(self, capsys, *args):
        code = main(["compute", *map(str, args), "--format", "json"])
        out = capsys.readouterr()
        return code, out.out, out.err

    @pytest.mark.parametrize("ext", ["xlsx", *OFFICE_FORMATS])
    def test_compute_scores_each_format_to_the_hand_computed_totals(self, capsys, ext):
        code, out, err = self.run(capsys, *(FILES / f"{n}.{ext}" for n in ("scheme", "entrants", "data")))
        assert code == 0, err
        totals = {r["entrant"]: r["total"] for g in json.loads(out)["groups"] for r in g["results"]}
        assert totals == {"A01": 16.85, "A02": 20.0, "A03": 13.7}

    def test_compute_mixes_formats_and_encodings(self, capsys, tmp_path):
        entrants = tmp_path / "名单.csv"
        entrants.write_bytes(csv_text(ENTRANT_ROWS).encode("gbk"))
        code, out, err = self.run(capsys, FILES / "scheme.ods", entrants, FILES / "data.xls")
        assert code == 0, err
        reference = self.run(capsys, FILES / "scheme.xlsx", FILES / "entrants.xlsx", FILES / "data.xlsx")[1]
        assert out == reference

    def test_a_missing_scheme_is_named_not_parsed_as_yaml(self, capsys, tmp_path):
        out_file = tmp_path / "out.json"
        code = main(["compute", str(tmp_path / "missing.xlsm"), str(FILES / "data.xls"),
                     "--out", str(out_file)])
        err = capsys.readouterr().err
        assert code == 2
        assert "missing.xlsm:找不到文件" in err and "missing.xlsm: no such file" in err
        assert "mapping" not in err and not out_file.exists()

    def test_a_renamed_jpeg_is_refused_and_nothing_is_written(self, capsys, tmp_path):
        photo = tmp_path / "data.xlsx"
        photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64))
        out_file = tmp_path / "out.json"
        code = main(["compute", str(FILES / "scheme.xls"), str(FILES / "entrants.xls"), str(photo),
                     "--out", str(out_file)])
        err = capsys.readouterr().err
        assert code == 2
        assert "data.xlsx:无法读取:这是 JPEG 文件,不是表格" in err and "Bipin reads Excel" in err
        assert not out_file.exists()


class TestDecodingProperties:
    """Decoding never changes a character in silence: UTF-8 always reads back exactly,
    GB18030 does whenever its bytes are not also UTF-8, and a refusal names the row."""

    cells = st.text(st.characters(codec="gb18030", exclude_characters="\r\x00"), max_size=40)

    @given(cells, st.booleans())
    def test_utf8_with_or_without_bom_reads_back_exactly(self, text, bom):
        data = text.encode("utf-8-sig" if bom else "utf-8")
        assert decode_text(data, "t.csv") == text

    @given(cells)
    def test_gb18030_reads_back_exactly_unless_its_bytes_are_utf8_too(self, text):
        data = text.encode("gb18030")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            assert decode_text(data, "t.csv") == text

    @given(st.lists(st.text(st.characters(codec="ascii", exclude_characters="\r\n\x00")),
                    min_size=1, max_size=6), st.integers(min_value=0, max_value=5))
    def test_a_byte_neither_encoding_reads_is_refused_at_its_row(self, lines, at):
        at = min(at, len(lines) - 1)
        lines[at] += "\udcff"  # stands for the stray byte 0xFF
        data = "\n".join(lines).encode("utf-8", "surrogateescape")
        with pytest.raises(ImportFailed) as exc:
            decode_text(data, "t.csv")
        assert exc.value.problems[0].row == at + 1
