"""The organizer downloads blank forms; each, filled in, is read by its own reader."""

import io

import pytest
from openpyxl import load_workbook

from bipin.contests import services
from bipin.contests.demo import EXAMPLES
from bipin.contests.models import Membership, Role
from bipin.io.tables import read_table


def download(client, kind, slug="test-contest"):
    return client.get(f"/c/{slug}/setup/forms/{kind}.xlsx")


def filled(data: bytes, sheet: str, row: list) -> bytes:
    """The form with its prefilled rows replaced by ``row``: one valid row, as a clerk types it."""
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    ws.delete_rows(2, ws.max_row)
    ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def explained(data: bytes) -> str:
    return "\n".join(str(c) for r in load_workbook(io.BytesIO(data))["说明"].iter_rows(values_only=True)
                     for c in r if c)


def test_the_entrants_form_is_read_by_the_entrants_import(client_as, cast):
    response = download(client_as("organizer"), "entrants")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert "本活动的组别:整体推进县、市直部门" in explained(response.content)
    data = filled(response.content, "参评对象", ["西岭县", "整体推进县", "西岭", "A09", "", 9])
    assert services.import_entrants(cast.organizer, cast.contest, data, "e.xlsx").created == 1
    assert cast.contest.entrants.get(name="西岭县").code == "A09"


def test_the_people_form_lists_the_roles_in_chinese_and_is_read_back(client_as, cast):
    response = download(client_as("organizer"), "people")
    assert "可用的角色:组织者、评委组长、评委、核查员" in explained(response.content)
    data = filled(response.content, "人员与角色", ["newjudge", "新评委", "评委", "", "", ""])
    assert services.import_people(cast.organizer, cast.contest, data, "p.xlsx").created == 1
    assert Membership.objects.get(contest=cast.contest, user__username="newjudge").role == Role.JUDGE


def test_the_data_form_is_prefilled_and_read_by_the_data_import(client_as, cast):
    from bipin.results.services import import_observations

    services.upload_scheme(cast.organizer, cast.contest,
                           (EXAMPLES / "dabipin" / "scheme.yaml").read_bytes(), "scheme.yaml")
    response = download(client_as("organizer"), "data")
    rows = list(load_workbook(io.BytesIO(response.content))["数据"].iter_rows(values_only=True))
    assert rows[0][:3] == ("参评对象", "来源", "指标")
    assert ("南川县", "客观数据", "监测帮扶覆盖率") in {r[:3] for r in rows[1:]}
    assert "本方案的指标:" in explained(response.content)
    data = filled(response.content, "数据", ["南川县", "数据", "监测帮扶覆盖率", "", 99.5])
    batch = import_observations(cast.organizer, cast.contest, data, "d.xlsx")
    assert batch.row_count == 1


def test_the_scheme_form_uploads_as_a_valid_scheme_with_each_rule_in_words(client_as, cast):
    response = download(client_as("organizer"), "scheme")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["考核指标表", "说明", "设置"]
    assert "示例“示例覆盖率”:达到目标值100得满分,每低于目标0.1扣1分,扣完为止" in explained(response.content)
    version = services.upload_scheme(cast.organizer, cast.contest, response.content, "考核指标表.xlsx")
    assert version.is_valid, version.problems
    kinds = {leaf.rule.type for leaf in services_scheme(version).leaves()}
    assert kinds == {"scaled", "manual", "target_step", "all_or_nothing", "proportional", "bands",
                     "rank", "per_occurrence", "bonus", "deduction", "veto"}


def services_scheme(version):
    from bipin.judging.engine import scheme_of

    return scheme_of(version)


def test_each_forms_headers_are_the_readers_own(client_as, cast):
    for kind, sheet, columns in (("entrants", "参评对象", services.ENTRANT_COLUMNS),
                                 ("people", "人员与角色", services.PEOPLE_COLUMNS)):
        data = download(client_as("organizer"), kind).content
        problems = []
        read_table(data, columns, filename="f.xlsx", sheet=sheet, problems=problems, allow_empty=True)
        assert problems == []


@pytest.mark.parametrize("who, status", [("judge", 403), ("entrant", 403), ("bystander", 404),
                                         ("other_organizer", 404)])
def test_only_the_organizer_downloads_the_forms(client_as, cast, who, status):
    assert download(client_as(who), "people").status_code == status


def test_an_unknown_form_is_not_found(client_as, cast):
    assert download(client_as("organizer"), "secrets").status_code == 404
